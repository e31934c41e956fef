// Builds the status report from the store alone: what the TUI and the CLI see.
import { z } from "zod"
import { VERSION } from "../version.ts"
import { openStoreReadonly } from "../store/open.ts"
import { processAlive, readHalves } from "../store/halves.ts"
import { SCHEMA_VERSION } from "../store/migrations.ts"
import { parseDetails } from "./details.ts"
import { halfStatus, storeSize, type ExtensionSummary, type HalfStatus, type StatusReport } from "./report.ts"

// The server half publishes this; it is read back from disk, so it is checked, not trusted.
const extensionSummary = z.object({
  name: z.string(),
  version: z.string().optional(),
  state: z.enum(["active", "disabled", "failed"]),
  reason: z.string().optional(),
  source: z.string(),
  breaker: z.string().optional(),
  calls: z.number().optional(),
  errors: z.number().optional(),
  timeouts: z.number().optional(),
  rejections: z.number().optional(),
  p95Ms: z.number().optional(),
})
const captureStats = z.object({
  queued: z.number(),
  written: z.number(),
  dropped: z.number(),
  failedBatches: z.number(),
  lastError: z.string().optional(),
})
const publishedStatus = z.object({ extensions: z.array(extensionSummary).default([]), capture: captureStats.optional() })

export function parseExtensions(status: Record<string, unknown>): ExtensionSummary[] {
  const parsed = publishedStatus.safeParse(status)
  return parsed.success ? parsed.data.extensions : []
}

export function parseCapture(status: Record<string, unknown>): StatusReport["capture"] {
  const parsed = publishedStatus.safeParse(status)
  return parsed.success ? parsed.data.capture : undefined
}

export interface ReadOptions {
  /** The half asking knows it is loaded: say so rather than trusting a row it may not have written yet. */
  self?: { half: "server" | "tui"; status: HalfStatus }
  alive?: (pid: number) => boolean
  /** How long a read may wait behind a writer; the TUI keeps it short. */
  busyTimeoutMs?: number
}

export function readStatus(file: string, directory: string, opts: ReadOptions = {}): StatusReport {
  const alive = opts.alive ?? processAlive
  const opened = openStoreReadonly(file, opts.busyTimeoutMs)
  const absentServer = "not seen in the store (the server half has not started here, or runs on another machine)"
  const absentTui = "not seen in the store"
  const report: StatusReport = {
    version: VERSION,
    directory,
    store: opened.ok ? { path: file, ok: true, sizeBytes: storeSize(file) } : { path: file, ok: false, error: opened.error },
    server: { loaded: false, detail: opened.ok ? absentServer : "unknown (store unavailable)" },
    tui: { loaded: false, detail: opened.ok ? absentTui : "unknown (store unavailable)" },
    extensions: [],
  }
  if (opened.ok) {
    const db = opened.value
    try {
      const version = (db.query("PRAGMA user_version").get() as { user_version: number }).user_version
      report.store.schemaVersion = version
      if (version > SCHEMA_VERSION) report.store.error = `written by a newer switchboard (schema v${version})`
      const rows = version >= 1 ? readHalves(db, directory) : []
      const server = rows.find((r) => r.half === "server")
      const tui = rows.find((r) => r.half === "tui")
      report.server = halfStatus(server, !!server && alive(server.pid), absentServer)
      report.tui = halfStatus(tui, !!tui && alive(tui.pid), absentTui)
      if (server && report.server.loaded) {
        report.extensions = parseExtensions(server.status)
        report.capture = parseCapture(server.status)
        report.details = parseDetails(server.status)
      }
    } catch (cause) {
      report.store = { path: file, ok: false, error: `cannot read the store: ${String(cause)}` }
    } finally {
      db.close()
    }
  }
  if (opts.self) report[opts.self.half] = opts.self.status
  return report
}
