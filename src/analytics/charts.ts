// Chart layout as data, free of Solid and of the terminal: bars of █ with an eighth-block tail, labels padded to
// one width, values right-aligned. The /stats dialog only colours these strings; the CLI reuses the day series.
import { utcDay } from "../store/queries.ts"
import type { DayUsage } from "./report.ts"

const DAY_MS = 86_400_000
// Eighths of a cell, from one eighth to seven; a whole cell is █.
const PARTIAL = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
export const FULL = "█"

/** A bar `width` cells long at most, scaled so `max` fills it; any value above zero shows at least ▏. */
export function bar(value: number, max: number, width: number): string {
  if (!(value > 0) || !(max > 0) || width <= 0) return ""
  const eighths = Math.max(1, Math.round((Math.min(value, max) / max) * width * 8))
  return FULL.repeat(Math.floor(eighths / 8)) + PARTIAL[eighths % 8]
}

export interface BarRow {
  label: string
  value: number
  /** Shown after the value, e.g. "2 failed". */
  note?: string
  /** Something wrong in this row (failures): the dialog marks it. */
  alert?: boolean
}

export interface BarLine {
  /** Padded to the widest label (cut with "…" past `labelWidth`). */
  label: string
  bar: string
  /** Padding that keeps the value column aligned whatever the bar's length. */
  gap: string
  /** Right-aligned to the widest value. */
  value: string
  note: string
  alert: boolean
}

export interface BarOptions {
  /** Cells for the longest bar. */
  width: number
  labelWidth?: number
  format?: (n: number) => string
}

const cut = (text: string, max: number) =>
  [...text].length <= max ? text : `${[...text].slice(0, Math.max(0, max - 1)).join("")}…`

/** Horizontal bar chart lines: `label  bar·····  value  note`, every column aligned, bars scaled to the max. */
export function barChart(rows: readonly BarRow[], opts: BarOptions): BarLine[] {
  const format = opts.format ?? String
  const labels = rows.map((r) => cut(r.label, opts.labelWidth ?? 24))
  const values = rows.map((r) => format(r.value))
  const labelWidth = Math.max(0, ...labels.map((l) => [...l].length))
  const valueWidth = Math.max(0, ...values.map((v) => v.length))
  const max = Math.max(0, ...rows.map((r) => r.value))
  return rows.map((r, i) => {
    const b = bar(r.value, max, opts.width)
    return {
      label: labels[i]!.padEnd(labelWidth + (labels[i]!.length - [...labels[i]!].length)),
      bar: b,
      gap: " ".repeat(Math.max(0, opts.width - [...b].length)),
      value: values[i]!.padStart(valueWidth),
      note: r.note ?? "",
      alert: r.alert ?? false,
    }
  })
}

/** The last `count` UTC days up to the day of `now`, oldest first, days without use as zeros. */
export function lastDays(byDay: readonly DayUsage[], count: number, now: number): DayUsage[] {
  const known = new Map(byDay.map((d) => [d.day, d]))
  const today = Math.floor(now / DAY_MS) * DAY_MS
  return Array.from({ length: Math.max(0, count) }, (_, i) => {
    const day = utcDay(today - (count - 1 - i) * DAY_MS)
    return known.get(day) ?? { day, messages: 0, tokens: 0, cost: 0 }
  })
}

/** Per-day bars labelled MM-DD (the year is noise over two weeks). */
export function dayBars(days: readonly DayUsage[]): BarRow[] {
  return days.map((d) => ({ label: d.day.slice(5), value: d.tokens }))
}

/** Per-tool bars of calls, failures noted and marked. */
export function toolBars(tools: readonly { tool: string; calls: number; failures: number }[], limit = 12): BarRow[] {
  return tools.slice(0, limit).map((t) => ({
    label: t.tool,
    value: t.calls,
    note: t.failures > 0 ? `${t.failures} failed` : "",
    alert: t.failures > 0,
  }))
}
