// switchboard stats: analytics for the project or one session: totals, per model, per UTC day (with a sparkline of
// tokens), the busiest sessions, tools and files touched; or the whole report as JSON.
import { analyticsReport, tokenTotal, type AnalyticsReport } from "../analytics/report.ts"
import { compactNumber, formatCost, sparkline } from "../status/sidebar.ts"
import { localTime } from "../time.ts"
import { usage, type Context } from "./context.ts"
import { eventFilter } from "./filters.ts"
import { withStore } from "./store.ts"
import { table, type Column } from "./table.ts"

export const statsOptions = {
  session: { type: "string" },
  since: { type: "string" },
  until: { type: "string" },
} as const

const right = (header: string): Column => ({ header, align: "right" })
const LAST: Column = { header: "LAST ACTIVITY" }
const ms = (v: number | undefined) => (v === undefined ? "" : `${v} ms`)

function section(ctx: Context, title: string, columns: Column[], rows: (string | number)[][]) {
  if (rows.length === 0) return
  ctx.rt.out("")
  ctx.rt.out(title)
  for (const line of table(columns, rows)) ctx.rt.out(`  ${line}`)
}

function print(ctx: Context, r: AnalyticsReport) {
  const t = r.totals
  const all = tokenTotal(t.tokens)
  ctx.rt.out(`${r.filter.sessionID ? `session ${r.filter.sessionID}` : `project ${r.project}`}`)
  ctx.rt.out(
    `${t.messages} messages (${t.assistantReplies} replies) · ${compactNumber(all)} tokens ` +
      `(in ${t.tokens.input}, out ${t.tokens.output}, reasoning ${t.tokens.reasoning}, ` +
      `cache read ${t.tokens.cacheRead}, cache write ${t.tokens.cacheWrite}) · ${formatCost(t.cost)}`,
  )
  const tok = ["TOKENS", "INPUT", "OUTPUT", "CACHE R", "CACHE W"].map(right)
  section(ctx, "per model", [{ header: "MODEL", max: 48 }, right("REPLIES"), ...tok, right("COST")],
    r.byModel.map((m) => [
      m.modelID ? `${m.providerID ?? "?"}/${m.modelID}` : "(unknown)",
      m.replies,
      tokenTotal(m.tokens),
      m.tokens.input,
      m.tokens.output,
      m.tokens.cacheRead,
      m.tokens.cacheWrite,
      formatCost(m.cost),
    ]),
  )
  if (r.byDay.length > 0) {
    ctx.rt.out("")
    ctx.rt.out(`per day (UTC)  tokens ${sparkline(r.byDay.map((d) => d.tokens), 60)}`)
    const rows = r.byDay.map((d) => [d.day, d.messages, d.tokens, formatCost(d.cost)])
    for (const line of table([{ header: "DAY" }, right("MESSAGES"), right("TOKENS"), right("COST")], rows)) {
      ctx.rt.out(`  ${line}`)
    }
  }
  section(ctx, "top sessions (by last activity)",
    [{ header: "SESSION" }, { header: "TITLE", max: 40 }, ...["MESSAGES", "TOKENS", "COST"].map(right), LAST],
    r.bySession.map((s) => {
      const last = s.lastActivity ? localTime(s.lastActivity) : ""
      return [s.id, s.title ?? "", s.messages, s.tokens, formatCost(s.cost), last]
    }),
  )
  section(ctx, "tools", [{ header: "TOOL", max: 40 }, right("CALLS"), right("FAILED"), right("P50"), right("P95")],
    r.tools.map((x) => [x.tool, x.calls, x.failures, ms(x.p50Ms), ms(x.p95Ms)]),
  )
  section(ctx, "files", [{ header: "FILE", max: 80 }, right("READS"), right("EDITS"), right("WRITES")],
    r.files.map((x) => [x.path, x.reads, x.edits, x.writes]),
  )
}

export async function stats(ctx: Context): Promise<number> {
  if (ctx.positionals.length > 0) return usage(ctx, `unexpected argument "${ctx.positionals[0]}"`)
  // The events filters, minus --type (statsOptions does not define it, so parseArgs already refused it).
  const filter = eventFilter(ctx)
  if (!filter.ok) return usage(ctx, filter.error)
  const { project, sessionID, since, until } = filter.value
  if (since !== undefined && until !== undefined && since >= until) return usage(ctx, "--since must be before --until")
  return withStore(ctx, (db) => {
    const report = analyticsReport(db, project, { sessionID, since, until })
    if (ctx.json) {
      ctx.rt.out(JSON.stringify(report, null, 2))
      return 0
    }
    if (report.totals.messages === 0 && report.tools.length === 0) {
      ctx.rt.out(sessionID ? `nothing captured for session ${sessionID}` : `nothing captured for ${project}`)
      return 0
    }
    print(ctx, report)
    return 0
  })
}
