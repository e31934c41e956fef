import { expect, test } from "bun:test"
import { agentExtension, sessionStats } from "../../../src/extensions/agent.ts"
import { OWN, OTHER, PARENT, session, fakeClient, toolContext, run } from "../helpers/fake-sdk-client.ts"

const ext = agentExtension({ callMs: 50 })
const OLD = "ses_dffa1dce3ffeSeE6JgKcekNPp1"
const OLD_CHILD = "ses_dffa1dce3ffeSeE6JgKcekNPp2"
const OLD_WITH_FRESH_CHILD = "ses_dffa1dce3ffeSeE6JgKcekNPp3"
const FRESH_CHILD = "ses_dffa1dce3ffeSeE6JgKcekNPp4"

const assistant = (tokens: number, cost: number, created: number, completed: number) => ({
  role: "assistant",
  providerID: "anthropic",
  modelID: "claude",
  cost,
  time: { created, completed },
  tokens: { input: tokens, output: tokens * 2, reasoning: 1, cache: { read: 3, write: 4 } },
})
const tool = (name: string, status = "completed") => ({ type: "tool", tool: name, state: { status } })
const MESSAGES = [
  { info: { role: "user", time: { created: 1000 } }, parts: [{ type: "text", text: "hi" }] },
  { info: assistant(10, 0.01, 2000, 5000), parts: [tool("bash"), tool("read"), tool("bash", "error")] },
  { info: { role: "user", time: { created: 6000 } }, parts: [] },
  { info: assistant(5, 0.02, 7000, 11_000), parts: [tool("bash")] },
]

test("is named agent with the eight tools", () => {
  expect(ext.name).toBe("agent")
  expect(Object.keys(ext.tools!).sort()).toEqual(
    ["cleanup", "create", "get", "list", "message", "start", "stats", "stop"],
  )
  expect(ext.tools!.start!.args.sessionID!.safeParse("nope").success).toBe(false)
  expect(ext.tools!.cleanup!.args.olderThanHours!.safeParse(0).success).toBe(false)
})

test("start prompts asynchronously with the agent; stop aborts", async () => {
  const f = fakeClient()
  const ctx = toolContext(f.client)
  const started = await run(ext, "start", { sessionID: OTHER, prompt: "fix it", agent: "plan" }, ctx)
  expect(started.metadata).toEqual({ ok: true, sessionID: OTHER, agent: "plan" })
  expect(f.calls[0]).toMatchObject({
    method: "promptAsync",
    options: {
      path: { id: OTHER },
      body: { parts: [{ type: "text", text: "fix it" }], agent: "plan" },
      query: { directory: "/p" },
    },
  })
  const stopped = await run(ext, "stop", { sessionID: OTHER }, ctx)
  expect(stopped.metadata).toEqual({ ok: true, sessionID: OTHER, aborted: true })
  expect(f.calls[1]).toMatchObject({ method: "abort", options: { path: { id: OTHER } } })
  // Starting the caller's own session from inside its turn is refused.
  expect((await run(ext, "start", { sessionID: OWN, prompt: "x" }, ctx)).metadata.ok).toBe(false)
  expect(f.calls.length).toBe(2)
})

test("message: a reply runs async; noReply waits for a display-only note", async () => {
  const f = fakeClient()
  const ctx = toolContext(f.client)
  const sent = await run(ext, "message", { sessionID: OTHER, text: "status?" }, ctx)
  expect(sent.metadata).toMatchObject({ ok: true, noReply: false })
  expect(f.calls[0]).toMatchObject({ method: "promptAsync" })
  expect((f.calls[0]!.options.body as Record<string, unknown>).noReply).toBeUndefined()
  const noted = await run(ext, "message", { sessionID: OWN, text: "fyi", noReply: true }, ctx)
  expect(noted.metadata).toMatchObject({ ok: true, noReply: true })
  expect(f.calls[1]).toMatchObject(
    { method: "prompt", options: { path: { id: OWN }, body: { noReply: true, parts: [{ text: "fyi" }] } } },
  )
})

test("stats sums messages, tokens, cost, tool calls and duration", async () => {
  const f = fakeClient({ messages: MESSAGES })
  const r = await run(ext, "stats", { sessionID: OTHER }, toolContext(f.client))
  expect(r.metadata).toMatchObject({
    ok: true,
    messages: { total: 4, user: 2, assistant: 2 },
    tokens: { input: 15, output: 30, reasoning: 2, cache: { read: 6, write: 8 } },
    tools: { bash: 3, read: 1 },
    toolErrors: 1,
    durationMs: 10_000,
    models: ["anthropic/claude"],
  })
  expect(r.metadata.cost).toBeCloseTo(0.03)
  expect(r.output).toContain("bash ×3")
  expect(sessionStats([]).durationMs).toBe(0)
})

test("list, get and create are offered too", async () => {
  const f = fakeClient({ sessions: [session(OTHER, 2)] })
  const ctx = toolContext(f.client)
  expect((await run(ext, "list", {}, ctx)).metadata).toMatchObject({ ok: true, total: 1 })
  expect((await run(ext, "get", { sessionID: OTHER }, ctx)).metadata).toMatchObject({ ok: true, id: OTHER })
  expect((await run(ext, "create", {}, ctx)).metadata).toMatchObject({ ok: true })
})

function project() {
  return fakeClient({
    sessions: [
      session(PARENT, 100), // the caller's stale parent: protected
      session(OWN, 100, PARENT), // the caller itself, stale: protected
      session(OTHER, 1), // fresh
      session(OLD, 100),
      session(OLD_CHILD, 100, OLD), // goes with OLD
      session(OLD_WITH_FRESH_CHILD, 100),
      session(FRESH_CHILD, 1, OLD_WITH_FRESH_CHILD), // keeps its parent
    ],
  })
}

test("cleanup dry run lists stale sessions, never the caller, its parents or a fresh child's parent", async () => {
  const f = project()
  const r = await run(ext, "cleanup", { olderThanHours: 24, dryRun: true }, toolContext(f.client))
  expect(r.metadata).toMatchObject({ ok: true, dryRun: true, deleted: [] })
  expect([...r.metadata.matched].sort()).toEqual([OLD, OLD_CHILD].sort())
  expect(r.metadata.protected).toEqual(expect.arrayContaining([OWN, PARENT, OLD_WITH_FRESH_CHILD]))
  expect(f.calls.some((c) => c.method === "delete")).toBe(false)
})

test("cleanup deletes the stale roots only", async () => {
  const f = project()
  const r = await run(ext, "cleanup", { olderThanHours: 24 }, toolContext(f.client))
  expect(r.metadata).toMatchObject({ ok: true, dryRun: false, deleted: [OLD], failed: [], left: 0 })
  expect(f.calls.filter((c) => c.method === "delete").map((c) => (c.options.path as { id: string }).id)).toEqual([OLD])
  expect(f.sessions.has(OWN) && f.sessions.has(PARENT)).toBe(true)
})

test("a hung call times out into a failure result; an invalid id makes no call", async () => {
  const f = fakeClient({ hang: ["abort", "messages"] })
  const ctx = toolContext(f.client)
  const stopped = await run(ext, "stop", { sessionID: OTHER }, ctx)
  expect(stopped.metadata).toMatchObject({ ok: false, error: `session.abort ${OTHER} timed out after 50 ms` })
  expect((await run(ext, "stats", { sessionID: OTHER }, ctx)).output).toContain("timed out")
  const before = f.calls.length
  expect((await run(ext, "stats", { sessionID: "ses_x; rm -rf /" }, ctx)).metadata.ok).toBe(false)
  expect(f.calls.length).toBe(before)
})
