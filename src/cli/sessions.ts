// switchboard sessions: the sessions the tracker recorded for this pane (or every pane) of the project.
import { detectPane } from "../sessions/pane.ts"
import { trackedPanes, type PaneSessions } from "../store/queries.ts"
import { flag, projectFor, stringOption, usage, type Context } from "./context.ts"
import { withStore } from "./store.ts"
import { table, type Cell } from "./table.ts"
import { ago, localTime } from "../time.ts"

export const sessionsOptions = { pane: { type: "string" }, "all-panes": { type: "boolean" } } as const

/** This pane: --pane when given, else what the terminal says, exactly as the tracker inside opencode sees it. */
export function paneOf(ctx: Context): { key: string; source: string } {
  const given = stringOption(ctx, "pane")
  return given !== undefined ? { key: given, source: "--pane" } : detectPane(ctx.rt.env)
}

function rows(panes: PaneSessions[], withPane: boolean, now: number): Cell[][] {
  return panes.flatMap((p) =>
    p.sessions.map((s) => [
      ...(withPane ? [p.pane] : []),
      s.current ? "*" : "",
      s.id,
      `${s.title ?? ""}${s.deleted ? " (deleted)" : ""}`,
      s.lastActivity === undefined ? "" : `${localTime(s.lastActivity)} (${ago(s.lastActivity, now)})`,
    ]),
  )
}

export async function sessions(ctx: Context): Promise<number> {
  if (ctx.positionals.length > 0) return usage(ctx, `unexpected argument "${ctx.positionals[0]}"`)
  const all = flag(ctx, "all-panes")
  if (all && stringOption(ctx, "pane") !== undefined) return usage(ctx, "--pane and --all-panes exclude each other")
  const pane = paneOf(ctx)
  const project = projectFor(ctx)
  return withStore(ctx, (db) => {
    const panes = trackedPanes(db, project, all ? undefined : pane.key)
    if (ctx.json) {
      const [mine] = panes
      const one = { project, pane: pane.key, paneSource: pane.source, current: mine?.current ?? null }
      ctx.rt.out(JSON.stringify(all ? { project, panes } : { ...one, sessions: mine?.sessions ?? [] }, null, 2))
      return 0
    }
    const found = panes.some((p) => p.sessions.length > 0)
    if (!all) ctx.rt.out(`pane ${pane.key} (from ${pane.source}), project ${project}`)
    if (!found) {
      ctx.rt.out(all ? `no sessions tracked in ${project}` : "no sessions tracked for this pane")
      return 0
    }
    const columns = [
      ...(all ? [{ header: "PANE", max: 24 }] : []),
      { header: "" },
      { header: "SESSION" },
      { header: "TITLE", max: 48 },
      { header: "LAST ACTIVITY" },
    ]
    for (const line of table(columns, rows(panes, all, ctx.now))) ctx.rt.out(line)
    return 0
  })
}
