// Built-in "session": tools for the model to create, list, read, rename, close and spawn opencode sessions through
// the SDK client. Named in the singular so it stays distinct from the "sessions" tracker. Every id is validated
// before use, every call is bounded, and failures come back as results the model can read, never as throws.
import { z } from "zod"
import { defineExtension, defineTool } from "../host/define.ts"
import type { StructuredResult, ToolContext } from "../host/types.ts"
import { errorMessage, type Result } from "../result.ts"
import { SESSION_ID } from "../sessions/id.ts"
import { VERSION } from "../version.ts"
import {
  DEFAULT_CALL_MS,
  sessionClient,
  sessionLine,
  sessionMeta,
  type Session,
  type SessionClient,
} from "./opencode-client.ts"

// A tool may make a few bounded calls in a row; the host's default 5 s would cut them off.
export const STABILITY = { timeoutMs: 60_000 }

export const sessionID = z.string().regex(SESSION_ID, "expected an opencode session id (ses_…)")
export const title = z.string().trim().min(1).max(200)
export const limit = z
  .number()
  .int()
  .min(1)
  .max(200)
  .optional()
  .describe("at most this many, newest first (default 20)")

/** An error the model can read, with the reason in metadata. */
export function failure(prefix: string, error: string, metadata: Record<string, unknown> = {}): StructuredResult {
  return { title: `${prefix}: failed`, output: `Error: ${error}`, metadata: { ...metadata, ok: false, error } }
}

/** Runs `fn` with a checked client; a missing client, a failed call or a throw all become a failure result. */
export async function withClient(
  prefix: string,
  ctx: ToolContext,
  fn: (client: SessionClient) => Promise<StructuredResult>,
  callMs = DEFAULT_CALL_MS,
): Promise<StructuredResult> {
  const client = sessionClient(ctx.client, ctx.directory, callMs)
  if (!client.ok) return failure(prefix, client.error)
  try {
    return await fn(client.value)
  } catch (cause) {
    return failure(prefix, errorMessage(cause))
  }
}

/** Unwraps a result or builds the failure to return instead. */
export function unwrap<T>(prefix: string, r: Result<T>): { value: T } | { fail: StructuredResult } {
  return r.ok ? { value: r.value } : { fail: failure(prefix, r.error) }
}

export const newestFirst = (a: Session, b: Session) => (b.time?.updated ?? 0) - (a.time?.updated ?? 0)

/** `callMs` bounds each SDK call (tests shorten it). */
export interface ToolOptions {
  callMs?: number
}

// Tools both built-ins offer; `prefix` names the extension in titles.
export function createTool(prefix: string, o: ToolOptions = {}) {
  return defineTool({
    description: "Create a new, empty opencode session in this project. Returns its id.",
    args: { title: title.optional().describe("the session's title") },
    execute: (args, ctx) =>
      withClient(prefix, ctx, async (client) => {
        const r = unwrap(prefix, await client.create({ title: args.title }))
        if ("fail" in r) return r.fail
        return {
          title: `${prefix}: created ${r.value.id}`,
          output: `Created ${sessionLine(r.value)}`,
          metadata: { ok: true, ...sessionMeta(r.value) },
        }
      }, o.callMs),
  })
}

export function listTool(prefix: string, o: ToolOptions = {}) {
  return defineTool({
    description: "List this project's opencode sessions, most recently updated first.",
    args: { limit },
    execute: (args, ctx) =>
      withClient(prefix, ctx, async (client) => {
        const r = unwrap(prefix, await client.list())
        if ("fail" in r) return r.fail
        const all = [...r.value].sort(newestFirst)
        const shown = all.slice(0, args.limit ?? 20)
        const lines = shown.map((s) => `${s.id === ctx.sessionID ? "* " : "  "}${sessionLine(s)}`)
        return {
          title: `${prefix}: ${shown.length} of ${all.length} sessions`,
          output: shown.length ? `${lines.join("\n")}\n(* = this session)` : "No sessions.",
          metadata: { ok: true, total: all.length, sessions: shown.map(sessionMeta) },
        }
      }, o.callMs),
  })
}

