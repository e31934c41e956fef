// Maps an opencode bus event to the rows worth keeping. Streaming noise is collapsed: deltas are never stored,
// a tool call is one row updated in place, and an assistant message becomes an event once, when it finishes.
// Event payloads are untrusted: ids are checked against opencode's formats and every field is bounded.
import { z } from "zod"
import { isCallID, isMessageID, isSessionID } from "../sessions/id.ts"
import { redact } from "../knowledge/redact.ts"
import { boundValue, DEFAULT_LIMITS, truncateUtf8 } from "../store/truncate.ts"
import type { Write } from "../store/writes.ts"

export interface CaptureScope {
  project: string
  directory: string
  now: () => number
}

const sessionInfo = z.object({
  id: z.string(),
  title: z.string().optional(),
  parentID: z.string().optional(),
  time: z.object({ created: z.number().optional(), updated: z.number().optional() }).partial().optional(),
})

const tokens = z
  .object({
    input: z.number().catch(0),
    output: z.number().catch(0),
    reasoning: z.number().catch(0),
    cache: z.object({ read: z.number().catch(0), write: z.number().catch(0) }).catch({ read: 0, write: 0 }),
  })
  .partial()

const messageInfo = z.object({
  id: z.string(),
  sessionID: z.string(),
  role: z.enum(["user", "assistant"]),
  providerID: z.string().optional(),
  modelID: z.string().optional(),
  agent: z.string().optional(),
  model: z.object({ providerID: z.string(), modelID: z.string() }).partial().optional(),
  cost: z.number().optional(),
  tokens: tokens.optional(),
  finish: z.string().optional(),
  error: z.object({ name: z.string().optional(), data: z.object({ message: z.unknown() }).partial().optional() }).passthrough().optional(),
  time: z.object({ created: z.number().optional(), completed: z.number().optional() }).partial().optional(),
})

const toolPart = z.object({
  type: z.literal("tool"),
  callID: z.string(),
  tool: z.string(),
  sessionID: z.string(),
  messageID: z.string().optional(),
  state: z.object({
    status: z.enum(["pending", "running", "completed", "error"]),
    input: z.unknown().optional(),
    title: z.string().optional(),
    error: z.string().optional(),
    time: z.object({ start: z.number().optional(), end: z.number().optional() }).partial().optional(),
  }),
})

const MAX_DATA_BYTES = 16_384

/** Nothing secret is ever written: every captured string is redacted before it is bounded. */
const clean = (text: string) => redact(text).text
const bounded = (value: unknown) => boundValue(value, DEFAULT_LIMITS, clean)

function eventRow(scope: CaptureScope, type: string, sessionID: string | undefined, summary: string, data: unknown): Write {
  const b = bounded(data)
  const json = truncateUtf8(JSON.stringify(b.value ?? null), MAX_DATA_BYTES)
  // A cut JSON document is no longer JSON: keep the head as a string so the row stays parseable.
  const stored = json.truncated ? JSON.stringify({ truncated: true, head: json.value }) : json.value
  return {
    kind: "event",
    at: scope.now(),
    project: scope.project,
    sessionID: isSessionID(sessionID) ? sessionID : undefined,
    type,
    summary: truncateUtf8(clean(summary), 512).value,
    data: stored,
    truncated: b.truncated || json.truncated,
  }
}

const short = (text: string | undefined, bytes = 200) => (text === undefined ? undefined : truncateUtf8(clean(text), bytes).value)

function errorText(error: z.infer<typeof messageInfo>["error"]): string | undefined {
  if (!error) return undefined
  const message = error.data?.message
  return short(typeof message === "string" ? `${error.name ?? "Error"}: ${message}` : (error.name ?? "Error"), 1000)
}

