/** @jsxImportSource @opentui/solid */
// /stats: the project's usage drawn with OpenTUI boxes and text: a totals line, tokens per UTC day as bars, this
// session's tokens per reply as a sparkline, tool calls per tool with failures marked. One short read-only open
// of the store when the command runs (no live refresh, no model turn); dialog.replace draws the frame, so only
// the body is rendered here.
import type { TuiPluginApi, TuiThemeCurrent } from "@opencode-ai/plugin/tui"
import { For, Show } from "solid-js"
import { barChart, dayBars, lastDays, toolBars, type BarLine } from "../src/analytics/charts.ts"
import { analyticsReport, tokenTotal, type AnalyticsReport } from "../src/analytics/report.ts"
import { err, errorMessage, ok, type Result } from "../src/result.ts"
import { projectKey } from "../src/sessions/project.ts"
import { compactNumber, formatCost, sessionUsage, sparkline, type SessionUsage } from "../src/status/sidebar.ts"
import { SCHEMA_VERSION } from "../src/store/migrations.ts"
import { openStoreReadonly } from "../src/store/open.ts"
import { storeFor, TUI_BUSY_TIMEOUT_MS } from "./store-path.ts"

export const CHART_DAYS = 14
const BAR_WIDTH = 36
const SPARK_WIDTH = 60
// Schema v3 added the captured conversation this dialog reads.
const CAPTURE_SCHEMA = 3

export interface StatsView {
  report: AnalyticsReport
  days: BarLine[]
  tools: BarLine[]
  session?: { id: string; usage: SessionUsage; spark: string }
}

/** Exact counts with thousands separators: the totals line is the one place a person compares numbers. */
export const exact = (n: number) => Math.round(n).toLocaleString("en-US")

export function totalsLine(r: AnalyticsReport): string {
  const t = r.totals
  const tokens = exact(tokenTotal(t.tokens))
  const cost = formatCost(t.cost)
  return `${exact(t.messages)} messages · ${exact(t.assistantReplies)} replies · ${tokens} tokens · ${cost}`
}

export function statsView(
  report: AnalyticsReport,
  now: number,
  session?: { id: string; usage: SessionUsage },
): StatsView {
  return {
    report,
    days: barChart(dayBars(lastDays(report.byDay, CHART_DAYS, now)), { width: BAR_WIDTH, format: compactNumber }),
    tools: barChart(toolBars(report.tools), { width: BAR_WIDTH, labelWidth: 20 }),
    session: session && { ...session, spark: sparkline(session.usage.perMessage, SPARK_WIDTH) },
  }
}

/** Open read-only (waiting at most TUI_BUSY_TIMEOUT_MS behind a writer), query, close. */
export function readStats(
  file: string,
  project: string,
  sessionID: string | undefined,
  now = Date.now(),
): Result<StatsView> {
  const opened = openStoreReadonly(file, TUI_BUSY_TIMEOUT_MS)
  if (!opened.ok) return err(opened.error)
  const db = opened.value
  try {
    const version = (db.query("PRAGMA user_version").get() as { user_version: number }).user_version
    if (version < CAPTURE_SCHEMA) return err("the store has not captured any conversation yet")
    if (version > SCHEMA_VERSION) return err("the store is from a newer switchboard")
    const report = analyticsReport(db, project)
    return ok(statsView(report, now, sessionID ? { id: sessionID, usage: sessionUsage(db, sessionID) } : undefined))
  } catch (cause) {
    return err(errorMessage(cause))
  } finally {
    db.close()
  }
}

function currentSession(api: TuiPluginApi): string | undefined {
  const route = api.route.current
  const id = route.name === "session" ? route.params?.sessionID : undefined
  return typeof id === "string" ? id : undefined
}

function Heading(props: { theme: TuiThemeCurrent; text: string; hint?: string }) {
  return (
    <text fg={props.theme.text} wrapMode="none">
      <b>{props.text}</b>
      <Show when={props.hint}>
        <span style={{ fg: props.theme.textMuted }}>{`  ${props.hint}`}</span>
      </Show>
    </text>
  )
}

function Bars(props: { theme: TuiThemeCurrent; lines: BarLine[] }) {
  return (
    <box>
      <For each={props.lines}>
        {(line) => (
          <text fg={props.theme.textMuted} wrapMode="none">
            <span style={{ fg: props.theme.textMuted }}>{`${line.label}  `}</span>
            <span style={{ fg: line.alert ? props.theme.warning : props.theme.accent }}>{line.bar}</span>
            <span style={{ fg: props.theme.text }}>{`${line.gap}  ${line.value}`}</span>
            <Show when={line.note}>
              <span style={{ fg: props.theme.error }}>{`  ✗ ${line.note}`}</span>
            </Show>
          </text>
        )}
      </For>
    </box>
  )
}

export function StatsBody(props: { theme: TuiThemeCurrent; view: StatsView }) {
  const v = props.view
  const empty = v.report.totals.messages === 0 && v.report.tools.length === 0
  return (
    <box paddingLeft={2} paddingRight={2} paddingBottom={1} gap={1}>
      <box flexDirection="row" justifyContent="space-between">
        <text fg={props.theme.text}>
          <b>Switchboard stats</b>
        </text>
        <text fg={props.theme.textMuted}>esc</text>
      </box>
      <text fg={props.theme.textMuted} wrapMode="none">
        {totalsLine(v.report)}
      </text>
      <Show when={!empty} fallback={<text fg={props.theme.textMuted}>Nothing captured for this project yet.</text>}>
        <box>
          <Heading theme={props.theme} text="Tokens per day" hint={`UTC, last ${CHART_DAYS} days`} />
          <Bars theme={props.theme} lines={v.days} />
        </box>
        <Show when={v.session}>
          {(s: () => NonNullable<StatsView["session"]>) => (
            <box>
              <Heading theme={props.theme} text="This session" hint="tokens per reply" />
              <text fg={props.theme.textMuted} wrapMode="none">
                <span style={{ fg: props.theme.accent }}>{s().spark || "·"}</span>
                {`  ${s().usage.perMessage.length} replies · ${exact(s().usage.tokens)} tokens`}
                {` · ${formatCost(s().usage.cost)}`}
              </text>
            </box>
          )}
        </Show>
        <Show when={v.tools.length > 0}>
          <box>
            <Heading theme={props.theme} text="Tool calls" hint="per tool, failures marked ✗" />
            <Bars theme={props.theme} lines={v.tools} />
          </box>
        </Show>
      </Show>
    </box>
  )
}

export function openStatsDialog(api: TuiPluginApi) {
  const project = projectKey(api.state.path.directory, api.state.path.worktree)
  const read = readStats(storeFor(api), project, currentSession(api))
  if (!read.ok) {
    const message = `The switchboard store is not reachable: ${read.error}`
    api.ui.dialog.replace(() => <api.ui.DialogAlert title="Stats" message={message} />)
    return
  }
  api.ui.dialog.replace(() => <StatsBody theme={api.theme.current} view={read.value} />)
  api.ui.dialog.setSize("large")
}
