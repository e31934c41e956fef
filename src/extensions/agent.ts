// Built-in "agent": lets the model drive other opencode sessions as workers — create one, start it on a task in the
// background, stop it, message it, look at it and its usage, and clean up stale sessions. Everything goes through
// the SDK client: bounded calls, validated ids, failures as results.
import { z } from "zod"
import { defineExtension, defineTool } from "../host/define.ts"
import type { StructuredResult } from "../host/types.ts"
import { VERSION } from "../version.ts"
import { sessionLine, type Session, type SessionClient, type SessionMessage } from "./opencode-client.ts"
import {
  createTool,
  failure,
  getTool,
  listTool,
  newestFirst,
  sessionID,
  STABILITY,
  type ToolOptions,
  unwrap,
  withClient,
} from "./sessions-tools.ts"

const P = "agent"
// Bounds one cleanup: each delete is a bounded call, and the whole tool must finish inside STABILITY.timeoutMs.
const MAX_DELETES = 50
const CLEANUP_BUDGET_MS = 40_000

export interface SessionStats {
  messages: { total: number; user: number; assistant: number }
  tokens: { input: number; output: number; reasoning: number; cache: { read: number; write: number } }
  cost: number
  tools: Record<string, number>
  toolErrors: number
  /** From the first message's creation to the last one's completion (or creation). */
  durationMs: number
  models: string[]
}

/** Sums a session's messages. Tolerant of missing fields: old servers and aborted turns leave gaps. */
export function sessionStats(messages: SessionMessage[]): SessionStats {
  const s: SessionStats = {
    messages: { total: 0, user: 0, assistant: 0 },
    tokens: { input: 0, output: 0, reasoning: 0, cache: { read: 0, write: 0 } },
    cost: 0,
    tools: {},
    toolErrors: 0,
    durationMs: 0,
    models: [],
  }
  const n = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : 0)
  const models = new Set<string>()
  let first = Infinity
  let last = 0
  for (const m of messages) {
    const info = m.info
    s.messages.total++
    if (info.role === "user") s.messages.user++
    first = Math.min(first, n(info.time?.created) || Infinity)
    last = Math.max(last, n(info.time?.created))
    if (info.role === "assistant") {
      s.messages.assistant++
      s.tokens.input += n(info.tokens?.input)
      s.tokens.output += n(info.tokens?.output)
      s.tokens.reasoning += n(info.tokens?.reasoning)
      s.tokens.cache.read += n(info.tokens?.cache?.read)
      s.tokens.cache.write += n(info.tokens?.cache?.write)
      s.cost += n(info.cost)
      last = Math.max(last, n(info.time?.completed))
      if (info.providerID && info.modelID) models.add(`${info.providerID}/${info.modelID}`)
    }
    for (const part of m.parts ?? []) {
      if (part.type !== "tool") continue
      s.tools[part.tool] = (s.tools[part.tool] ?? 0) + 1
      if (part.state?.status === "error") s.toolErrors++
    }
  }
  s.durationMs = first === Infinity ? 0 : Math.max(0, last - first)
  s.models = [...models]
  return s
}

function formatStats(id: string, s: SessionStats): string {
  const tools = Object.entries(s.tools).sort((a, b) => b[1] - a[1])
  const calls = tools.length ? tools.map(([t, c]) => `${t} ×${c}`).join(", ") : "none"
  return [
    `session ${id}`,
    `messages: ${s.messages.total} (${s.messages.user} user, ${s.messages.assistant} assistant)`,
    `tokens: ${s.tokens.input} in, ${s.tokens.output} out, ${s.tokens.reasoning} reasoning, ` +
      `${s.tokens.cache.read} cache read, ${s.tokens.cache.write} cache write`,
    `cost: $${s.cost.toFixed(4)}`,
    `duration: ${Math.round(s.durationMs / 1000)} s`,
    `models: ${s.models.join(", ") || "none"}`,
    `tool calls: ${calls}${s.toolErrors ? ` (${s.toolErrors} failed)` : ""}`,
  ].join("\n")
}

