// Built-in "events": the model's view of what switchboard captured for this project (list, filter, search,
// aggregate) and of what happens next (subscribe waits for matching live events). Public API only: ctx.captured
// for the past, the `event` hook for the live feed.
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { pathToFileURL } from "node:url"
import { z } from "zod"
import { defineExtension, defineTool } from "../host/define.ts"
import type { BusEvent, CapturedEvent, EventQuery, StructuredResult } from "../host/types.ts"
import { isSessionID } from "../sessions/id.ts"
import { parseTime } from "../time.ts"
import { VERSION } from "../version.ts"

const MAX_WAIT_S = 120
const MAX_WAITERS = 20

const when = z.string().max(40).describe('an ISO date or time, or a duration back from now: "90s", "15m", "2h", "3d"')
const filters = {
  type: z.string().max(64).optional().describe("event type, e.g. tool.error, message.completed, session.created"),
  sessionID: z.string().max(64).optional(),
  since: when.optional(),
  until: when.optional(),
}

type Filters = { type?: string; sessionID?: string; since?: string; until?: string }

function query(f: Filters, extra: Partial<EventQuery> = {}): EventQuery | string {
  if (f.sessionID !== undefined && !isSessionID(f.sessionID)) return `"${f.sessionID}" is not an opencode session id`
  const now = Date.now()
  const since = f.since === undefined ? undefined : parseTime(f.since, now)
  if (since && !since.ok) return `since: ${since.error}`
  const until = f.until === undefined ? undefined : parseTime(f.until, now)
  if (until && !until.ok) return `until: ${until.error}`
  return { type: f.type, sessionID: f.sessionID, since: since?.value, until: until?.value, ...extra }
}

const line = (e: CapturedEvent) => `${new Date(e.at).toISOString()} ${e.type}${e.sessionID ? ` ${e.sessionID}` : ""}: ${e.summary}`

function listed(title: string, events: CapturedEvent[]): StructuredResult {
  return {
    title: `${title}: ${events.length} event${events.length === 1 ? "" : "s"}`,
    output: events.length === 0 ? "No captured events match." : events.map(line).join("\n"),
    metadata: { count: events.length, events: events.map(({ data: _data, ...rest }) => rest) },
  }
}

/** An export file: private (0600 in a fresh 0700 directory), JSON of the events as listed, data included. */
function writeExport(events: CapturedEvent[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "switchboard-export-"))
  const file = path.join(dir, `events-${new Date().toISOString().replace(/[:.]/g, "-")}.json`)
  fs.writeFileSync(file, `${JSON.stringify(events, null, 2)}\n`, { mode: 0o600, flag: "wx" })
  return file
}

const refused = (why: string): StructuredResult => ({ title: "events: invalid arguments", output: why, metadata: { error: "invalid-arguments" } })

interface Waiter {
  types?: string[]
  sessionID?: string
  max: number
  seen: BusEvent[]
  done: () => void
}

export function eventsExtension() {
  const waiters = new Set<Waiter>()

  return defineExtension({
    name: "events",
    version: VERSION,
    description: "Captured events of this project for the model: list, filter, search, aggregate, subscribe",
    hooks: {
      event(e) {
        for (const w of waiters) {
          if (w.types && !w.types.includes(e.type)) continue
          if (w.sessionID && e.properties.sessionID !== w.sessionID && (e.properties.info as { sessionID?: unknown } | undefined)?.sessionID !== w.sessionID) continue
          w.seen.push(e)
          if (w.seen.length >= w.max) w.done()
        }
      },
    },
    tools: {
      list: defineTool({
        description:
          "List the newest captured events of this project, optionally filtered by type, session and time. " +
          "With exportFile, the events also come as an attached JSON file.",
        args: { ...filters, limit: z.number().int().min(1).max(500).optional(), exportFile: z.boolean().optional() },
        async execute(args, ctx) {
          const q = query(args, { limit: args.limit ?? 50 })
          if (typeof q === "string") return refused(q)
          const events = await ctx.captured.events(q)
          const result = listed("events", events)
          if (!args.exportFile) return result
          const file = writeExport(events)
          return { ...result, attachments: [{ type: "file" as const, mime: "application/json", url: pathToFileURL(file).href, filename: path.basename(file) }] }
        },
      }),
      search: defineTool({
        description: "Search captured events whose summary or data contains the text.",
        args: { text: z.string().min(1).max(200), ...filters, limit: z.number().int().min(1).max(500).optional() },
        async execute(args, ctx) {
          const q = query(args, { text: args.text, limit: args.limit ?? 50 })
          return typeof q === "string" ? refused(q) : listed(`events matching "${args.text}"`, await ctx.captured.events(q))
        },
      }),
      aggregate: defineTool({
        description: "Count captured events by type, session or UTC day.",
        args: { by: z.enum(["type", "session", "day"]), ...filters },
        async execute(args, ctx) {
          const q = query(args)
          if (typeof q === "string") return refused(q)
          const rows = await ctx.captured.aggregate(args.by, q)
          return {
            title: `events by ${args.by}: ${rows.length} group${rows.length === 1 ? "" : "s"}`,
            output: rows.length === 0 ? "No captured events match." : rows.map((r) => `${r.key ?? "(no session)"}\t${r.count}`).join("\n"),
            metadata: { by: args.by, groups: rows },
          }
        },
      }),
      subscribe: defineTool({
        description:
          "Wait for the next live events of the given types (and session), up to a time limit; returns what arrived.",
        args: {
          types: z.array(z.string().min(1).max(64)).min(1).max(20).optional(),
          sessionID: z.string().max(64).optional(),
          timeoutSeconds: z.number().int().min(1).max(MAX_WAIT_S).default(30),
          max: z.number().int().min(1).max(100).default(10),
        },
        async execute(args, ctx) {
          if (args.sessionID !== undefined && !isSessionID(args.sessionID)) return refused(`"${args.sessionID}" is not an opencode session id`)
          if (waiters.size >= MAX_WAITERS) return refused(`${MAX_WAITERS} subscriptions are already waiting`)
          const seen = await new Promise<BusEvent[]>((resolve) => {
            const w: Waiter = { types: args.types, sessionID: args.sessionID, max: args.max, seen: [], done: () => finish() }
            const timer = setTimeout(() => finish(), args.timeoutSeconds * 1000)
            const finish = () => {
              clearTimeout(timer)
              waiters.delete(w)
              ctx.signal.removeEventListener("abort", finish)
              resolve(w.seen)
            }
            ctx.signal.addEventListener("abort", finish)
            waiters.add(w)
            ctx.progress({ title: `waiting for ${args.types?.join(", ") ?? "any event"}` })
          })
          return {
            title: `events: ${seen.length} arrived`,
            output: seen.length === 0 ? "No matching event arrived in time." : seen.map((e) => e.type).join("\n"),
            metadata: { count: seen.length, types: seen.map((e) => e.type) },
          }
        },
      }),
    },
  })
}
