import { describe, expect, test } from "bun:test"
import path from "node:path"
import { captureEvent } from "../../../src/capture/map.ts"
import { openStore } from "../../../src/store/open.ts"
import { applyWrites } from "../../../src/store/writes.ts"
import { tempDir } from "../helpers/tmp.ts"

const scope = { project: "/proj", directory: "/proj", now: () => 1000 }
const SES = "ses_dffa1e4e3ffenUcd7T67OOzOT4"
const MSG = "msg_2005e1ece001Xw917v0zZqsFhk"

describe("captureEvent", () => {
  test("a finished assistant message: a message row with usage and one event", () => {
    const rows = captureEvent(scope, "message.updated", {
      info: {
        id: MSG,
        sessionID: SES,
        role: "assistant",
        providerID: "mock",
        modelID: "m",
        cost: 0.5,
        tokens: { input: 11, output: 7, reasoning: 0, cache: { read: 3, write: 0 } },
        time: { created: 1, completed: 2 },
      },
    })
    expect(rows.map((r) => r.kind)).toEqual(["message", "event"])
    expect(rows[0]).toMatchObject({ tokens: { input: 11, output: 7, cacheRead: 3 }, cost: 0.5, completedAt: 2 })
    expect(rows[1]).toMatchObject({ type: "message.completed", summary: "mock/m 18 tokens $0.5000" })
  })

  test("streaming noise is collapsed: deltas and running states make no events", () => {
    expect(captureEvent(scope, "message.part.delta", { sessionID: SES, delta: "x" })).toEqual([])
    const running = captureEvent(scope, "message.part.updated", {
      part: { type: "tool", callID: "c1", tool: "bash", sessionID: SES, state: { status: "running", input: { command: "ls" }, time: { start: 5 } } },
    })
    expect(running.map((r) => r.kind)).toEqual(["tool"])
    expect(captureEvent(scope, "message.part.updated", { part: { type: "text", text: "hi", sessionID: SES } })).toEqual([])
  })

  test("ids that do not match opencode's format are refused", () => {
    expect(captureEvent(scope, "session.created", { info: { id: "ses_x; rm -rf /" } })).toEqual([])
    expect(captureEvent(scope, "message.updated", { info: { id: "nope", sessionID: SES, role: "user" } })).toEqual([])
    expect(captureEvent(scope, "message.part.updated", { part: { type: "tool", callID: "a b", tool: "x", sessionID: SES, state: { status: "error" } } })).toEqual([])
  })

  test("oversized fields are cut on a character boundary and flagged", () => {
    const [row] = captureEvent(scope, "command.executed", { name: "x", arguments: "é".repeat(10_000), sessionID: SES })
    expect(row).toMatchObject({ kind: "event", truncated: true })
    if (row?.kind !== "event") throw new Error("expected an event")
    expect(() => JSON.parse(row.data)).not.toThrow()
    expect(row.summary.length).toBeLessThan(600)
  })

  test("rows apply to a real store; a tool call is one row updated in place", () => {
    const opened = openStore(path.join(tempDir(), "s.db"))
    if (!opened.ok) throw new Error(opened.error)
    const { db } = opened.value
    const part = (status: string, extra: Record<string, unknown> = {}) => ({
      part: { type: "tool", callID: "call_1", tool: "bash", sessionID: SES, messageID: MSG, state: { status, input: { command: "ls" }, time: { start: 5 }, ...extra } },
    })
    applyWrites(db, [
      ...captureEvent(scope, "session.created", { info: { id: SES, title: "t", time: { created: 1, updated: 1 } } }),
      ...captureEvent(scope, "message.part.updated", part("running")),
      ...captureEvent(scope, "message.part.updated", part("error", { error: "boom", time: { start: 5, end: 9 } })),
    ])
    expect(db.query("SELECT call_id, status, started_at, ended_at, error FROM tool_calls").all()).toEqual([
      { call_id: "call_1", status: "error", started_at: 5, ended_at: 9, error: "boom" },
    ])
    expect((db.query("SELECT type FROM events ORDER BY id").all() as { type: string }[]).map((r) => r.type)).toEqual([
      "session.created",
      "tool.error",
    ])
    expect(db.query("SELECT id, title FROM sessions").all()).toEqual([{ id: SES, title: "t" }])
    db.close()
  })
})

test("secrets never reach a captured row: titles, summaries, tool inputs and event data are redacted", () => {
  const key = "sk-ant-api03-FAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKE-FAKEFAKE"
  const rows = [
    ...captureEvent(scope, "session.created", { info: { id: SES, title: `use ${key} please` } }),
    ...captureEvent(scope, "message.part.updated", {
      part: { type: "tool", callID: "c9", tool: "bash", sessionID: SES, state: { status: "completed", input: { command: `curl -H "x-api-key: ${key}"` }, title: key } },
    }),
    ...captureEvent(scope, "command.executed", { name: "x", arguments: `ANTHROPIC_API_KEY=${key}`, sessionID: SES }),
  ]
  expect(rows.length).toBeGreaterThan(3)
  expect(JSON.stringify(rows)).not.toContain("FAKEFAKEFAKEFAKE")
})
