// Folds the registry's view and the metrics into the one-line-per-extension summary every surface shows.
import type { MetricsSnapshot } from "./metrics.ts"
import type { ExtensionInfo } from "./registry-entry.ts"
import type { ExtensionSummary } from "../status/report.ts"

export function summarise(list: ExtensionInfo[], metrics: MetricsSnapshot): ExtensionSummary[] {
  return list.map((info) => {
    const stats = metrics[info.name]
    const p95s = Object.values(stats?.hooks ?? {}).flatMap((h) => (h.p95 === undefined ? [] : [h.p95]))
    const summary: ExtensionSummary = {
      name: info.name,
      state: info.state,
      source: info.source.location ? `${info.source.kind} ${info.source.location}` : info.source.kind,
    }
    if (info.version) summary.version = info.version
    if (info.reason && info.state !== "active") summary.reason = info.reason
    if (info.breaker) summary.breaker = info.breaker.state
    if (info.state === "active" && info.breaker && info.breaker.state !== "closed")
      summary.reason = `breaker ${info.breaker.state} after ${info.breaker.consecutiveFailures} failures: ${info.breaker.lastFailure ?? "unknown"}`
    if (stats) {
      // Calls the breaker turned away never ran: they are counted apart, not as calls.
      summary.calls = stats.totals.calls - stats.totals.rejections
      if (stats.totals.rejections > 0) summary.rejections = stats.totals.rejections
      summary.errors = stats.totals.errors + stats.totals.invalid
      summary.timeouts = stats.totals.timeouts
    }
    // The worst hook's p95: an extension is as slow as its slowest hook.
    if (p95s.length > 0) summary.p95Ms = Math.max(...p95s)
    return summary
  })
}
