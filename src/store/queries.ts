// Read-side queries for the CLI and other readers. Every value from outside travels as a bound parameter; the SQL
// text is assembled only from the fixed fragments below. Exports page through rows so a large store is never
// held in memory at once.
import type { Database } from "bun:sqlite"
import { TRACKED_PREFIX, trackedPane } from "../sessions/tracked.ts"

export const TRACKER_EXTENSION = "sessions" // the tracker's store slice (src/extensions/sessions.ts)
const DAY_MS = 86_400_000

/** WHERE clauses from fixed fragments; each value is bound, and a missing value leaves its clause out. */
function where(parts: [clause: string, name: string, value: string | number | undefined][]) {
  const present = parts.filter(([, , value]) => value !== undefined)
  const params: Record<string, string | number> = Object.fromEntries(present.map(([, name, value]) => [name, value!]))
  return { sql: present.map(([clause]) => clause).join(" AND "), params }
}
type Where = ReturnType<typeof where>

/** Latest of a session row's update, its messages' creation and its events, as one SQL expression. */
const lastActivity = (id: string) => `MAX(COALESCE((SELECT updated_at FROM sessions WHERE id = ${id}), 0),
  COALESCE((SELECT MAX(created_at) FROM messages WHERE session_id = ${id}), 0),
  COALESCE((SELECT MAX(at) FROM events WHERE session_id = ${id}), 0))`

export interface TrackedSession {
  id: string
  title?: string
  trackedAt: number // when the tracker last saw the pane in this session
  lastActivity?: number
  current: boolean
  deleted: boolean
}

export interface PaneSessions {
  pane: string
  paneSource: string
  current?: string
  updatedAt: number
  sessions: TrackedSession[]
}

const SESSION_FACTS = `SELECT (SELECT title FROM sessions WHERE id = $id) AS title,
  (SELECT deleted_at FROM sessions WHERE id = $id) AS deleted, ${lastActivity("$id")} AS last`

/** Panes the tracker recorded for a project (or one pane), most recently updated first. Bad rows are skipped. */
export function trackedPanes(db: Database, project: string, pane?: string): PaneSessions[] {
  const select = "SELECT value, updated_at FROM kv WHERE project = $project AND extension = $ext"
  const rows = (
    pane === undefined
      ? db
          .query(`${select} AND key >= $lo AND key < $hi ORDER BY updated_at DESC, key`)
          // ';' follows ':' in ASCII: the range is exactly the keys that start with "pane:".
          .all({ project, ext: TRACKER_EXTENSION, lo: TRACKED_PREFIX, hi: TRACKED_PREFIX.replace(/:$/, ";") })
      : db.query(`${select} AND key = $key`).all({ project, ext: TRACKER_EXTENSION, key: `${TRACKED_PREFIX}${pane}` })
  ) as { value: string; updated_at: number }[]
  const facts = db.query(SESSION_FACTS)
  const panes: PaneSessions[] = []
  for (const row of rows) {
    let value: unknown
    try {
      value = JSON.parse(row.value)
    } catch {
      continue
    }
    const parsed = trackedPane.safeParse(value)
    if (!parsed.success) continue
    const p = parsed.data
    const sessions = p.history.map((h): TrackedSession => {
      const f = facts.get({ id: h.id }) as { title: string | null; deleted: number | null; last: number }
      const [last, current, deleted] = [f.last > 0 ? f.last : undefined, h.id === p.current, f.deleted !== null]
      return { id: h.id, title: f.title ?? h.title, trackedAt: h.at, lastActivity: last, current, deleted }
    })
    panes.push({ pane: p.pane, paneSource: p.paneSource, current: p.current, updatedAt: row.updated_at, sessions })
  }
  return panes
}

export interface SessionRow {
  id: string
  title: string | null
  parentID: string | null
  directory: string
  createdAt: number | null
  updatedAt: number
  deletedAt: number | null
  lastActivity: number
}

const SESSION_PAGE = `SELECT s.id, s.title, s.parent_id AS parentID, s.directory, s.created_at AS createdAt,
    s.updated_at AS updatedAt, s.deleted_at AS deletedAt, ${lastActivity("s.id")} AS lastActivity
  FROM sessions s WHERE +s.project = $project AND s.id > $after ORDER BY s.id LIMIT $limit`

/** Every captured session of a project in id order (ids begin with their creation time), a page at a time. The
 * unary + keeps the planner on the id index, so no page sorts the whole project. */
export function iterateSessions(db: Database, project: string, pageSize = 1000): Generator<SessionRow> {
  const page = db.query(SESSION_PAGE)
  return keyset(pageSize, "", (after) => page.all({ project, after, limit: pageSize }) as SessionRow[], (r) => r.id)
}

