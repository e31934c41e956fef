// Per extension × hook counters and latency percentiles. record() is on the hot path of every call:
// it touches two map lookups, a few counters and one slot of a preallocated ring; all sorting waits for snapshot().
import type { CallResult } from "./types.ts"

export const LATENCY_WINDOW = 1024
// Rings start small and double up to the window: most extension × hook pairs see few calls.
const INITIAL_RING = 16

export type OutcomeKind = CallResult<unknown>["kind"]
export type ErrorKind = "error" | "timeout" | "invalid" | "heap"

export interface LastError {
  message: string
  at: number
  kind: ErrorKind
}

export interface HookStats {
  calls: number
  ok: number
  errors: number
  timeouts: number
  rejections: number
  invalid: number
  heapWarnings: number
  /** Nearest-rank percentiles over the most recent LATENCY_WINDOW timed calls; undefined before any. */
  p50: number | undefined
  p95: number | undefined
  p99: number | undefined
  lastError: LastError | undefined
}

export type Totals = Omit<HookStats, "p50" | "p95" | "p99" | "lastError">

export interface ExtensionStats {
  totals: Totals
  hooks: Record<string, HookStats>
}

export type MetricsSnapshot = Record<string, ExtensionStats>

export interface Metrics {
  /** `ms` is the call's duration; rejected calls never ran and have none. */
  record(extension: string, hook: string, kind: OutcomeKind, ms?: number, message?: string): void
  heapWarning(extension: string, hook: string, message: string): void
  snapshot(): MetricsSnapshot
  forget(extension: string): void
}

interface Cell {
  calls: number
  ok: number
  errors: number
  timeouts: number
  rejections: number
  invalid: number
  heapWarnings: number
  latencies: Float64Array
  /** Total latencies ever written; the ring slot is written % LATENCY_WINDOW. */
  written: number
  lastError: LastError | undefined
}

const newCell = (): Cell => ({
  calls: 0,
  ok: 0,
  errors: 0,
  timeouts: 0,
  rejections: 0,
  invalid: 0,
  heapWarnings: 0,
  latencies: new Float64Array(INITIAL_RING),
  written: 0,
  lastError: undefined,
})

/** Nearest-rank: the smallest value with at least p% of the samples at or below it. */
export function percentile(sorted: ArrayLike<number>, p: number): number | undefined {
  if (sorted.length === 0) return undefined
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length))
  return sorted[rank - 1]
}

const COUNTERS = ["calls", "ok", "errors", "timeouts", "rejections", "invalid", "heapWarnings"] as const

export function createMetrics(now: () => number = Date.now): Metrics {
  const byExtension = new Map<string, Map<string, Cell>>()

  const cellFor = (extension: string, hook: string): Cell => {
    let hooks = byExtension.get(extension)
    if (!hooks) byExtension.set(extension, (hooks = new Map()))
    let cell = hooks.get(hook)
    if (!cell) hooks.set(hook, (cell = newCell()))
    return cell
  }

  const describe = (cell: Cell): HookStats => {
    const count = Math.min(cell.written, LATENCY_WINDOW)
    const sorted = cell.latencies.slice(0, count).sort()
    return {
      calls: cell.calls,
      ok: cell.ok,
      errors: cell.errors,
      timeouts: cell.timeouts,
      rejections: cell.rejections,
      invalid: cell.invalid,
      heapWarnings: cell.heapWarnings,
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      lastError: cell.lastError && { ...cell.lastError },
    }
  }

  return {
    record(extension, hook, kind, ms, message) {
      const cell = cellFor(extension, hook)
      cell.calls++
      if (ms !== undefined) {
        if (cell.written === cell.latencies.length && cell.written < LATENCY_WINDOW) {
          const grown = new Float64Array(Math.min(cell.written * 2, LATENCY_WINDOW))
          grown.set(cell.latencies)
          cell.latencies = grown
        }
        cell.latencies[cell.written++ % LATENCY_WINDOW] = ms
      }
      switch (kind) {
        case "ok":
          cell.ok++
          return
        case "rejected":
          // Not the extension's fault this time: keep lastError pointing at what opened the breaker.
          cell.rejections++
          return
        case "error":
          cell.errors++
          break
        case "timeout":
          cell.timeouts++
          break
        case "invalid":
          cell.invalid++
          break
      }
      cell.lastError = { message: message ?? kind, at: now(), kind }
    },
    heapWarning(extension, hook, message) {
      const cell = cellFor(extension, hook)
      cell.heapWarnings++
      cell.lastError = { message, at: now(), kind: "heap" }
    },
    snapshot() {
      const out: MetricsSnapshot = {}
      for (const [extension, hooks] of byExtension) {
        const totals = Object.fromEntries(COUNTERS.map((key) => [key, 0])) as Totals
        const described: Record<string, HookStats> = {}
        for (const [hook, cell] of hooks) {
          described[hook] = describe(cell)
          for (const key of COUNTERS) totals[key] += cell[key]
        }
        out[extension] = { totals, hooks: described }
      }
      return out
    },
    forget(extension) {
      byExtension.delete(extension)
    },
  }
}