/** The caller's session and its ancestors: never cleaned up, since a parent's delete takes its children with it. */
async function protectedIDs(client: SessionClient, own: string, byID: Map<string, Session>): Promise<Set<string>> {
  const keep = new Set<string>([own])
  let current = byID.get(own)?.parentID
  for (let depth = 0; current && depth < 32 && !keep.has(current); depth++) {
    keep.add(current)
    let parent = byID.get(current)
    if (!parent) {
      const r = await client.get(current)
      parent = r.ok ? r.value : undefined
    }
    current = parent?.parentID
  }
  // The caller may be missing from the listing (just created): ask for it so its parents are still known.
  if (!byID.has(own) && keep.size === 1) {
    const r = await client.get(own)
    if (r.ok && r.value.parentID) return protectedIDs(client, own, new Map([...byID, [own, r.value]]))
  }
  return keep
}

async function cleanup(
  client: SessionClient,
  own: string,
  olderThanHours: number,
  dryRun: boolean,
): Promise<StructuredResult> {
  const listed = unwrap(P, await client.list())
  if ("fail" in listed) return listed.fail
  const now = Date.now()
  const cutoff = now - olderThanHours * 3_600_000
  const byID = new Map(listed.value.map((s) => [s.id, s]))
  const keep = await protectedIDs(client, own, byID)
  // A stale parent with a fresh descendant stays too: deleting it would delete the fresh one.
  for (const s of listed.value) {
    if ((s.time?.updated ?? 0) < cutoff) continue
    for (let p = s.parentID, d = 0; p && d < 32; p = byID.get(p)?.parentID, d++) keep.add(p)
  }
  const stale = listed.value.filter((s) => (s.time?.updated ?? 0) < cutoff && !keep.has(s.id)).sort(newestFirst)
  const staleIDs = new Set(stale.map((s) => s.id))
  // Children go with their parent; deleting them separately would only fail.
  const roots = stale.filter((s) => !s.parentID || !staleIDs.has(s.parentID))
  const meta = { olderThanHours, dryRun, protected: [...keep], matched: stale.map((s) => s.id) }
  if (dryRun) {
    const lines = stale.map((s) => `  ${sessionLine(s, now)}`)
    return {
      title: `${P}: cleanup would delete ${stale.length} sessions`,
      output: stale.length
        ? `Would delete (not updated for ${olderThanHours} h):\n${lines.join("\n")}`
        : "Nothing to clean up.",
      metadata: { ok: true, ...meta, deleted: [] },
    }
  }
  const deleted: string[] = []
  const failed: { id: string; error: string }[] = []
  const started = Date.now()
  for (const s of roots.slice(0, MAX_DELETES)) {
    if (Date.now() - started > CLEANUP_BUDGET_MS) break
    const r = await client.remove(s.id)
    if (r.ok) deleted.push(s.id)
    else failed.push({ id: s.id, error: r.error })
  }
  const left = roots.length - deleted.length - failed.length
  const output = [
    `Deleted ${deleted.length} sessions${deleted.length ? ` (with their children): ${deleted.join(", ")}` : ""}.`,
    ...failed.map((f) => `Failed ${f.id}: ${f.error}`),
    ...(left > 0 ? [`${left} more left for another run.`] : []),
  ].join("\n")
  return {
    title: `${P}: cleaned up ${deleted.length} sessions`,
    output,
    metadata: { ok: failed.length === 0, ...meta, deleted, failed, left },
  }
}