/** Keyset paging: each page starts after the last key seen, so every page is one short indexed read. */
function* keyset<T, K>(size: number, first: K, page: (after: K) => T[], key: (row: T) => K): Generator<T> {
  for (let after = first; ; ) {
    const rows = page(after)
    yield* rows
    if (rows.length < size) return
    after = key(rows[rows.length - 1]!)
  }
}

export function countSessions(db: Database, project: string): number {
  return (db.query("SELECT COUNT(*) AS n FROM sessions WHERE project = $project").get({ project }) as { n: number }).n
}

export interface EventFilter {
  project: string
  type?: string
  sessionID?: string
  /** Milliseconds since the epoch: since inclusive, until exclusive. */
  since?: number
  until?: number
  /** Case-insensitive (ASCII) substring of the summary or the JSON data. */
  text?: string
}

export interface EventRow {
  id: number
  at: number
  sessionID: string | null
  type: string
  summary: string
  data: string
  truncated: number
}

/** LIKE treats % and _ as wildcards: escape them (and the escape character) so the search is literal. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

const SEARCH = "(summary LIKE $text ESCAPE '\\' OR data LIKE $text ESCAPE '\\')"

function eventWhere(f: EventFilter): Where {
  return where([
    ["project = $project", "project", f.project],
    ["type = $type", "type", f.type],
    ["session_id = $session", "session", f.sessionID],
    ["at >= $since", "since", f.since],
    ["at < $until", "until", f.until],
    [SEARCH, "text", f.text === undefined ? undefined : likePattern(f.text)],
  ])
}

const EVENT_COLUMNS = "id, at, session_id AS sessionID, type, summary, data, truncated"

/** Newest first. */
export function listEvents(db: Database, f: EventFilter, limit: number, offset = 0): EventRow[] {
  const w = eventWhere(f)
  const sql = `SELECT ${EVENT_COLUMNS} FROM events WHERE ${w.sql} ORDER BY at DESC, id DESC LIMIT $limit OFFSET $offset`
  return db.query(sql).all({ ...w.params, limit, offset }) as EventRow[]
}

export function countEvents(db: Database, f: EventFilter): number {
  const w = eventWhere(f)
  return (db.query(`SELECT COUNT(*) AS n FROM events WHERE ${w.sql}`).get(w.params) as { n: number }).n
}

/** Oldest first, by id, one page at a time: a million-row export never holds more than a page. */
export function iterateEvents(db: Database, f: EventFilter, pageSize = 2000): Generator<EventRow> {
  const w = eventWhere(f)
  // NOT INDEXED keeps the planner on the rowid range: through a (project, …) index, every page would sort them all.
  const page = db.query(`SELECT ${EVENT_COLUMNS} FROM events NOT INDEXED WHERE ${w.sql} AND id > $after ORDER BY id
    LIMIT $limit`)
  return keyset(pageSize, 0, (after) => page.all({ ...w.params, after, limit: pageSize }) as EventRow[], (r) => r.id)
}

export type EventGrouping = "type" | "session" | "day"

export interface CountRow {
  /** The type, the session id (null: events outside a session) or the UTC day (YYYY-MM-DD). */
  key: string | null
  count: number
  first: number
  last: number
  title?: string | null
}

// Days group on an integer division, not a date string formatted for each of a million rows.
const GROUP_KEY: Record<EventGrouping, string> = { type: "type", session: "session_id", day: `at / ${DAY_MS}` }

export const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10)

/** Event counts per type, session or UTC day: the largest groups first, days in date order. */
export function aggregateEvents(db: Database, f: EventFilter, by: EventGrouping): CountRow[] {
  const w = eventWhere(f)
  const key = GROUP_KEY[by]
  const order = by === "day" ? "key" : "count DESC, key"
  const grouped = `SELECT ${key} AS key, COUNT(*) AS count, MIN(at) AS first, MAX(at) AS last FROM events
    WHERE ${w.sql} GROUP BY ${key}`
  const title = "(SELECT title FROM sessions WHERE id = g.key) AS title"
  const sql = `SELECT g.*${by === "session" ? `, ${title}` : ""} FROM (${grouped}) g ORDER BY ${order}`
  const rows = db.query(sql).all(w.params) as (Omit<CountRow, "key"> & { key: string | number | null })[]
  if (by !== "day") return rows as CountRow[]
  return rows.map((r) => ({ ...r, key: r.key === null ? null : utcDay(Number(r.key) * DAY_MS) }))
}

/** Tool calls and analytics: the event filter without type and text; times apply to when a call started. */
export type UsageFilter = Omit<EventFilter, "type" | "text">

export interface ToolRow {
  tool: string
  calls: number
  failures: number
  /** Nearest-rank percentiles over calls with both a start and an end time. */
  p50Ms?: number
  p95Ms?: number
}

