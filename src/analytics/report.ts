// Analytics for a project (or one session): totals, per model, per UTC day, top sessions, tools and files touched.
// Built on the store's read queries (iterateAnalytics, aggregateTools) plus three grouped reads of its own; every
// value is a bound parameter and every read starts from the project's indexes (messages_project,
// tool_calls_project_tool), so nothing here scans another project's rows or holds a table in memory.
import type { Database } from "bun:sqlite"
import path from "node:path"
import { aggregateTools, iterateAnalytics, type ToolRow, type UsageFilter } from "../store/queries.ts"

export interface Tokens {
  input: number
  output: number
  reasoning: number
  cacheRead: number
  cacheWrite: number
}

export interface ReportOptions {
  sessionID?: string
  /** Milliseconds since the epoch: since inclusive, until exclusive. */
  since?: number
  until?: number
}

export interface ModelUsage {
  providerID: string | null
  modelID: string | null
  replies: number
  tokens: Tokens
  cost: number
}

export interface DayUsage {
  /** UTC day, YYYY-MM-DD, or "unknown" for rows without a time. */
  day: string
  messages: number
  tokens: number
  cost: number
}

export interface SessionUsageRow {
  id: string
  title: string | null
  messages: number
  tokens: number
  cost: number
  lastActivity: number | null
}

export interface FileUsage {
  path: string
  reads: number
  edits: number
  writes: number
}

export interface AnalyticsReport {
  project: string
  filter: ReportOptions
  totals: { messages: number; assistantReplies: number; tokens: Tokens; cost: number }
  byModel: ModelUsage[]
  byDay: DayUsage[]
  bySession: SessionUsageRow[]
  tools: ToolRow[]
  files: FileUsage[]
}

export const TOP_SESSIONS = 20
export const TOP_FILES = 50
// Files are grouped in SQL; a few more than shown are fetched because absolute and relative spellings of one
// path merge after relativising.
const FILE_ROWS = TOP_FILES * 4

export const tokenTotal = (t: Tokens): number => t.input + t.output + t.reasoning + t.cacheRead + t.cacheWrite
const zeroTokens = (): Tokens => ({ input: 0, output: 0, reasoning: 0, cacheRead: 0, cacheWrite: 0 })

const MESSAGE_AT = "COALESCE(created_at, completed_at)"
const TOKEN_SUM = "tokens_input + tokens_output + tokens_reasoning + tokens_cache_read + tokens_cache_write"

/** The filter clauses shared by the reads below, built from fixed fragments; absent values leave theirs out. */
function clauses(f: UsageFilter, at: string) {
  const parts: [string, string, string | number | undefined][] = [
    ["project = $project", "project", f.project],
    ["session_id = $session", "session", f.sessionID],
    [`${at} >= $since`, "since", f.since],
    [`${at} < $until`, "until", f.until],
  ]
  const present = parts.filter(([, , v]) => v !== undefined)
  const params = Object.fromEntries(present.map(([, name, v]) => [name, v!])) as Record<string, string | number>
  return { sql: present.map(([c]) => c).join(" AND "), params }
}

function byModel(db: Database, f: UsageFilter): ModelUsage[] {
  const w = clauses(f, MESSAGE_AT)
  const rows = db
    .query(
      `SELECT provider_id AS providerID, model_id AS modelID, COUNT(*) AS replies, SUM(tokens_input) AS input,
         SUM(tokens_output) AS output, SUM(tokens_reasoning) AS reasoning, SUM(tokens_cache_read) AS cacheRead,
         SUM(tokens_cache_write) AS cacheWrite, SUM(cost) AS cost
       FROM messages WHERE ${w.sql} AND role = 'assistant' GROUP BY 1, 2 ORDER BY cost DESC, replies DESC, 1, 2`,
    )
    .all(w.params) as (Omit<ModelUsage, "tokens"> & Tokens)[]
  return rows.map(({ providerID, modelID, replies, cost, ...t }) => ({ providerID, modelID, replies, cost, tokens: t }))
}