export function getTool(prefix: string, o: ToolOptions = {}) {
  return defineTool({
    description: "Show one opencode session: title, parent, directory, times.",
    args: { sessionID },
    execute: (args, ctx) =>
      withClient(prefix, ctx, async (client) => {
        const r = unwrap(prefix, await client.get(args.sessionID))
        if ("fail" in r) return r.fail
        const s = r.value
        const output = [
          `id: ${s.id}`,
          `title: ${s.title}`,
          `parent: ${s.parentID ?? "none"}`,
          `directory: ${s.directory}`,
          `created: ${new Date(s.time.created).toISOString()}`,
          `updated: ${new Date(s.time.updated).toISOString()}`,
        ].join("\n")
        return { title: `${prefix}: ${s.title || s.id}`, output, metadata: { ok: true, ...sessionMeta(s) } }
      }, o.callMs),
  })
}

export function sessionsToolsExtension(o: ToolOptions = {}) {
  const P = "session"
  return defineExtension({
    name: "session",
    version: VERSION,
    description: "Tools to create, list, read, rename, close and spawn child opencode sessions",
    stability: STABILITY,
    tools: {
      create: createTool(P, o),
      list: listTool(P, o),
      get: getTool(P, o),
      update: defineTool({
        description: "Rename an opencode session.",
        args: { sessionID, title: title.describe("the new title") },
        execute: (args, ctx) =>
          withClient(P, ctx, async (client) => {
            const r = unwrap(P, await client.update(args.sessionID, { title: args.title }))
            if ("fail" in r) return r.fail
            return {
              title: `${P}: renamed ${r.value.id}`,
              output: `Renamed ${sessionLine(r.value)}`,
              metadata: { ok: true, ...sessionMeta(r.value) },
            }
          }, o.callMs),
      }),
      close: defineTool({
        description: "Close (delete) an opencode session and its child sessions. The current session cannot be closed.",
        args: { sessionID },
        execute: (args, ctx) =>
          withClient(P, ctx, async (client) => {
            // Deleting the session this tool runs in would pull the floor out from under the running turn.
            if (args.sessionID === ctx.sessionID) {
              return failure(P, "refusing to close the current session", { sessionID: args.sessionID })
            }
            const r = unwrap(P, await client.remove(args.sessionID))
            if ("fail" in r) return r.fail
            return {
              title: `${P}: closed ${args.sessionID}`,
              output: `Closed ${args.sessionID}`,
              metadata: { ok: true, sessionID: args.sessionID, deleted: r.value },
            }
          }, o.callMs),
      }),
      spawn: defineTool({
        description:
          "Create a child session of the current session, optionally starting it on `prompt` in the background " +
          "(returns at once; read it later with session_get or agent_stats).",
        args: {
          title: title.optional().describe("the child's title"),
          prompt: z.string().min(1).max(100_000).optional().describe("the first message; starts a model turn"),
        },
        execute: (args, ctx) =>
          withClient(P, ctx, async (client) => {
            const created = unwrap(P, await client.create({ title: args.title, parentID: ctx.sessionID }))
            if ("fail" in created) return created.fail
            const child = created.value
            const meta = { ok: true, ...sessionMeta(child), started: false }
            if (!args.prompt) {
              return {
                title: `${P}: spawned ${child.id}`,
                output: `Spawned ${sessionLine(child)}`,
                metadata: meta,
              }
            }
            const started = await client.promptAsync(child.id, { text: args.prompt })
            // The child exists either way: say so, so the model can retry the prompt rather than spawn again.
            if (!started.ok) {
              return failure(P, `spawned ${child.id} but could not start it: ${started.error}`, { ...meta, ok: false })
            }
            return {
              title: `${P}: spawned and started ${child.id}`,
              output: `Spawned and started ${sessionLine(child)}`,
              metadata: { ...meta, started: true },
            }
          }, o.callMs),
      }),
    },
  })
}
