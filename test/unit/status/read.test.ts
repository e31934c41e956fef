import { describe, expect, test } from "bun:test"
import path from "node:path"
import { openStore } from "../../../src/store/open.ts"
import { writeHalf } from "../../../src/store/halves.ts"
import { readStatus } from "../../../src/status/read.ts"
import { formatStatus } from "../../../src/status/report.ts"
import { VERSION } from "../../../src/version.ts"
import { SCHEMA_VERSION } from "../../../src/store/migrations.ts"
import { tempDir } from "../helpers/tmp.ts"

const root = tempDir()

function storeWith(rows: Parameters<typeof writeHalf>[1][]): string {
  const file = path.join(root, `${Math.random().toString(36).slice(2)}.db`)
  const opened = openStore(file)
  if (!opened.ok) throw new Error(opened.error)
  for (const row of rows) writeHalf(opened.value.db, row)
  opened.value.db.close()
  return file
}

const base = { directory: "/proj", version: VERSION, startedAt: 1, heartbeatAt: 2 }

describe("readStatus", () => {
  test("a missing store is reported, not created", () => {
    const report = readStatus(path.join(root, "none.db"), "/proj")
    expect(report.store.ok).toBe(false)
    expect(report.store.error).toContain("no store at")
    expect(report.server.detail).toContain("store unavailable")
  })

  test("a live server half publishes its extensions; a dead one is not loaded", () => {
    const extensions = [{ name: "demo", state: "active", source: "file", calls: 3, errors: 1, p95Ms: 2.5 }]
    const file = storeWith([
      { ...base, half: "server", pid: 111, status: { extensions } },
      { ...base, half: "tui", pid: 222, status: {} },
    ])
    const report = readStatus(file, "/proj", { alive: (pid) => pid === 111 })
    expect(report.store.ok).toBe(true)
    expect(report.store.schemaVersion).toBe(SCHEMA_VERSION)
    expect(report.server.loaded).toBe(true)
    expect(report.extensions).toEqual([{ name: "demo", state: "active", source: "file", calls: 3, errors: 1, p95Ms: 2.5 }])
    expect(report.tui.loaded).toBe(false)
    expect(report.tui.detail).toContain("not running (last seen pid 222)")
  })

  test("published data that does not match the schema is ignored, not trusted", () => {
    const file = storeWith([{ ...base, half: "server", pid: 1, status: { extensions: [{ name: 5 }] } }])
    expect(readStatus(file, "/proj", { alive: () => true }).extensions).toEqual([])
  })

  test("rows of other projects are not shown", () => {
    const file = storeWith([{ ...base, directory: "/other", half: "server", pid: 1, status: {} }])
    expect(readStatus(file, "/proj", { alive: () => true }).server.loaded).toBe(false)
  })

  test("the asking half reports itself from memory", () => {
    const file = storeWith([])
    const report = readStatus(file, "/proj", { self: { half: "tui", status: { loaded: true, detail: "loaded (this TUI)" } } })
    expect(report.tui.detail).toBe("loaded (this TUI)")
  })
})

describe("formatStatus", () => {
  test("says 'none yet' when there are no extensions, and lists each one otherwise", () => {
    const file = storeWith([])
    const empty = formatStatus(readStatus(file, "/proj"))
    expect(empty).toContain(`opencode-switchboard ${VERSION}`)
    expect(empty).toContain("extensions: none yet")
    const report = readStatus(file, "/proj")
    report.extensions = [{ name: "bad", state: "failed", source: "file", reason: "init timed out after 5000 ms", breaker: "open" }]
    expect(formatStatus(report)).toContain("  - bad [file]: failed · breaker open · init timed out after 5000 ms")
  })
})
