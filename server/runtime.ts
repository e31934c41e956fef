// The server half's state for one opencode instance (one project directory).
// Built synchronously with no I/O; start() does the I/O in the background so server() never waits on disk.
import type { PluginInput } from "@opencode-ai/plugin"
import type { Logger } from "../src/host/types.ts"
import { defaultStorePath } from "../src/paths.ts"
import { err, errorMessage, type Result } from "../src/result.ts"
import { openStore, type OpenedStore } from "../src/store/open.ts"
import { processAlive, readHalves, writeHalf } from "../src/store/halves.ts"
import { halfStatus, storeSize, type ExtensionSummary, type StatusReport } from "../src/status/report.ts"
import { VERSION } from "../src/version.ts"
import { captureEvent } from "../src/capture/map.ts"
import { BatchWriter } from "../src/store/writer.ts"
import { pruneOlderThan } from "../src/store/retention.ts"
import { applyWrites, releaseWrites, type Write } from "../src/store/writes.ts"
import { createLogger } from "./log.ts"
import { projectKey } from "../src/sessions/project.ts"

// Often enough that /extensions shows fresh metrics; one small row rewrite each time.
const HEARTBEAT_MS = 5_000
const PRUNE_EVERY_MS = 6 * 3_600_000

export interface RuntimeOptions {
  storePath?: string
  retentionDays?: number
}

export class Runtime {
  readonly directory: string
  readonly worktree: string
  /** Rows are scoped by this: the git worktree, or the directory outside git. */
  readonly project: string
  readonly client: PluginInput["client"]
  readonly log: Logger
  readonly storePath: string
  readonly startedAt = Date.now()
  /** Resolves once start() has finished, whatever happened; never rejects. */
  readonly ready: Promise<void>
  private store: Result<OpenedStore> = err("the store is still opening")
  private heartbeat?: ReturnType<typeof setInterval>
  private pruner?: ReturnType<typeof setInterval>
  private readonly retentionDays: number
  private markReady!: () => void
  /** Filled in by the extension host once it runs. */
  extensions: () => ExtensionSummary[] = () => []
  /** Hooks enqueue captured rows here; the writer flushes them in batches, off the hook's path. */
  readonly writer = new BatchWriter<Write>((batch) => {
    const db = this.database()
    if (!db) throw new Error(this.store.ok ? "the store is closed" : this.store.error)
    applyWrites(db, batch)
  })
  /** The host's metrics, snapshotted to the store with each heartbeat. */
  metrics: () => unknown = () => ({})
  /** Per-extension details for the TUI's /extensions view. */
  details: () => unknown = () => ({})

  constructor(input: PluginInput, options: RuntimeOptions) {
    this.directory = input.directory
    this.worktree = input.worktree
    this.project = projectKey(input.directory, input.worktree)
    this.client = input.client
    this.log = createLogger(input.client, input.directory)
    this.storePath = options.storePath ?? defaultStorePath()
    this.retentionDays = options.retentionDays ?? 90
    this.ready = new Promise((resolve) => (this.markReady = resolve))
  }

  /** Runs once, off the init path. Any failure is logged and reported by status, never thrown. */
  start() {
    try {
      this.store = openStore(this.storePath)
      if (!this.store.ok) {
        this.log.error(`switchboard: store unavailable, running without it: ${this.store.error}`)
      } else {
        const { recovered } = this.store.value
        if (recovered)
          this.log.warn(`switchboard: the store was unreadable (${recovered.reason}); moved it to ${recovered.movedTo} and created a fresh one`)
        this.publish()
        this.heartbeat = setInterval(() => this.publish(), HEARTBEAT_MS)
        this.heartbeat.unref?.()
        // Pruning waits a moment so it never competes with opencode's own start-up.
        setTimeout(() => this.prune(), 10_000).unref?.()
        this.pruner = setInterval(() => this.prune(), PRUNE_EVERY_MS)
        this.pruner.unref?.()
      }
      this.log.info(`switchboard ${VERSION} loaded for ${this.directory}`, {
        store: this.storePath,
        storeOk: this.store.ok,
      })
    } catch (cause) {
      this.log.error(`switchboard: start failed: ${errorMessage(cause)}`)
    } finally {
      this.markReady()
    }
  }

  /** Records a bus event: validated, bounded, enqueued. O(1) for the hook; never throws. */
  capture(type: string, properties: Record<string, unknown>) {
    try {
      for (const row of captureEvent({ project: this.project, directory: this.directory, now: Date.now }, type, properties))
        this.writer.enqueue(row)
    } catch (cause) {
      this.log.warn(`switchboard: capture of ${type} failed: ${errorMessage(cause)}`)
    }
  }

  openedStore(): Result<OpenedStore> {
    return this.store
  }

  database() {
    return this.store.ok ? this.store.value.db : undefined
  }

  private prune() {
    const db = this.database()
    if (!db || this.retentionDays <= 0) return
    try {
      const r = pruneOlderThan(db, this.retentionDays)
      const total = r.events + r.toolCalls + r.messages + r.sessions
      if (total > 0) this.log.info(`switchboard: retention (${this.retentionDays} days) removed ${total} old rows`, { ...r })
    } catch (cause) {
      this.log.warn(`switchboard: retention prune failed: ${errorMessage(cause)}`)
    }
  }

  /** Writes this half's presence row with the extension list, for the TUI and the CLI. */
  publish() {
    if (!this.store.ok) return
    try {
      writeHalf(this.store.value.db, {
        half: "server",
        directory: this.directory,
        pid: process.pid,
        version: VERSION,
        startedAt: this.startedAt,
        heartbeatAt: Date.now(),
        status: { extensions: this.extensions(), details: this.details(), metrics: this.metrics(), capture: this.writer.stats() },
      })
    } catch (cause) {
      this.log.warn(`switchboard: could not write status to the store: ${errorMessage(cause)}`)
    }
  }

  status(): StatusReport {
    const store = this.store
    const report: StatusReport = {
      version: VERSION,
      directory: this.directory,
      store: store.ok
        ? {
            path: this.storePath,
            ok: true,
            sizeBytes: storeSize(this.storePath),
            schemaVersion: store.value.schemaVersion,
            recovered: store.value.recovered?.movedTo,
          }
        : { path: this.storePath, ok: false, error: store.error },
      server: {
        loaded: true,
        pid: process.pid,
        version: VERSION,
        since: this.startedAt,
        detail: `loaded (pid ${process.pid}, switchboard ${VERSION})`,
      },
      tui: { loaded: false, detail: store.ok ? "not seen in the store" : "unknown (store unavailable)" },
      extensions: this.extensions(),
      capture: this.writer.stats(),
    }
    if (store.ok) {
      const row = readHalves(store.value.db, this.directory).find((r) => r.half === "tui")
      report.tui = halfStatus(row, !!row && processAlive(row.pid), "not seen (no TUI, or opencode serve/run/web)")
    }
    return report
  }

  async dispose() {
    if (this.heartbeat) clearInterval(this.heartbeat)
    if (this.pruner) clearInterval(this.pruner)
    this.writer.close()
    if (this.store.ok) {
      const { db } = this.store.value
      this.store = err("the store is closed")
      try {
        releaseWrites(db)
        db.close()
      } catch {
        // already closed
      }
    }
  }
}
