// Times for people and for command lines: --since/--until take an ISO date or time, or a duration back from now (90s, 15m, 2h,
// 3d, 1w). Tables show local time; JSON and CSV carry epoch milliseconds and ISO strings.
import { err, ok, type Result } from "./result.ts"

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }
const ISO = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?$/

export function parseTime(value: string, now: number): Result<number> {
  const text = value.trim()
  const duration = /^(\d{1,9})([smhdw])$/.exec(text)
  if (duration) return ok(now - Number(duration[1]) * UNIT_MS[duration[2]!]!)
  if (ISO.test(text)) {
    const ms = Date.parse(text.replace(" ", "T"))
    if (Number.isFinite(ms)) return ok(ms)
  }
  return err(`"${value}" is neither an ISO date (2025-01-31, 2025-01-31T14:00) nor a duration (30m, 2h, 3d, 1w)`)
}

const two = (n: number) => String(n).padStart(2, "0")

/** Local time to the minute, for tables. */
export function localTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return ""
  const d = new Date(ms)
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`
}

/** "5m ago", "3h ago", "2d ago". */
export function ago(ms: number | null | undefined, now: number): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return ""
  const s = Math.max(0, Math.round((now - ms) / 1000))
  if (s < 60) return `${s}s ago`
  if (s < 3600) return `${Math.floor(s / 60)}m ago`
  if (s < 86_400) return `${Math.floor(s / 3600)}h ago`
  return `${Math.floor(s / 86_400)}d ago`
}

export const isoTime = (ms: number | null | undefined): string | null =>
  ms === null || ms === undefined || !Number.isFinite(ms) ? null : new Date(ms).toISOString()
