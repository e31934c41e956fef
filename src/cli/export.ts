// switchboard export: sessions, events or per-session-per-day analytics as a JSON array or CSV, streamed from the
// store page by page, to stdout or a private file. A long export to a terminal shows a progress bar on stderr.
import type { Database } from "bun:sqlite"
import {
  countAnalytics,
  countEvents,
  countSessions,
  iterateAnalytics,
  iterateEvents,
  iterateSessions,
  type AnalyticsRow,
  type EventFilter,
  type EventRow,
  type SessionRow,
} from "../store/queries.ts"
import { attemptAsync } from "../result.ts"
import { fail, stringOption, usage, type Context } from "./context.ts"
import { csvRecord, type CsvValue } from "./csv.ts"
import { eventFilter, filterOptions, parseData } from "./filters.ts"
import { NO_PROGRESS, PROGRESS_THRESHOLD, progressBar, type Progress } from "./progress.ts"
import { chunked, fileSink, type Sink } from "./sink.ts"
import { withStore } from "./store.ts"
import { isoTime } from "../time.ts"

export const exportOptions = { ...filterOptions, format: { type: "string" }, out: { type: "string" } } as const

interface Shape<T> {
  columns: string[]
  values(row: T): CsvValue[]
  /** Values that are JSON in the store are exported as JSON, not as a string holding JSON. */
  json?: Partial<Record<string, (row: T) => unknown>>
}

const SESSIONS: Shape<SessionRow> = {
  columns: ["id", "title", "parentID", "directory", "createdAt", "updatedAt", "deletedAt", "lastActivity"],
  values: (r) => [
    ...[r.id, r.title, r.parentID, r.directory],
    ...[r.createdAt, r.updatedAt, r.deletedAt, r.lastActivity].map(isoTime),
  ],
}

const EVENTS: Shape<EventRow> = {
  columns: ["id", "at", "time", "sessionID", "type", "summary", "data", "truncated"],
  values: (r) => [r.id, r.at, isoTime(r.at), r.sessionID, r.type, r.summary, r.data, r.truncated === 1],
  json: { data: (r) => parseData(r.data) },
}

const ANALYTICS_COLUMNS = [
  ...["day", "sessionID", "title", "messages", "tokensInput", "tokensOutput", "tokensReasoning"],
  ...["tokensCacheRead", "tokensCacheWrite", "cost", "toolCalls", "toolFailures"],
] as const satisfies readonly (keyof AnalyticsRow)[]

const ANALYTICS: Shape<AnalyticsRow> = {
  columns: [...ANALYTICS_COLUMNS],
  values: (r) => ANALYTICS_COLUMNS.map((c) => r[c]),
}

type Format = "json" | "csv"

/** Writes rows in the format; returns how many. Backpressure from the sink pauses the iteration. */
export async function writeRows<T>(
  rows: Iterable<T>,
  shape: Shape<T>,
  format: Format,
  sink: Sink,
  progress: Progress,
): Promise<number> {
  let n = 0
  if (format === "csv") await sink.write(csvRecord(shape.columns))
  else await sink.write("[")
  for (const row of rows) {
    const values = shape.values(row)
    let text: string
    if (format === "csv") text = csvRecord(values)
    else {
      const object: Record<string, unknown> = {}
      shape.columns.forEach((c, i) => (object[c] = shape.json?.[c] ? shape.json[c]!(row) : values[i]))
      text = `${n === 0 ? "\n" : ",\n"}${JSON.stringify(object)}`
    }
    const pending = sink.write(text)
    if (pending) await pending
    progress.update(++n)
  }
  if (format === "json") await sink.write(n === 0 ? "]\n" : "\n]\n")
  return n
}

type Kind = "sessions" | "events" | "analytics"

interface Plan {
  count(db: Database): number
  write(db: Database, format: Format, sink: Sink, progress: Progress): Promise<number>
}

function plan(kind: Kind, f: EventFilter): Plan {
  switch (kind) {
    case "sessions":
      return {
        count: (db) => countSessions(db, f.project),
        write: (db, ...a) => writeRows(iterateSessions(db, f.project), SESSIONS, ...a),
      }
    case "events":
      return { count: (db) => countEvents(db, f), write: (db, ...a) => writeRows(iterateEvents(db, f), EVENTS, ...a) }
    case "analytics":
      return {
        count: (db) => countAnalytics(db, f),
        write: (db, ...a) => writeRows(iterateAnalytics(db, f), ANALYTICS, ...a),
      }
  }
}

/** Which filters each kind understands; anything else is bad usage rather than silently ignored. */
const ACCEPTS: Record<Kind, string[]> = {
  sessions: [],
  events: ["type", "session", "since", "until"],
  analytics: ["session", "since", "until"],
}

export async function exportCommand(ctx: Context): Promise<number> {
  const [kind, ...rest] = ctx.positionals
  if (kind !== "sessions" && kind !== "events" && kind !== "analytics") {
    return usage(ctx, `expected what to export: sessions, events or analytics${kind ? `, not "${kind}"` : ""}`)
  }
  if (rest.length > 0) return usage(ctx, `unexpected argument "${rest[0]}"`)
  const given = stringOption(ctx, "format")
  if (given !== undefined && given !== "json" && given !== "csv") {
    return usage(ctx, `--format expects json or csv, not "${given}"`)
  }
  if (ctx.json && given === "csv") return usage(ctx, "--json and --format csv exclude each other")
  const format: Format = given === "csv" ? "csv" : "json"
  const refused = Object.keys(filterOptions).find((o) => ctx.values[o] !== undefined && !ACCEPTS[kind].includes(o))
  if (refused) return usage(ctx, `--${refused} does not apply to ${kind}`)
  const filter = eventFilter(ctx)
  if (!filter.ok) return usage(ctx, filter.error)
  const file = stringOption(ctx, "out")
  return withStore(ctx, async (db) => {
    const steps = plan(kind, filter.value)
    const opened = file === undefined ? undefined : fileSink(file)
    if (opened && !opened.ok) return fail(ctx, opened.error)
    const sink = opened ? opened.value : chunked(ctx.rt.write)
    // The bar is for a person watching a terminal: never for --json, never when stderr is not a terminal, and not
    // when the rows themselves go to that screen.
    const watched = ctx.rt.errIsTTY && !ctx.json && (file !== undefined || !ctx.rt.outIsTTY)
    const total = watched ? steps.count(db) : 0
    const progress = total > PROGRESS_THRESHOLD ? progressBar(total, ctx.rt.errWrite) : NO_PROGRESS
    const written = await attemptAsync(() => steps.write(db, format, sink, progress))
    progress.finish()
    const closed = await attemptAsync(() => sink.close())
    // The reader went away (`| head`): stop quietly with the shell's code for SIGPIPE, as other tools do.
    if (!written.ok && /EPIPE/.test(written.error)) return 141
    if (!written.ok) return fail(ctx, `export stopped: ${written.error}`)
    if (!closed.ok) return fail(ctx, `cannot finish ${file ?? "the output"}: ${closed.error}`)
    const rows = written.value
    if (file !== undefined) ctx.rt.out(`exported ${rows} ${kind} rows as ${format.toUpperCase()} to ${file}`)
    return 0
  })
}
