// A small typed wrapper over the opencode v1 SDK calls the agent and session built-ins use. ctx.client is typed
// unknown (it does not exist outside opencode), so its shape is checked once here; every call is bounded in time and
// comes back as a Result: a hung server or an HTTP error never throws into a tool.
import type { Message, Part, Session } from "@opencode-ai/sdk"
import { err, ok, type Result } from "../result.ts"
import { isSessionID } from "../sessions/id.ts"
import { withTimeout } from "../timeout.ts"

export type { Message, Part, Session }
export type SessionMessage = { info: Message; parts: Part[] }

export const DEFAULT_CALL_MS = 10_000

const METHODS = ["create", "list", "get", "update", "delete", "prompt", "promptAsync", "abort", "messages"] as const
type Method = (typeof METHODS)[number]
// The SDK's generated methods resolve to `{ data, error, response }` unless configured to throw.
type Call = (options?: Record<string, unknown>) => Promise<{ data?: unknown; error?: unknown } | undefined>

export interface SessionClient {
  create(body: { title?: string; parentID?: string }): Promise<Result<Session>>
  list(): Promise<Result<Session[]>>
  get(id: string): Promise<Result<Session>>
  update(id: string, body: { title: string }): Promise<Result<Session>>
  remove(id: string): Promise<Result<boolean>>
  /** Waits for the server to store the message; without noReply that is the whole model turn. */
  prompt(id: string, body: PromptBody): Promise<Result<unknown>>
  /** Returns as soon as the server accepted the message; the turn runs on. */
  promptAsync(id: string, body: PromptBody): Promise<Result<unknown>>
  abort(id: string): Promise<Result<boolean>>
  messages(id: string): Promise<Result<SessionMessage[]>>
}

export interface PromptBody {
  text: string
  agent?: string
  noReply?: boolean
}

function describe(error: unknown): string {
  if (typeof error === "string") return error
  if (error && typeof error === "object") {
    const e = error as { data?: { message?: unknown }; message?: unknown; name?: unknown }
    if (typeof e.data?.message === "string") return e.data.message
    if (typeof e.message === "string") return e.message
    if (typeof e.name === "string") return e.name
  }
  try {
    return JSON.stringify(error)
  } catch {
    return String(error)
  }
}

/** Wraps ctx.client; an error result when it is missing or lacks a method (outside opencode, or an old server). */
export function sessionClient(client: unknown, directory: string, ms = DEFAULT_CALL_MS): Result<SessionClient> {
  const session = (client as { session?: Record<string, unknown> } | undefined)?.session
  if (!session || typeof session !== "object") return err("the opencode client is not available here")
  const missing = METHODS.filter((m) => typeof session[m] !== "function")
  if (missing.length > 0) return err(`the opencode client lacks session.${missing.join(", session.")}`)

  // Bound to `session`: the SDK's methods read their transport from `this`.
  const call = async <T>(method: Method, options: Record<string, unknown>, id?: string): Promise<Result<T>> => {
    if (id !== undefined && !isSessionID(id)) return err(`not a session id: ${JSON.stringify(id).slice(0, 60)}`)
    const what = `session.${method}${id ? ` ${id}` : ""}`
    const send = session[method] as Call
    const work = Promise.resolve().then(() => send.call(session, { ...options, query: { directory } }))
    const r = await withTimeout(work, ms, what)
    if (!r.ok) return r
    if (r.value?.error !== undefined && r.value.error !== null) return err(`${what} failed: ${describe(r.value.error)}`)
    if (r.value?.data === undefined) return err(`${what} returned nothing`)
    return ok(r.value.data as T)
  }
  const parts = (body: PromptBody) => ({
    parts: [{ type: "text", text: body.text }],
    ...(body.agent ? { agent: body.agent } : {}),
    ...(body.noReply ? { noReply: true } : {}),
  })

  return ok({
    create: (body) => {
      if (body.parentID !== undefined && !isSessionID(body.parentID)) {
        return Promise.resolve(err("not a session id: parentID"))
      }
      return call("create", { body })
    },
    list: () => call("list", {}),
    get: (id) => call("get", { path: { id } }, id),
    update: (id, body) => call("update", { path: { id }, body }, id),
    remove: (id) => call("delete", { path: { id } }, id),
    prompt: (id, body) => call("prompt", { path: { id }, body: parts(body) }, id),
    // prompt_async answers 204 with no body: an empty success is still a success.
    promptAsync: async (id, body) => {
      const r = await call<unknown>("promptAsync", { path: { id }, body: parts(body) }, id)
      return !r.ok && r.error.endsWith("returned nothing") ? ok(true) : r
    },
    abort: (id) => call("abort", { path: { id } }, id),
    messages: (id) => call("messages", { path: { id } }, id),
  })
}

/** One line for listings: id, title, age. */
export function sessionLine(s: Session, now = Date.now()): string {
  const parent = s.parentID ? ` (child of ${s.parentID})` : ""
  return `${s.id}  ${s.title || "(untitled)"}  updated ${ago(now - (s.time?.updated ?? 0))}${parent}`
}

export function ago(ms: number): string {
  const m = Math.max(0, Math.round(ms / 60_000))
  if (m < 60) return `${m}m ago`
  const h = Math.round(m / 60)
  return h < 48 ? `${h}h ago` : `${Math.round(h / 24)}d ago`
}

/** The metadata a tool returns about one session. */
export function sessionMeta(s: Session) {
  return {
    id: s.id,
    title: s.title,
    parentID: s.parentID,
    directory: s.directory,
    created: s.time?.created,
    updated: s.time?.updated,
  }
}
