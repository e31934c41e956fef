import { describe, expect, test } from "bun:test"
import path from "node:path"
import { analyticsReport, displayPath, tokenTotal } from "../../../src/analytics/report.ts"
import { openStoreReadonly } from "../../../src/store/open.ts"
import type { Write } from "../../../src/store/writes.ts"
import { DAY1, DAY2, populated, sid, write } from "../cli/fixture.ts"

const f = populated()
const p = f.project
const toolWith = (n: number, name: string, input: unknown, status = "completed"): Write => ({
  kind: "tool",
  callID: `file_${n}`,
  sessionID: sid(2),
  project: p,
  tool: name,
  status,
  startedAt: DAY2 + n,
  endedAt: DAY2 + n + 5,
  input: typeof input === "string" ? input : JSON.stringify(input),
  truncated: false,
})
write(f.store, [
  { kind: "message", id: "msg_user1", sessionID: sid(1), project: p, role: "user", createdAt: DAY1 - 10 },
  { kind: "message", id: "msg_m2", sessionID: sid(2), project: p, role: "assistant", providerID: "openai",
    modelID: "gpt",
    tokens: { input: 1, output: 1, reasoning: 0, cacheRead: 0, cacheWrite: 0 }, cost: 1, createdAt: DAY2 + 5 },
  toolWith(10, "read", { filePath: path.join(p, "src/a.ts") }),
  toolWith(11, "read", { filePath: "src/a.ts" }),
  toolWith(12, "edit", { filePath: path.join(p, "src/a.ts") }, "error"),
  toolWith(13, "write", { filePath: "/etc/elsewhere" }),
  toolWith(14, "multiedit", { filePath: path.join(p, "b.md") }),
  toolWith(15, "read", '{"filePath": "cut off'),
  toolWith(16, "bash", { command: "ls", path: "ignored" }),
])

function report(opts: Parameters<typeof analyticsReport>[2] = {}) {
  const opened = openStoreReadonly(f.store)
  if (!opened.ok) throw new Error(opened.error)
  try {
    return analyticsReport(opened.value, p, opts)
  } finally {
    opened.value.close()
  }
}

describe("analyticsReport", () => {
  test("totals add every message of the project and nothing of another", () => {
    const r = report()
    expect(r.totals.messages).toBe(5)
    expect(r.totals.assistantReplies).toBe(4)
    expect(r.totals.tokens).toEqual({ input: 311, output: 116, reasoning: 10, cacheRead: 1000, cacheWrite: 5 })
    expect(tokenTotal(r.totals.tokens)).toBe(1442)
    expect(r.totals.cost).toBeCloseTo(1.035)
  })

  test("per model: assistant replies only, the costliest first", () => {
    const r = report()
    expect(r.byModel.map((m) => [m.providerID, m.modelID, m.replies])).toEqual([["openai", "gpt", 1], [null, null, 3]])
    expect(tokenTotal(r.byModel[0]!.tokens)).toBe(2)
  })

  test("per UTC day, in date order", () => {
    expect(report().byDay).toEqual([
      { day: "2025-01-10", messages: 2, tokens: 1165, cost: 0.01 },
      { day: "2025-01-11", messages: 3, tokens: 277, cost: expect.closeTo(1.025) },
    ])
  })

  test("sessions by last activity, with titles", () => {
    const r = report()
    expect(r.bySession.map((s) => [s.id, s.title, s.messages, s.tokens])).toEqual([
      [sid(2), 'Write, "quoted" docs', 2, 17],
      [sid(1), "Fix the bug", 3, 1425],
    ])
    expect(r.bySession[0]!.lastActivity).toBe(DAY2 + 5)
  })

  test("tools come from aggregateTools: calls, failures, percentiles", () => {
    const bash = report().tools.find((t) => t.tool === "bash")
    expect(bash).toEqual({ tool: "bash", calls: 4, failures: 1, p50Ms: 100, p95Ms: 300 })
  })

  test("files: read/edit/write/multiedit inputs, relative in the project, spellings merged, bad JSON skipped", () => {
    expect(report().files).toEqual([
      { path: "src/a.ts", reads: 2, edits: 1, writes: 0 },
      { path: "/etc/elsewhere", reads: 0, edits: 0, writes: 1 },
      { path: "b.md", reads: 0, edits: 1, writes: 0 },
    ])
  })

  test("session, since and until narrow every part", () => {
    const one = report({ sessionID: sid(1) })
    expect(one.totals.messages).toBe(3)
    expect(one.files).toEqual([])
    expect(one.bySession.map((s) => s.id)).toEqual([sid(1)])
    const late = report({ since: DAY2 })
    expect(late.byDay.map((d) => d.day)).toEqual(["2025-01-11"])
    expect(late.tools.find((t) => t.tool === "bash")?.calls).toBe(2)
    const early = report({ until: DAY2 })
    expect(early.totals.messages).toBe(2)
    expect(early.files).toEqual([])
  })

  test("an empty project is all zeros", () => {
    const opened = openStoreReadonly(f.store)
    if (!opened.ok) throw new Error(opened.error)
    const r = analyticsReport(opened.value, "/nowhere")
    opened.value.close()
    expect(r.totals.messages).toBe(0)
    expect([r.byModel, r.byDay, r.bySession, r.tools, r.files]).toEqual([[], [], [], [], []])
  })

  test("displayPath keeps paths outside the project as they are", () => {
    expect(displayPath("/p/x/y.ts", "/p")).toBe("x/y.ts")
    expect(displayPath("/px/y.ts", "/p")).toBe("/px/y.ts")
    expect(displayPath("rel.ts", "/p")).toBe("rel.ts")
    expect(displayPath("/p", "/p")).toBe("/p")
  })
})