export function agentExtension(o: ToolOptions = {}) {
  return defineExtension({
    name: "agent",
    version: VERSION,
    description: "Drive opencode sessions as workers: create, start, stop, message, inspect, measure and clean up",
    stability: STABILITY,
    tools: {
      create: createTool(P, o),
      start: defineTool({
        description:
          "Start a session working on `prompt` in the background (returns at once). Check on it with agent_get or " +
          "agent_stats; stop it with agent_stop.",
        args: {
          sessionID,
          prompt: z.string().min(1).max(100_000),
          agent: z.string().regex(/^[\w.-]{1,64}$/, "expected an agent name").optional().describe("e.g. build or plan"),
        },
        execute: (args, ctx) =>
          withClient(P, ctx, async (client) => {
            // Prompting the running session from inside its own turn would only queue behind it: refuse instead.
            if (args.sessionID === ctx.sessionID) {
              return failure(P, "refusing to start the current session", { sessionID: args.sessionID })
            }
            const r = unwrap(P, await client.promptAsync(args.sessionID, { text: args.prompt, agent: args.agent }))
            if ("fail" in r) return r.fail
            return {
              title: `${P}: started ${args.sessionID}`,
              output: `Started ${args.sessionID}${args.agent ? ` with agent ${args.agent}` : ""}.`,
              metadata: { ok: true, sessionID: args.sessionID, agent: args.agent },
            }
          }, o.callMs),
      }),
      stop: defineTool({
        description: "Stop (abort) what a session is doing.",
        args: { sessionID },
        execute: (args, ctx) =>
          withClient(P, ctx, async (client) => {
            const r = unwrap(P, await client.abort(args.sessionID))
            if ("fail" in r) return r.fail
            return {
              title: `${P}: stopped ${args.sessionID}`,
              output: r.value ? `Stopped ${args.sessionID}.` : `${args.sessionID} was not running.`,
              metadata: { ok: true, sessionID: args.sessionID, aborted: r.value },
            }
          }, o.callMs),
      }),
      message: defineTool({
        description:
          "Send a message to a session. It starts a model turn in the background, unless `noReply` is set: then it " +
          "is only added to the transcript as a note and starts no turn.",
        args: { sessionID, text: z.string().min(1).max(100_000), noReply: z.boolean().optional() },
        execute: (args, ctx) =>
          withClient(P, ctx, async (client) => {
            const note = args.noReply === true
            if (!note && args.sessionID === ctx.sessionID) {
              return failure(P, "refusing to start a turn in the current session", { sessionID: args.sessionID })
            }
            // A note is stored at once, so waiting for it is cheap; a reply would take a whole turn, so it runs async.
            const r = note
              ? await client.prompt(args.sessionID, { text: args.text, noReply: true })
              : await client.promptAsync(args.sessionID, { text: args.text })
            if (!r.ok) return failure(P, r.error, { sessionID: args.sessionID })
            return {
              title: `${P}: ${note ? "noted in" : "messaged"} ${args.sessionID}`,
              output: note
                ? `Added a note to ${args.sessionID}.`
                : `Sent; ${args.sessionID} is replying in the background.`,
              metadata: { ok: true, sessionID: args.sessionID, noReply: note },
            }
          }, o.callMs),
      }),
      list: listTool(P, o),
      get: getTool(P, o),
      stats: defineTool({
        description: "Usage of a session: messages by role, tokens, cost, duration and tool calls per tool.",
        args: { sessionID },
        execute: (args, ctx) =>
          withClient(P, ctx, async (client) => {
            const r = unwrap(P, await client.messages(args.sessionID))
            if ("fail" in r) return r.fail
            const stats = sessionStats(r.value)
            return {
              title: `${P}: stats of ${args.sessionID}`,
              output: formatStats(args.sessionID, stats),
              metadata: { ok: true, sessionID: args.sessionID, ...stats },
            }
          }, o.callMs),
      }),
      cleanup: defineTool({
        description:
          "Delete this project's sessions not updated for `olderThanHours` (never the current session or its " +
          "parents). Use dryRun first to see what would go.",
        args: {
          olderThanHours: z.number().min(1).max(24 * 365 * 10),
          dryRun: z.boolean().optional().describe("only list what would be deleted"),
        },
        execute: (args, ctx) =>
          withClient(P, ctx, (c) => cleanup(c, ctx.sessionID, args.olderThanHours, args.dryRun ?? false), o.callMs),
      }),
    },
  })
}
