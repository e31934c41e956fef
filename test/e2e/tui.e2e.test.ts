// The TUI half, loaded from opencode's npm cache (inside node_modules), driven in tmux.
import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { Database } from "bun:sqlite"
import fs from "node:fs"
import path from "node:path"
import { allLogs, type E2EEnv } from "./harness/env.ts"
import type { MockLLM } from "./harness/mock-llm.ts"
import type { Tui } from "./harness/tmux.ts"
import { startTuiWorld, stopTuiWorld } from "./harness/world.ts"

const VERSION = JSON.parse(fs.readFileSync(path.resolve(import.meta.dir, "../../package.json"), "utf8")).version

let mock: MockLLM
let e: E2EEnv
let tui: Tui
let home = ""

beforeAll(async () => {
  ;({ mock, e, tui, home } = await startTuiWorld("tui"))
}, 180_000)

afterAll(() => stopTuiWorld({ mock, e, tui }))

describe("TUI half from the npm cache", () => {
  test("the TUI starts past 'Loading plugins' to the home screen", () => {
    expect(home).toContain("Ask anything")
  })

  test("/switchboard is offered in the slash autocomplete", async () => {
    tui.type("/switchb")
    const screen = await tui.waitFor("Switchboard status", 10_000)
    expect(screen).toContain("/switchboard")
    for (let i = 0; i < "/switchb".length; i++) tui.key("BSpace")
    await tui.waitFor("Ask anything", 5000)
  })

  test("/switchboard opens the status dialog with real status and makes no model request", async () => {
    const before = mock.requests.length
    await tui.slash("/switchboard")
    const screen = await tui.waitFor(`opencode-switchboard ${VERSION}`, 15_000)
    expect(screen).toContain(`Store ${e.storePath}`)
    expect(screen).toMatch(/Store health\s+[\d.]+ (B|KiB|MiB), schema v\d+/)
    expect(screen).toContain("Server half")
    expect(screen).toMatch(/TUI half\s+loaded \(this TUI/)
    // The built-ins are listed (the first of them, alphabetically, is on screen).
    expect(screen).toMatch(/agent\s+active/)
    await Bun.sleep(500)
    expect(mock.requests.length).toBe(before)
  }, 30_000)

  test("Esc closes the dialog", async () => {
    tui.key("Escape")
    const screen = await tui.waitGone("Server half")
    expect(screen).toContain("Ask anything")
  })

  test("the TUI half recorded its presence in the store, in the background", async () => {
    type Row = { pid: number; directory: string }
    const read = (): Row | null => {
      if (!fs.existsSync(e.storePath)) return null
      const db = new Database(e.storePath, { readonly: true })
      const found = db.query("SELECT pid, directory FROM halves WHERE half = 'tui'").get() as Row | null
      db.close()
      return found
    }
    const deadline = Date.now() + 10_000
    let row = read()
    while (!row && Date.now() < deadline) {
      await Bun.sleep(200)
      row = read()
    }
    expect(row?.pid).toBe(tui.pid() ?? -1)
    expect(fs.realpathSync(row?.directory ?? "")).toBe(fs.realpathSync(e.project))
  })

  test("no model request was made by any TUI command, and no plugin failed to load", () => {
    expect(mock.requests.length).toBe(0)
    expect(allLogs(e).split("\n").filter((l) => /failed to (load|initialize) (tui )?plugin/i.test(l))).toEqual([])
  })
})

describe("/tracked", () => {
  test("after a turn, /tracked lists this pane's session; choosing it switches the TUI to it with no model request", async () => {
    tui.type("hello tui")
    tui.key("Enter")
    await tui.waitFor("MOCK_REPLY: hello tui", 30_000)
    await tui.slash("/new")
    await tui.waitGone("MOCK_REPLY: hello tui", 10_000)
    await Bun.sleep(500)
    const before = mock.requests.length
    await tui.slash("/tracked")
    const screen = await tui.waitFor("This pane (", 15_000)
    expect(screen).toContain("Tracked sessions")
    expect(screen).toMatch(/● /)
    tui.key("Enter")
    await tui.waitFor("MOCK_REPLY: hello tui", 15_000)
    await Bun.sleep(500)
    expect(mock.requests.length).toBe(before)
  }, 90_000)
})
