// The sidebar's content as data: which lines to show and in which tone. The TUI only maps tones to theme colours,
// so everything worth testing (counting, alerts, number formats, the sparkline) lives here, free of Solid.
import type { Database } from "bun:sqlite"
import type { ExtensionSummary, StatusReport } from "./report.ts"

export type Tone = "text" | "muted" | "success" | "warning" | "error" | "accent"
export interface Segment {
  text: string
  tone: Tone
}
export type SidebarLine = Segment[]

export interface SidebarModel {
  title: string
  lines: SidebarLine[]
}

export interface SessionUsage {
  /** Total tokens per assistant message, oldest first (input, output, reasoning and cache). */
  perMessage: number[]
  tokens: number
  cost: number
}

/** What the sidebar needs from the status report; the reader may build just this much. */
export type SidebarStatus = Pick<StatusReport, "store" | "server" | "extensions">

export const TITLE = "Switchboard"
const BLOCKS = "▁▂▃▄▅▆▇█"
const SPARK_WIDTH = 20
const MAX_ALERTS = 3
// opencode's sidebar leaves 38 columns for content; a longer line would be cut off or wrap and push the rest down.
export const LINE_WIDTH = 36

/** One block per value (the last `width` values), scaled to the largest; zero and tiny values sit on the floor. */
export function sparkline(values: readonly number[], width = SPARK_WIDTH): string {
  if (width <= 0) return ""
  const shown = values.slice(-width).map((v) => (Number.isFinite(v) && v > 0 ? v : 0))
  const max = Math.max(0, ...shown)
  return shown
    .map((v) => BLOCKS[max === 0 ? 0 : Math.min(BLOCKS.length - 1, Math.max(0, Math.ceil((v / max) * BLOCKS.length) - 1))])
    .join("")
}

const UNITS = ["", "k", "M", "B"]

/** 999 → 999, 1234 → 1.2k, 12345 → 12.3k, 123456 → 123k, 1234567 → 1.2M. */
export function compactNumber(n: number): string {
  if (!Number.isFinite(n)) return "0"
  const sign = n < 0 ? "-" : ""
  let value = Math.abs(n)
  if (value < 1000) return `${sign}${Math.round(value)}`
  let unit = 0
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000
    unit++
  }
  let shown = value < 100 ? value.toFixed(1) : value.toFixed(0)
  // 999.95k rounds to "1000k": carry it into the next unit instead.
  if (Number(shown) >= 1000 && unit < UNITS.length - 1) {
    unit++
    shown = (Number(shown) / 1000).toFixed(1)
  }
  return `${sign}${shown.replace(/\.0$/, "")}${UNITS[unit]}`
}

/** $0.00 for free models, <$0.01 for fractions of a cent, two decimals otherwise. */
export function formatCost(cost: number): string {
  if (!Number.isFinite(cost) || cost <= 0) return "$0.00"
  if (cost < 0.005) return "<$0.01"
  return `$${cost.toFixed(2)}`
}

function shorten(name: string, width: number): string {
  return name.length <= width ? name : `${name.slice(0, Math.max(1, width - 1))}…`
}

export function isHealthy(e: ExtensionSummary): boolean {
  return e.state === "active" && (e.breaker === undefined || e.breaker === "closed")
}

/** Why an extension needs a look, or undefined when it does not. Disabled ones were turned off on purpose. */
export function alertOf(e: ExtensionSummary): { text: string; tone: Tone } | undefined {
  if (e.state === "failed") return { text: "failed", tone: "error" }
  if (e.breaker === "open") return { text: "breaker open", tone: "error" }
  if (e.breaker === "half-open") return { text: "breaker half-open", tone: "warning" }
  return undefined
}

const muted = (text: string): Segment => ({ text, tone: "muted" })

export function unavailableModel(reason = "store not reachable"): SidebarModel {
  return { title: TITLE, lines: [[muted(reason)]] }
}

function extensionLines(extensions: readonly ExtensionSummary[]): SidebarLine[] {
  const healthy = extensions.filter(isHealthy).length
  const disabled = extensions.filter((e) => e.state === "disabled").length
  const all = healthy === extensions.length
  const summary: SidebarLine = [
    muted("extensions "),
    { text: `${healthy}/${extensions.length}`, tone: all ? "success" : "warning" },
    muted(" healthy"),
    ...(disabled > 0 ? [muted(` · ${disabled} off`)] : []),
  ]
  const alerts = extensions.flatMap((e) => {
    const alert = alertOf(e)
    return alert ? [{ name: e.name, ...alert }] : []
  })
  const shown = alerts.slice(0, MAX_ALERTS).map((a): SidebarLine => [
    { text: "⚠ ", tone: a.tone },
    // the name gives way, not the reason: "breaker open" is the part that says what to do
    { text: shorten(a.name, LINE_WIDTH - 4 - a.text.length), tone: "text" },
    muted(`: ${a.text}`),
  ])
  const more = alerts.length > MAX_ALERTS ? [[muted(`  +${alerts.length - MAX_ALERTS} more`)]] : []
  return [summary, ...shown, ...more]
}

function usageLines(usage: SessionUsage | undefined): SidebarLine[] {
  const lines: SidebarLine[] = [[muted(`tokens ${compactNumber(usage?.tokens ?? 0)} · ${formatCost(usage?.cost ?? 0)}`)]]
  const spark = sparkline(usage?.perMessage ?? [], SPARK_WIDTH)
  if (spark) lines.push([{ text: spark, tone: "accent" }, muted(" per reply")])
  return lines
}

export function sidebarModel(status: SidebarStatus, usage: SessionUsage | undefined): SidebarModel {
  if (!status.store.ok) return unavailableModel()
  const lines: SidebarLine[] = status.server.loaded
    ? extensionLines(status.extensions)
    : [[muted("server half not seen")]]
  return { title: TITLE, lines: [...lines, ...usageLines(usage)] }
}

interface UsageRow {
  tokens: number
  cost: number
  completed: number
}

/** This session's assistant messages, oldest first; a reply still streaming with no tokens yet is left out. */
export function sessionUsage(db: Database, sessionID: string): SessionUsage {
  const rows = db
    .query(
      `SELECT tokens_input + tokens_output + tokens_reasoning + tokens_cache_read + tokens_cache_write AS tokens,
         cost, completed_at IS NOT NULL AS completed
       FROM messages
       WHERE session_id = $session AND role = 'assistant'
       ORDER BY created_at IS NULL, created_at, id`,
    )
    .all({ session: sessionID }) as UsageRow[]
  const counted = rows.filter((r) => r.completed || r.tokens > 0)
  return {
    perMessage: counted.map((r) => r.tokens),
    tokens: counted.reduce((sum, r) => sum + r.tokens, 0),
    cost: rows.reduce((sum, r) => sum + r.cost, 0),
  }
}