function bySession(db: Database, f: UsageFilter): SessionUsageRow[] {
  const w = clauses(f, MESSAGE_AT)
  return db
    .query(
      `SELECT g.*, (SELECT title FROM sessions WHERE id = g.id) AS title FROM (
         SELECT session_id AS id, COUNT(*) AS messages, SUM(${TOKEN_SUM}) AS tokens, SUM(cost) AS cost,
           MAX(${MESSAGE_AT}) AS lastActivity
         FROM messages WHERE ${w.sql} GROUP BY session_id) g
       ORDER BY g.lastActivity IS NULL, g.lastActivity DESC, g.id LIMIT $limit`,
    )
    .all({ ...w.params, limit: TOP_SESSIONS }) as SessionUsageRow[]
}

/** A path as shown: relative to the project when inside it, as stored otherwise. */
export function displayPath(file: string, project: string): string {
  if (!path.isAbsolute(file)) return file
  const rel = path.relative(project, file)
  return rel === "" || rel.startsWith("..") || path.isAbsolute(rel) ? file : rel
}

function files(db: Database, f: UsageFilter): FileUsage[] {
  const w = clauses(f, "started_at")
  // json_valid first: a truncated input is not JSON, and json_extract would abort the whole query on it.
  const field = (name: string) => `CASE WHEN json_valid(input) THEN json_extract(input, '$.${name}') END`
  const rows = db
    .query(
      `SELECT p AS path, SUM(tool = 'read') AS reads, SUM(tool IN ('edit', 'multiedit')) AS edits,
         SUM(tool = 'write') AS writes FROM (
           SELECT tool, COALESCE(${field("filePath")}, ${field("path")}) AS p FROM tool_calls
           WHERE ${w.sql} AND tool IN ('read', 'edit', 'write', 'multiedit'))
       WHERE typeof(p) = 'text' AND p <> '' GROUP BY p ORDER BY COUNT(*) DESC, p LIMIT $limit`,
    )
    .all({ ...w.params, limit: FILE_ROWS }) as FileUsage[]
  const merged = new Map<string, FileUsage>()
  for (const r of rows) {
    const key = displayPath(r.path, f.project)
    const m = merged.get(key) ?? { path: key, reads: 0, edits: 0, writes: 0 }
    merged.set(key, { path: key, reads: m.reads + r.reads, edits: m.edits + r.edits, writes: m.writes + r.writes })
  }
  const touches = (x: FileUsage) => x.reads + x.edits + x.writes
  const order = (a: FileUsage, b: FileUsage) => touches(b) - touches(a) || a.path.localeCompare(b.path)
  return [...merged.values()].sort(order).slice(0, TOP_FILES)
}

export function analyticsReport(db: Database, project: string, opts: ReportOptions = {}): AnalyticsReport {
  const f: UsageFilter = { project, sessionID: opts.sessionID, since: opts.since, until: opts.until }
  const totals = { messages: 0, assistantReplies: 0, tokens: zeroTokens(), cost: 0 }
  const days = new Map<string, DayUsage>()
  // Per session and day, streamed: folded into days and totals without holding the rows.
  for (const r of iterateAnalytics(db, f)) {
    const tokens = r.tokensInput + r.tokensOutput + r.tokensReasoning + r.tokensCacheRead + r.tokensCacheWrite
    const d = days.get(r.day) ?? { day: r.day, messages: 0, tokens: 0, cost: 0 }
    days.set(r.day, { day: r.day, messages: d.messages + r.messages, tokens: d.tokens + tokens, cost: d.cost + r.cost })
    totals.messages += r.messages
    totals.tokens.input += r.tokensInput
    totals.tokens.output += r.tokensOutput
    totals.tokens.reasoning += r.tokensReasoning
    totals.tokens.cacheRead += r.tokensCacheRead
    totals.tokens.cacheWrite += r.tokensCacheWrite
    totals.cost += r.cost
  }
  const models = byModel(db, f)
  totals.assistantReplies = models.reduce((n, m) => n + m.replies, 0)
  const byDay = [...days.values()].filter((d) => d.messages > 0)
  return {
    project,
    filter: opts,
    totals,
    byModel: models,
    byDay,
    bySession: bySession(db, f),
    tools: aggregateTools(db, f),
    files: files(db, f),
  }
}
