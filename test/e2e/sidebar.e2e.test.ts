// The sidebar section, drawn by the TUI half loaded from opencode's npm cache, after one real turn against the mock.
import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { Database } from "bun:sqlite"
import fs from "node:fs"
import path from "node:path"
import { compactNumber } from "../../src/status/sidebar.ts"
import { allLogs, type E2EEnv } from "./harness/env.ts"
import type { MockLLM } from "./harness/mock-llm.ts"
import type { Tui } from "./harness/tmux.ts"
import { startTuiWorld, stopTuiWorld } from "./harness/world.ts"

// opencode draws its sidebar 42 columns wide on the right when the terminal is wider than 120 (tmux here is 160).
const SIDEBAR_COLUMNS = 42
const SPARK = /[▁▂▃▄▅▆▇█]/

let mock: MockLLM
let e: E2EEnv
let tui: Tui

/** The right-hand sidebar column of the screen, one trimmed line per row. */
function sidebarOf(screen: string): string[] {
  return screen.split("\n").map((line) => [...line].slice(-SIDEBAR_COLUMNS).join("").trimEnd())
}

/** The rows from the "Switchboard" title down to the next blank row: this section and nothing else. */
function section(screen: string): string[] {
  const rows = sidebarOf(screen)
  const start = rows.findIndex((r) => r.trim() === "Switchboard")
  if (start < 0) return []
  const end = rows.findIndex((r, i) => i > start && r.trim() === "")
  return rows.slice(start, end < 0 ? undefined : end).map((r) => r.trim())
}

function storedSessionTokens(): { session: string; tokens: number; replies: number } {
  const db = new Database(e.storePath, { readonly: true })
  try {
    const row = db
      .query(
        `SELECT session_id AS session, COUNT(*) AS replies,
           SUM(tokens_input + tokens_output + tokens_reasoning + tokens_cache_read + tokens_cache_write) AS tokens
         FROM messages WHERE role = 'assistant' GROUP BY session_id`,
      )
      .all() as { session: string; tokens: number; replies: number }[]
    if (row.length !== 1) throw new Error(`expected one session with replies, found ${row.length}`)
    return row[0]!
  } finally {
    db.close()
  }
}

beforeAll(async () => {
  ;({ mock, e, tui } = await startTuiWorld("sidebar"))
}, 180_000)

afterAll(() => stopTuiWorld({ mock, e, tui }))

describe("sidebar section", () => {
  test("after one turn the session sidebar shows health, the stored token total and a sparkline", async () => {
    tui.type("hello")
    tui.key("Enter")
    await tui.waitFor("MOCK_REPLY: hello", 30_000)
    // The server half writes the store in batches and the sidebar reads it every 2 s: wait for the numbers.
    const screen = await tui.waitFor(/tokens [1-9][\d.]*k? · \$/, 20_000)
    fs.writeFileSync(path.join(e.logs, "sidebar-screen.txt"), screen)
    const rows = section(screen)
    expect(rows[0]).toBe("Switchboard")
    // The six built-ins.
    expect(rows).toContain("extensions 6/6 healthy")

    const stored = storedSessionTokens()
    expect(stored.tokens).toBeGreaterThan(0)
    // The sidebar number is the store's number for this session, in the sidebar's compact format.
    expect(rows).toContain(`tokens ${compactNumber(stored.tokens)} · $0.00`)
    const spark = rows.find((r) => SPARK.test(r))
    expect(spark).toBeDefined()
    // One block per reply, as many as the store holds (at most 20).
    expect([...spark!.split(" ")[0]!].length).toBe(Math.min(stored.replies, 20))
    // Nothing of the section spills over the sidebar's width or wraps onto extra rows.
    expect(rows.length).toBeLessThanOrEqual(6)
  }, 90_000)

  test("a second turn moves the numbers without a restart (live refresh)", async () => {
    const before = storedSessionTokens().tokens
    tui.type("again")
    tui.key("Enter")
    await tui.waitFor("MOCK_REPLY: again", 30_000)
    const deadline = Date.now() + 20_000
    let stored = storedSessionTokens()
    let rows: string[] = []
    while (Date.now() < deadline) {
      stored = storedSessionTokens()
      rows = section(tui.screen())
      if (stored.tokens > before && rows.includes(`tokens ${compactNumber(stored.tokens)} · $0.00`)) break
      await Bun.sleep(250)
    }
    expect(stored.tokens).toBeGreaterThan(before)
    expect(rows).toContain(`tokens ${compactNumber(stored.tokens)} · $0.00`)
    const spark = rows.find((r) => SPARK.test(r))!
    expect([...spark.split(" ")[0]!].length).toBe(Math.min(stored.replies, 20))
  }, 60_000)

  test("no plugin failed to load", () => {
    expect(allLogs(e).split("\n").filter((l) => /failed to (load|initialize) (tui )?plugin/i.test(l))).toEqual([])
  })
})
