// A fake opencode SDK client (the session.* calls the agent and session built-ins use), for their unit tests.
import type { StructuredResult, ToolContext } from "../../../src/host/types.ts"

export const OWN = "ses_dffa1e4e3ffenUcd7T67OOzOT4"
export const OTHER = "ses_dffa1dce3ffeSeE6JgKcekNPpx"
export const PARENT = "ses_dffa1dce3ffeSeE6JgKcekNPpy"
export const NEW = "ses_dffa1dce3ffeSeE6JgKcekNPpz"
export const H = 3_600_000

export const session = (id: string, updatedHoursAgo = 0, parentID?: string) => ({
  id,
  projectID: "p",
  directory: "/p",
  parentID,
  title: `title of ${id.slice(-4)}`,
  version: "1",
  time: { created: Date.now() - updatedHoursAgo * H - 1000, updated: Date.now() - updatedHoursAgo * H },
})

export type FakeOptions = { sessions?: ReturnType<typeof session>[]; messages?: unknown[]; hang?: string[]; fail?: string[] }
export function fakeClient(opts: FakeOptions = {}) {
  const calls: { method: string; options: Record<string, unknown> }[] = []
  const sessions = new Map((opts.sessions ?? []).map((s) => [s.id, s]))
  const answer = (method: string, data: unknown) => (options: Record<string, unknown>) => {
    calls.push({ method, options })
    if (opts.hang?.includes(method)) return new Promise(() => {})
    if (opts.fail?.includes(method)) return Promise.resolve({ error: { data: { message: `${method} broke` } } })
    return Promise.resolve({ data: typeof data === "function" ? data(options) : data })
  }
  const id = (o: object) => ((o as { path: { id: string } }).path).id
  const client = {
    session: {
      create: answer("create", (o: { body: object }) => ({ ...session(NEW), ...o.body })),
      list: answer("list", () => [...sessions.values()]),
      get: answer("get", (o: Record<string, unknown>) => sessions.get(id(o))),
      update: answer("update", (o: { body: object; path: object }) => ({ ...sessions.get(id(o)), ...o.body })),
      delete: answer("delete", (o: Record<string, unknown>) => sessions.delete(id(o))),
      prompt: answer("prompt", { info: {}, parts: [] }),
      promptAsync: answer("promptAsync", undefined),
      abort: answer("abort", true),
      messages: answer("messages", opts.messages ?? []),
    },
  }
  return { client, calls, sessions }
}

export function toolContext(client: unknown, sessionID = OWN) {
  const ids = { sessionID, messageID: "msg_1", callID: "c", agent: "b" }
  const ctx = { name: "x", client, directory: "/p", worktree: "/p", ...ids }
  return { ...ctx, progress() {} } as unknown as ToolContext
}

export type Ext = { tools?: Record<string, { execute(args: never, ctx: ToolContext): unknown }> }
export const run = async (ext: Ext, tool: string, args: Record<string, unknown>, ctx: ToolContext) =>
  (await ext.tools![tool]!.execute(args as never, ctx)) as StructuredResult & { metadata: Record<string, any> }
