// One status model for every surface: the switchboard_status tool, the /switchboard dialog and the CLI.
import fs from "node:fs"
import type { ExtensionState } from "../host/types.ts"
import type { HalfRow } from "../store/halves.ts"
import type { ExtensionDetails } from "./details.ts"

export interface ExtensionSummary {
  name: string
  version?: string
  state: ExtensionState
  reason?: string
  source: string
  breaker?: string
  calls?: number
  errors?: number
  timeouts?: number
  rejections?: number
  p95Ms?: number
}

export interface HalfStatus {
  loaded: boolean
  pid?: number
  version?: string
  opencodeVersion?: string
  since?: number
  detail: string
}

export interface StatusReport {
  version: string
  directory: string
  store: { path: string; ok: boolean; error?: string; sizeBytes?: number; schemaVersion?: number; recovered?: string }
  server: HalfStatus
  tui: HalfStatus
  extensions: ExtensionSummary[]
  /** Per extension, for the /extensions detail view (read from the store only). */
  details?: Record<string, ExtensionDetails>
  /** The capture writer's counters; a dropped count is never hidden. */
  capture?: { queued: number; written: number; dropped: number; failedBatches: number; lastError?: string }
}

/** Size of the database with its WAL, which holds recent writes until a checkpoint. */
export function storeSize(file: string): number | undefined {
  let total: number | undefined
  for (const f of [file, `${file}-wal`]) {
    try {
      total = (total ?? 0) + fs.statSync(f).size
    } catch {
      // missing sidecar
    }
  }
  return total
}

export function halfStatus(row: HalfRow | undefined, alive: boolean, absent: string): HalfStatus {
  if (!row) return { loaded: false, detail: absent }
  if (!alive) return { loaded: false, pid: row.pid, detail: `not running (last seen pid ${row.pid})` }
  return {
    loaded: true,
    pid: row.pid,
    version: row.version,
    opencodeVersion: row.opencodeVersion,
    since: row.startedAt,
    detail: `loaded (pid ${row.pid}, switchboard ${row.version}${row.opencodeVersion ? `, opencode ${row.opencodeVersion}` : ""})`,
  }
}

export function formatBytes(n: number | undefined): string {
  if (n === undefined) return "unknown size"
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`
  return `${(n / 1024 / 1024).toFixed(1)} MiB`
}

export function describeStore(store: StatusReport["store"]): string {
  if (!store.ok) return `unavailable: ${store.error ?? "unknown error"}`
  const parts = [formatBytes(store.sizeBytes)]
  if (store.schemaVersion !== undefined) parts.push(`schema v${store.schemaVersion}`)
  if (store.recovered) parts.push(`recovered: corrupt file moved to ${store.recovered}`)
  return parts.join(", ")
}

export function describeExtension(e: ExtensionSummary): string {
  const bits: string[] = [e.state]
  if (e.breaker && e.breaker !== "closed") bits.push(`breaker ${e.breaker}`)
  if (e.calls !== undefined) bits.push(`${e.calls} calls`)
  if (e.errors) bits.push(`${e.errors} errors`)
  if (e.timeouts) bits.push(`${e.timeouts} timeouts`)
  if (e.rejections) bits.push(`${e.rejections} rejected (breaker)`)
  if (e.p95Ms !== undefined) bits.push(`p95 ${e.p95Ms.toFixed(1)} ms`)
  if (e.reason) bits.push(e.reason)
  return bits.join(" · ")
}

export function describeCapture(c: NonNullable<StatusReport["capture"]>): string {
  const parts = [`${c.written} rows written`, `${c.queued} queued`]
  if (c.dropped > 0) parts.push(`${c.dropped} DROPPED${c.lastError ? ` (${c.lastError})` : " (queue full)"}`)
  return parts.join(", ")
}

/** Plain text for the tool output and the CLI. */
export function formatStatus(r: StatusReport): string {
  const lines = [
    `opencode-switchboard ${r.version}`,
    `project: ${r.directory}`,
    `store: ${r.store.path} (${describeStore(r.store)})`,
    `server half: ${r.server.detail}`,
    `tui half: ${r.tui.detail}`,
    ...(r.capture ? [`capture: ${describeCapture(r.capture)}`] : []),
    `extensions: ${r.extensions.length === 0 ? "none yet" : r.extensions.length}`,
    ...r.extensions.map((e) => `  - ${e.name}${e.version ? `@${e.version}` : ""} [${e.source}]: ${describeExtension(e)}`),
  ]
  return lines.join("\n")
}
