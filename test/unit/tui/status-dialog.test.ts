import { describe, expect, test } from "bun:test"
import path from "node:path"
import { currentReport, statusOptions } from "../../../tui/status-dialog.tsx"
import { openStore } from "../../../src/store/open.ts"
import { writeHalf } from "../../../src/store/halves.ts"
import { VERSION } from "../../../src/version.ts"
import { SCHEMA_VERSION } from "../../../src/store/migrations.ts"
import { fakeTuiApi } from "../helpers/fake-tui-api.ts"
import { tempDir } from "../helpers/tmp.ts"

const root = tempDir()

describe("/switchboard dialog data", () => {
  test("rows: version, store, store health, both halves, and 'none yet' for extensions", () => {
    const storePath = path.join(root, "s.db")
    const opened = openStore(storePath)
    if (!opened.ok) throw new Error(opened.error)
    writeHalf(opened.value.db, { half: "server", directory: "/proj", pid: process.pid, version: VERSION, startedAt: 1, heartbeatAt: 2, status: { extensions: [] } })
    opened.value.db.close()
    const { api } = fakeTuiApi("/proj", [["opencode-switchboard", { store: { path: storePath } }]])
    const options = statusOptions(currentReport(api))
    const byTitle = Object.fromEntries(options.map((o) => [o.title, o.description]))
    expect(byTitle.Version).toBe(`opencode-switchboard ${VERSION}`)
    expect(byTitle.Store).toBe(storePath)
    expect(byTitle["Store health"]).toMatch(new RegExp(`KiB, schema v${SCHEMA_VERSION}$`))
    expect(byTitle["Server half"]).toContain(`loaded (pid ${process.pid}`)
    expect(byTitle["TUI half"]).toContain("loaded (this TUI")
    expect(byTitle["none yet"]).toContain("no extensions")
  })

  test("an unreachable store is said plainly", () => {
    const { api } = fakeTuiApi("/proj", [["opencode-switchboard", { store: { path: path.join(root, "missing", "s.db") } }]])
    const byTitle = Object.fromEntries(statusOptions(currentReport(api)).map((o) => [o.title, o.description]))
    expect(byTitle["Store health"]).toContain("unavailable: no store at")
    expect(byTitle["Server half"]).toBe("unknown (store unavailable)")
  })

  test("extensions are listed with their state and metrics", () => {
    const report = currentReport(fakeTuiApi("/proj", [["opencode-switchboard", { store: { path: path.join(root, "none.db") } }]]).api)
    report.extensions = [{ name: "demo", state: "active", source: "file", calls: 4, p95Ms: 1.25 }]
    const row = statusOptions(report).find((o) => o.title === "demo")
    expect(row?.description).toBe("active · 4 calls · p95 1.3 ms")
    expect(row?.category).toBe("Extensions")
  })
})
