// The built-in tool extensions (events, cache, agent, session) against the real opencode: the mock model calls
// each tool; its structured result and metadata land in the tool part.
import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { createOpencodeClient } from "@opencode-ai/sdk"
import { createEnv, removeEnv, type E2EEnv } from "./harness/env.ts"
import { MockLLM } from "./harness/mock-llm.ts"
import { packTarball, pluginSpec, runOpencode, serve, type Served } from "./harness/opencode.ts"

let mock: MockLLM
let e: E2EEnv
let server: Served
let sessionID = ""

type Client = ReturnType<typeof createOpencodeClient>
const client = (): Client => createOpencodeClient({ baseUrl: server.url, directory: e.project })

beforeAll(async () => {
  mock = new MockLLM().start()
  e = createEnv(mock.url, "builtins")
  const install = runOpencode(e, ["plugin", pluginSpec(packTarball())])
  if (install.exitCode !== 0) throw new Error(`opencode plugin failed: ${install.stderr}`)
  server = await serve(e)
  sessionID = (await client().session.create({ body: { title: "builtins" } })).data!.id
  await client().session.prompt({ path: { id: sessionID }, body: { parts: [{ type: "text", text: "hello" }] } })
}, 180_000)

afterAll(async () => {
  await server?.stop()
  mock.stop()
  removeEnv(e)
})

/** Makes the mock call `tool` with `args`, and returns the completed tool part's state. */
async function call(tool: string, args: Record<string, unknown>) {
  const c = client()
  mock.script([{ tool: { name: tool, args } }, { text: `DONE ${tool}` }])
  await c.session.prompt({ path: { id: sessionID }, body: { parts: [{ type: "text", text: `please run ${tool}` }] } })
  const messages = (await c.session.messages({ path: { id: sessionID } })).data ?? []
  const parts = messages.flatMap((m) => m.parts).filter((p) => p.type === "tool" && p.tool === tool)
  const part = parts.at(-1)
  if (part?.type !== "tool" || part.state.status !== "completed") throw new Error(`${tool} did not complete: ${JSON.stringify(part)}`)
  return part.state as { title: string; output: string; metadata: Record<string, unknown> }
}

describe("built-in tools, called by the model", () => {
  test("every built-in tool is offered", async () => {
    const ids = (await client().tool.ids()).data ?? []
    for (const name of ["events_list", "events_search", "events_aggregate", "events_subscribe", "cache_get", "cache_set", "cache_stats", "agent_list", "agent_stats", "session_create", "session_list", "switchboard_batch"])
      expect(ids).toContain(name)
  })

  test("events_aggregate counts this project's captured events by type", async () => {
    const state = await call("events_aggregate", { by: "type" })
    expect(state.title).toStartWith("events by type:")
    expect(JSON.stringify(state.metadata.groups)).toContain("message.completed")
  }, 60_000)

  test("cache_set then cache_get returns the value; cache_stats counts it", async () => {
    await call("cache_set", { key: "answer", value: { n: 42 } })
    const got = await call("cache_get", { key: "answer" })
    expect(got.output).toContain("42")
    const stats = await call("cache_stats", {})
    expect(JSON.stringify(stats.metadata)).toContain("entries")
  }, 90_000)

  test("agent_stats reports this session's messages and tokens; session_list lists it", async () => {
    const stats = await call("agent_stats", { sessionID })
    expect(stats.title.length).toBeGreaterThan(0)
    expect(JSON.stringify(stats.metadata)).toContain("tokens")
    const list = await call("session_list", {})
    expect(list.output + JSON.stringify(list.metadata)).toContain(sessionID)
  }, 90_000)

  test("session_create makes a session the store then knows", async () => {
    const created = await call("session_create", { title: "made by the model" })
    expect(created.output + JSON.stringify(created.metadata)).toMatch(/ses_[0-9a-f]{12}/)
  }, 60_000)

  test("events_list with exportFile: the export arrives as an attachment of the tool part", async () => {
    const c = client()
    mock.script([{ tool: { name: "events_list", args: { limit: 5, exportFile: true } } }, { text: "DONE export" }])
    await c.session.prompt({ path: { id: sessionID }, body: { parts: [{ type: "text", text: "export events" }] } })
    const messages = (await c.session.messages({ path: { id: sessionID } })).data ?? []
    const part = messages.flatMap((m) => m.parts).filter((p) => p.type === "tool" && p.tool === "events_list").at(-1)
    if (part?.type !== "tool" || part.state.status !== "completed") throw new Error("events_list did not complete")
    expect(part.state.attachments?.[0]?.filename).toMatch(/^events-.*\.json$/)
  }, 60_000)

  test("every other built-in tool runs and returns a structured result", async () => {
    const other = (await client().session.create({ body: { title: "target" } })).data!.id
    const calls: [string, Record<string, unknown>][] = [
      ["events_list", { type: "message.completed", limit: 3 }],
      ["events_search", { text: "tokens" }],
      ["events_subscribe", { types: ["never.happens"], timeoutSeconds: 1, max: 1 }],
      ["cache_delete", { key: "answer" }],
      ["cache_clear", {}],
      ["cache_configure", { maxEntries: 500 }],
      ["agent_create", { title: "agent made" }],
      ["agent_list", { limit: 5 }],
      ["agent_get", { sessionID: other }],
      ["agent_message", { sessionID: other, text: "a display-only note", noReply: true }],
      ["agent_start", { sessionID: other, prompt: "hello from the agent tool" }],
      ["agent_stop", { sessionID: other }],
      ["agent_cleanup", { olderThanHours: 24, dryRun: true }],
      ["session_get", { sessionID: other }],
      ["session_update", { sessionID: other, title: "renamed" }],
      ["session_spawn", { title: "a child" }],
      ["session_close", { sessionID: other }],
    ]
    for (const [tool, args] of calls) {
      const state = await call(tool, args)
      expect({ tool, title: typeof state.title, metadata: typeof state.metadata }).toEqual({ tool, title: "string", metadata: "object" })
      expect({ tool, failed: (state.metadata as { ok?: boolean; error?: unknown }).ok === false || "error" in state.metadata }).toEqual({ tool, failed: false })
    }
  }, 240_000)
})
