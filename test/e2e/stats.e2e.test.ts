// /stats drawn by the TUI half loaded from opencode's npm cache, after two real turns against the mock: the token
// total on screen is the store's, the store's is the mock's reported usage, and opening it asks the model nothing.
import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { Database } from "bun:sqlite"
import fs from "node:fs"
import path from "node:path"
import { allLogs, type E2EEnv } from "./harness/env.ts"
import type { MockLLM } from "./harness/mock-llm.ts"
import type { Tui } from "./harness/tmux.ts"
import { startTuiWorld, stopTuiWorld } from "./harness/world.ts"

// Every mock reply reports prompt_tokens 11 and completion_tokens 7.
const TOKENS_PER_REPLY = 18

let mock: MockLLM
let e: E2EEnv
let tui: Tui

interface Stored {
  replies: number
  tokens: number
  perReply: number[]
}

function stored(): Stored {
  const db = new Database(e.storePath, { readonly: true })
  try {
    const rows = db
      .query(
        `SELECT tokens_input + tokens_output + tokens_reasoning + tokens_cache_read + tokens_cache_write AS tokens
         FROM messages WHERE role = 'assistant' ORDER BY created_at`,
      )
      .all() as { tokens: number }[]
    const sum = "tokens_input + tokens_output + tokens_reasoning + tokens_cache_read + tokens_cache_write"
    const all = db.query(`SELECT COALESCE(SUM(${sum}), 0) AS tokens FROM messages`).get() as { tokens: number }
    return { replies: rows.length, tokens: all.tokens, perReply: rows.map((r) => r.tokens) }
  } finally {
    db.close()
  }
}

async function turn(text: string) {
  tui.type(text)
  tui.key("Enter")
  await tui.waitFor(`MOCK_REPLY: ${text}`, 30_000)
}

beforeAll(async () => {
  ;({ mock, e, tui } = await startTuiWorld("stats"))
}, 180_000)

afterAll(() => stopTuiWorld({ mock, e, tui }))

describe("/stats", () => {
  test("after two turns it shows the store's token total, the mock's usage, with no model request", async () => {
    await turn("hello")
    await turn("again")
    // The server half writes in batches: wait until both replies carry their usage.
    const deadline = Date.now() + 20_000
    let s = stored()
    while (Date.now() < deadline && !(s.replies >= 2 && s.perReply.every((t) => t > 0))) {
      await Bun.sleep(250)
      s = stored()
    }
    expect(s.replies).toBe(2)
    expect(s.perReply).toEqual([TOKENS_PER_REPLY, TOKENS_PER_REPLY])
    expect(s.tokens).toBe(2 * TOKENS_PER_REPLY)

    const before = mock.requests.length
    await tui.slash("/stats")
    const screen = await tui.waitFor("Switchboard stats", 15_000)
    fs.writeFileSync(path.join(e.logs, "stats-screen.txt"), screen)
    expect(screen).toContain(`${s.tokens.toLocaleString("en-US")} tokens`)
    expect(screen).toContain("2 replies")
    expect(screen).toContain("Tokens per day")
    // In a session route: this session's replies as a sparkline, one block each.
    expect(screen).toMatch(new RegExp(`[▁▂▃▄▅▆▇█]{2} {2}2 replies · ${2 * TOKENS_PER_REPLY} tokens`))
    await Bun.sleep(1000)
    expect(mock.requests.length).toBe(before)
    tui.key("Escape")
    await tui.waitGone("Switchboard stats", 10_000)
  }, 120_000)

  test("no plugin failed to load", () => {
    expect(allLogs(e).split("\n").filter((l) => /failed to (load|initialize) (tui )?plugin/i.test(l))).toEqual([])
  })
})