function usageWhere(f: UsageFilter, at: string): Where {
  return where([
    ["project = $project", "project", f.project],
    ["session_id = $session", "session", f.sessionID],
    [`${at} >= $since`, "since", f.since],
    [`${at} < $until`, "until", f.until],
  ])
}

const rank = (p: number, n: number) => Math.max(1, Math.ceil((p / 100) * n))

/** Calls, failures and duration percentiles per tool, the most used first. */
export function aggregateTools(db: Database, f: UsageFilter): ToolRow[] {
  const w = usageWhere(f, "started_at")
  const timed = "started_at IS NOT NULL AND ended_at IS NOT NULL AND ended_at >= started_at"
  const counts = db
    .query(`SELECT tool, COUNT(*) AS calls, SUM(status = 'error') AS failures, SUM(${timed}) AS timed
      FROM tool_calls WHERE ${w.sql} GROUP BY tool ORDER BY calls DESC, tool`)
    .all(w.params) as (ToolRow & { timed: number })[]
  const rows = new Map(counts.map((c) => [c.tool, c]))
  // Durations arrive sorted per tool: only the two wanted ranks are kept, never the whole list.
  const durations = db.query(`SELECT tool, ended_at - started_at AS d FROM tool_calls WHERE ${w.sql} AND ${timed}
    ORDER BY tool, d`)
  let tool: string | undefined
  let index = 0
  for (const r of durations.iterate(w.params) as IterableIterator<{ tool: string; d: number }>) {
    index = r.tool === tool ? index + 1 : 1
    tool = r.tool
    const row = rows.get(r.tool)
    if (row && index === rank(50, row.timed)) row.p50Ms = r.d
    if (row && index === rank(95, row.timed)) row.p95Ms = r.d
  }
  return counts.map(({ timed: _, ...row }) => row)
}

export interface AnalyticsRow {
  sessionID: string
  /** UTC day, YYYY-MM-DD, or "unknown" for rows without a time. */
  day: string
  title: string | null
  messages: number
  tokensInput: number
  tokensOutput: number
  tokensReasoning: number
  tokensCacheRead: number
  tokensCacheWrite: number
  cost: number
  toolCalls: number
  toolFailures: number
}

function analyticsSql(f: UsageFilter): Where {
  const mAt = "COALESCE(created_at, completed_at)"
  const m = usageWhere(f, mAt)
  const t = usageWhere(f, "started_at")
  const day = (col: string) => `COALESCE(date(${col} / 1000, 'unixepoch'), 'unknown')`
  const sql = `WITH
    m AS (SELECT session_id, ${day(mAt)} AS day, COUNT(*) AS n, SUM(tokens_input) AS ti, SUM(tokens_output) AS t_o,
        SUM(tokens_reasoning) AS tr, SUM(tokens_cache_read) AS tcr, SUM(tokens_cache_write) AS tcw, SUM(cost) AS cost
      FROM messages WHERE ${m.sql} GROUP BY 1, 2),
    t AS (SELECT session_id, ${day("started_at")} AS day, COUNT(*) AS calls, SUM(status = 'error') AS failures
      FROM tool_calls WHERE ${t.sql} GROUP BY 1, 2),
    k AS (SELECT session_id, day FROM m UNION SELECT session_id, day FROM t)
    SELECT k.session_id AS sessionID, k.day, (SELECT title FROM sessions WHERE id = k.session_id) AS title,
      COALESCE(m.n, 0) AS messages, COALESCE(m.ti, 0) AS tokensInput, COALESCE(m.t_o, 0) AS tokensOutput,
      COALESCE(m.tr, 0) AS tokensReasoning, COALESCE(m.tcr, 0) AS tokensCacheRead,
      COALESCE(m.tcw, 0) AS tokensCacheWrite, COALESCE(m.cost, 0) AS cost, COALESCE(t.calls, 0) AS toolCalls,
      COALESCE(t.failures, 0) AS toolFailures
    FROM k LEFT JOIN m ON m.session_id = k.session_id AND m.day = k.day
      LEFT JOIN t ON t.session_id = k.session_id AND t.day = k.day
    ORDER BY k.day, k.session_id`
  return { sql, params: { ...m.params, ...t.params } }
}

/** Usage per session and UTC day: messages, tokens, cost, tool calls and failures, streamed from SQLite. */
export function iterateAnalytics(db: Database, f: UsageFilter): IterableIterator<AnalyticsRow> {
  const q = analyticsSql(f)
  return db.query(q.sql).iterate(q.params) as IterableIterator<AnalyticsRow>
}

export function countAnalytics(db: Database, f: UsageFilter): number {
  const q = analyticsSql(f)
  return (db.query(`SELECT COUNT(*) AS n FROM (${q.sql})`).get(q.params) as { n: number }).n
}
