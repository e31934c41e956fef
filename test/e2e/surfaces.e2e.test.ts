// TUI surfaces against the real opencode in tmux: an extension's panel from /switchboard, the breaker toast,
// and /extensions resetting a breaker in the server half. No TUI command may cost a model request.
import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { Database } from "bun:sqlite"
import fs from "node:fs"
import path from "node:path"
import { type E2EEnv } from "./harness/env.ts"
import type { MockLLM } from "./harness/mock-llm.ts"
import type { Tui } from "./harness/tmux.ts"
import { startTuiWorld, stopTuiWorld } from "./harness/world.ts"

let mock: MockLLM
let e: E2EEnv
let tui: Tui

beforeAll(async () => {
  ;({ mock, e, tui } = await startTuiWorld("surfaces", (e) => {
    const dir = path.join(e.project, ".opencode", "switchboard", "extensions")
    fs.mkdirSync(dir, { recursive: true })
    fs.copyFileSync(path.join(import.meta.dir, "fixtures", "surfaces", "flaky.ts"), path.join(dir, "flaky.ts"))
  }))
}, 180_000)

afterAll(() => stopTuiWorld({ mock, e, tui }))

type Summary = { name: string; breaker?: string; calls?: number; errors?: number }
function flaky(): Summary | undefined {
  const db = new Database(e.storePath, { readonly: true })
  try {
    const row = db.query("SELECT status_json FROM halves WHERE half = 'server'").get() as { status_json: string } | null
    return (JSON.parse(row?.status_json ?? "{}").extensions as Summary[] | undefined)?.find((x) => x.name === "flaky")
  } finally {
    db.close()
  }
}

async function until<T>(read: () => T, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms
  let value = read()
  while (!ok(value) && Date.now() < deadline) {
    await Bun.sleep(200)
    value = read()
  }
  return value
}

async function turn(text: string) {
  tui.type(text)
  tui.key("Enter")
  await tui.waitFor(`MOCK_REPLY: ${text}`, 30_000)
}

describe("TUI surfaces", () => {
  test("/switchboard lists the fixture's panel; choosing it shows the panel's data, with no model request", async () => {
    const before = mock.requests.length
    await tui.slash("/switchboard")
    await tui.waitFor("flaky: Flaky status", 15_000)
    tui.type("Flaky status")
    await Bun.sleep(500)
    tui.key("Enter")
    const screen = await tui.waitFor("FLAKY_PANEL_ITEM", 15_000)
    expect(screen).toContain("preMessage ran 0 times")
    tui.key("Escape")
    await tui.waitGone("FLAKY_PANEL_ITEM")
    expect(mock.requests.length).toBe(before)
  }, 60_000)

  test("the breaker opens after two failing turns, and a toast says so", async () => {
    await turn("first")
    await turn("second")
    await tui.waitFor("breaker opened", 15_000)
    expect((await until(flaky, (f) => f?.breaker === "open"))?.breaker).toBe("open")
  }, 90_000)

  test("/extensions shows it needs attention; 'Reset breaker' closes it in the server half, with no model request", async () => {
    const before = mock.requests.length
    await tui.slash("/extensions")
    const list = await tui.waitFor("Needs attention", 15_000)
    expect(list).toMatch(/flaky\s+active · breaker open/)
    tui.type("flaky")
    await Bun.sleep(400)
    tui.key("Enter")
    const detail = await tui.waitFor("Extension flaky", 15_000)
    expect(detail).toContain("FLAKY_BOOM")
    tui.type("Reset breaker")
    await Bun.sleep(400)
    tui.key("Enter")
    expect((await until(flaky, (f) => f?.breaker === "closed", 20_000))?.breaker).toBe("closed")
    // The detail view comes back with the new state (the toast may come and go before a capture sees it).
    const after = await tui.waitFor("reset by the user", 15_000)
    expect(after).toContain("Extension flaky")
    expect(mock.requests.length).toBe(before)
    tui.key("Escape")
    await tui.waitGone("Extension flaky")
  }, 60_000)

  test("on the next turn the server half calls the extension again (its breaker really is closed)", async () => {
    const callsBefore = flaky()?.calls ?? 0
    await turn("third")
    const after = await until(flaky, (f) => (f?.calls ?? 0) > callsBefore)
    expect(after?.calls ?? 0).toBeGreaterThan(callsBefore)
  }, 60_000)
})
