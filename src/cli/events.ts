// switchboard events: the captured events of a project, newest first; a text search; counts per type, session,
// day or tool.
import type { Database } from "bun:sqlite"
import {
  aggregateEvents,
  aggregateTools,
  countEvents,
  listEvents,
  type EventFilter,
  type EventGrouping,
} from "../store/queries.ts"
import { intOption, stringOption, usage, type Context } from "./context.ts"
import { eventFilter, filterOptions, parseData } from "./filters.ts"
import { withStore } from "./store.ts"
import { table } from "./table.ts"
import { isoTime, localTime } from "../time.ts"

export const eventsOptions = {
  ...filterOptions,
  limit: { type: "string" },
  offset: { type: "string" },
  by: { type: "string" },
} as const

const GROUPINGS = ["type", "session", "day", "tool"] as const
type Grouping = (typeof GROUPINGS)[number]

export async function events(ctx: Context): Promise<number> {
  const [action = "list", ...rest] = ctx.positionals
  const filter = eventFilter(ctx)
  if (!filter.ok) return usage(ctx, filter.error)
  if (action === "list" || action === "search") {
    if (action === "search" && rest.length !== 1) return usage(ctx, "search expects one text argument (quote it)")
    if (action === "list" && rest.length > 0) return usage(ctx, `unexpected argument "${rest[0]}"`)
    if (stringOption(ctx, "by") !== undefined) return usage(ctx, "--by goes with aggregate")
    const limit = intOption(ctx, "limit", 50, 100_000)
    const offset = intOption(ctx, "offset", 0)
    if (!limit.ok) return usage(ctx, limit.error)
    if (limit.value === 0) return usage(ctx, "--limit must be at least 1")
    if (!offset.ok) return usage(ctx, offset.error)
    const f = action === "search" ? { ...filter.value, text: rest[0]! } : filter.value
    return withStore(ctx, (db) => list(ctx, db, f, limit.value, offset.value))
  }
  if (action === "aggregate") {
    if (rest.length > 0) return usage(ctx, `unexpected argument "${rest[0]}"`)
    const by = stringOption(ctx, "by") ?? "type"
    if (!GROUPINGS.includes(by as Grouping)) return usage(ctx, `--by expects ${GROUPINGS.join(", ")}, not "${by}"`)
    if (by === "tool" && filter.value.type !== undefined) return usage(ctx, "--type does not apply to --by tool")
    return withStore(ctx, (db) => aggregate(ctx, db, filter.value, by as Grouping))
  }
  return usage(ctx, `unknown action "${action}" (expected list, search or aggregate)`)
}

function list(ctx: Context, db: Database, f: EventFilter, limit: number, offset: number): number {
  const rows = listEvents(db, f, limit, offset)
  if (ctx.json) {
    const shaped = rows.map((r) => ({ ...r, time: isoTime(r.at), data: parseData(r.data), truncated: !!r.truncated }))
    ctx.rt.out(JSON.stringify(shaped, null, 2))
    return 0
  }
  if (rows.length === 0) {
    ctx.rt.out(f.text !== undefined ? "no events match" : "no events captured for this project")
    return 0
  }
  const columns = [{ header: "TIME" }, { header: "TYPE" }, { header: "SESSION" }, { header: "SUMMARY", max: 80 }]
  const lines = table(columns, rows.map((r) => [localTime(r.at), r.type, r.sessionID ?? "", r.summary]))
  for (const line of lines) ctx.rt.out(line)
  if (rows.length === limit) {
    const total = countEvents(db, f)
    const shown = `${offset + 1}–${offset + limit}`
    if (total > offset + limit) ctx.rt.out(`(${shown} of ${total}; --limit and --offset page through)`)
  }
  return 0
}

function aggregate(ctx: Context, db: Database, f: EventFilter, by: Grouping): number {
  if (by === "tool") {
    const rows = aggregateTools(db, f)
    if (ctx.json) ctx.rt.out(JSON.stringify(rows, null, 2))
    else if (rows.length === 0) ctx.rt.out("no tool calls captured for this project")
    else {
      const ms = (v: number | undefined) => (v === undefined ? "" : `${v} ms`)
      const right = ["CALLS", "FAILED", "P50", "P95"].map((header) => ({ header, align: "right" as const }))
      const cells = rows.map((r) => [r.tool, r.calls, r.failures, ms(r.p50Ms), ms(r.p95Ms)])
      for (const line of table([{ header: "TOOL", max: 40 }, ...right], cells)) ctx.rt.out(line)
    }
    return 0
  }
  const rows = aggregateEvents(db, f, by as EventGrouping)
  if (ctx.json) {
    ctx.rt.out(JSON.stringify(rows, null, 2))
    return 0
  }
  if (rows.length === 0) {
    ctx.rt.out("no events captured for this project")
    return 0
  }
  const key = { type: "TYPE", session: "SESSION", day: "DAY (UTC)" }[by]
  const columns = [
    { header: key },
    ...(by === "session" ? [{ header: "TITLE", max: 40 }] : []),
    { header: "EVENTS", align: "right" as const },
    { header: "FIRST" },
    { header: "LAST" },
  ]
  const cells = rows.map((r) => [
    r.key ?? (by === "session" ? "(no session)" : ""),
    ...(by === "session" ? [r.title ?? ""] : []),
    r.count,
    localTime(r.first),
    localTime(r.last),
  ])
  for (const line of table(columns, cells)) ctx.rt.out(line)
  ctx.rt.out(`${rows.reduce((n, r) => n + r.count, 0)} events`)
  return 0
}