/** Rows for one bus event; an empty list for events not worth keeping or that fail validation. */
export function captureEvent(scope: CaptureScope, type: string, properties: Record<string, unknown>): Write[] {
  const now = scope.now()
  switch (type) {
    case "session.created":
    case "session.updated":
    case "session.deleted": {
      const info = sessionInfo.safeParse(properties.info)
      if (!info.success || !isSessionID(info.data.id)) return []
      const s = info.data
      const row: Write = {
        kind: "session",
        id: s.id,
        project: scope.project,
        directory: scope.directory,
        title: short(s.title, 500),
        parentID: isSessionID(s.parentID) ? s.parentID : undefined,
        createdAt: s.time?.created,
        updatedAt: s.time?.updated ?? now,
        deleted: type === "session.deleted",
      }
      // session.updated fires on every title or summary change: the row absorbs it, the event log does not.
      if (type === "session.updated") return [row]
      return [row, eventRow(scope, type, s.id, s.title ?? s.id, { id: s.id, title: s.title, parentID: s.parentID })]
    }
    case "session.idle":
    case "session.compacted": {
      const id = properties.sessionID
      return isSessionID(id) ? [eventRow(scope, type, id, id, { sessionID: id })] : []
    }
    case "session.error": {
      const id = properties.sessionID
      const error = (properties.error ?? {}) as { name?: unknown; data?: { message?: unknown } }
      const name = typeof error.name === "string" ? error.name : "Error"
      const message = typeof error.data?.message === "string" ? error.data.message : ""
      return [eventRow(scope, type, isSessionID(id) ? id : undefined, `${name}${message ? `: ${message}` : ""}`, { error })]
    }
    case "message.updated": {
      const info = messageInfo.safeParse(properties.info)
      if (!info.success || !isMessageID(info.data.id) || !isSessionID(info.data.sessionID)) return []
      const m = info.data
      const t = m.tokens
      const row: Write = {
        kind: "message",
        id: m.id,
        sessionID: m.sessionID,
        project: scope.project,
        role: m.role,
        providerID: m.providerID ?? m.model?.providerID,
        modelID: m.modelID ?? m.model?.modelID,
        agent: m.agent,
        tokens: t
          ? { input: t.input ?? 0, output: t.output ?? 0, reasoning: t.reasoning ?? 0, cacheRead: t.cache?.read ?? 0, cacheWrite: t.cache?.write ?? 0 }
          : undefined,
        cost: m.cost,
        createdAt: m.time?.created,
        completedAt: m.time?.completed,
        finish: m.finish,
        error: errorText(m.error),
      }
      if (m.role !== "assistant" || !m.time?.completed) return [row]
      const total = (t?.input ?? 0) + (t?.output ?? 0) + (t?.reasoning ?? 0)
      const summary = `${row.providerID ?? "?"}/${row.modelID ?? "?"} ${total} tokens $${(m.cost ?? 0).toFixed(4)}${row.error ? ` ${row.error}` : ""}`
      return [row, eventRow(scope, "message.completed", m.sessionID, summary, { messageID: m.id, tokens: t, cost: m.cost, finish: m.finish, error: row.error })]
    }
    case "message.part.updated": {
      const part = toolPart.safeParse(properties.part)
      if (!part.success || !isCallID(part.data.callID) || !isSessionID(part.data.sessionID)) return []
      const p = part.data
      const { status } = p.state
      if (status === "pending") return []
      const input = p.state.input === undefined ? undefined : bounded(p.state.input)
      const inputJson = input ? truncateUtf8(JSON.stringify(input.value ?? null), 8192) : undefined
      const row: Write = {
        kind: "tool",
        callID: p.callID,
        sessionID: p.sessionID,
        messageID: isMessageID(p.messageID) ? p.messageID : undefined,
        project: scope.project,
        tool: short(p.tool, 128)!,
        status,
        startedAt: p.state.time?.start,
        endedAt: p.state.time?.end,
        title: short(p.state.title, 500),
        error: short(p.state.error, 2000),
        input: inputJson?.value,
        truncated: (input?.truncated ?? false) || (inputJson?.truncated ?? false),
      }
      if (status === "running") return [row]
      const summary = `${row.tool}${row.error ? `: ${row.error}` : row.title ? `: ${row.title}` : ""}`
      return [row, eventRow(scope, `tool.${status}`, p.sessionID, summary, { callID: p.callID, tool: p.tool, title: row.title, error: row.error })]
    }
    case "command.executed": {
      const name = typeof properties.name === "string" ? properties.name : "?"
      const args = typeof properties.arguments === "string" ? properties.arguments : ""
      return [eventRow(scope, type, properties.sessionID as string | undefined, `/${name} ${args}`.trim(), { name, arguments: args })]
    }
    case "file.edited": {
      const file = typeof properties.file === "string" ? properties.file : undefined
      return file ? [eventRow(scope, type, undefined, file, { file })] : []
    }
    case "permission.asked":
    case "permission.replied": {
      const summary = String(properties.permission ?? properties.reply ?? "")
      return [eventRow(scope, type, properties.sessionID as string | undefined, summary, properties)]
    }
    default:
      return []
  }
}
