// The extension host of one opencode instance: options, discovery, the registry behind the guarded runner,
// hot reload, and the transitions users are told about. Started in the background; hooks wait on `ready`
// only where opencode gives no later chance (the config hook, for commands and tools).
import type { ParsedPluginOptions, PluginOptions } from "../src/config/schema.ts"
import { createBus, type HostBus } from "../src/host/bus.ts"
import { realClock } from "../src/host/clock.ts"
import { discoverCandidates } from "../src/host/discover.ts"
import { createMetrics, type Metrics } from "../src/host/metrics.ts"
import { createRegistry, type Registry } from "../src/host/registry.ts"
import { createRunner, type Runner } from "../src/host/runner.ts"
import { summarise } from "../src/host/summary.ts"
import { ToolCallTracker } from "../src/host/tool-calls.ts"
import { watchExtensionFiles } from "../src/host/watch.ts"
import { errorMessage } from "../src/result.ts"
import { opencodeConfigDir } from "../src/paths.ts"
import type { ExtensionSummary } from "../src/status/report.ts"
import { describeDetails, type ExtensionDetails } from "../src/status/details.ts"
import { extensionLogger } from "./log.ts"
import { createNotifier, type Notifier } from "./notify.ts"
import { Notes } from "./notes.ts"
import { ExtensionDatabases } from "./extension-databases.ts"
import { createProgressSurface, type ProgressSurface } from "./progress.ts"
import type { Runtime } from "./runtime.ts"
import { builtinExtensions } from "../src/extensions/index.ts"
import { createStorage } from "./storage.ts"
import { CacheService } from "../src/cache/service.ts"
import { capturedReader } from "../src/captured/reader.ts"

const SHUTDOWN_BUDGET_MS = 4000

export class Host {
  readonly options: PluginOptions
  readonly metrics: Metrics = createMetrics()
  readonly runner: Runner
  readonly bus: HostBus
  readonly registry: Registry
  readonly tools = new ToolCallTracker()
  readonly notifier: Notifier
  readonly notes: Notes
  /** Tool progress, shown as toasts too: opencode 1.18.33 drops plugin tools' ctx.metadata (upstream #37877). */
  readonly progress: ProgressSurface
  readonly databases: ExtensionDatabases
  /** ctx.cache of every extension: one bounded LRU per instance, persisted in the store. */
  readonly cache: CacheService
  /** Resolves when discovery and every init have settled; never rejects. */
  readonly ready: Promise<void>
  private markReady!: () => void
  private stopWatching = () => {}
  private readonly configProblems: string[] = []

  constructor(
    private readonly runtime: Runtime,
    parsed: ParsedPluginOptions,
  ) {
    this.options = parsed.options
    this.entryErrors = parsed.entryErrors
    this.configProblems.push(...parsed.errors, ...parsed.warnings)
    this.notes = new Notes(runtime.client, runtime.directory, runtime.log)
    this.databases = new ExtensionDatabases(runtime.storePath, runtime.log)
    this.cache = new CacheService({ db: () => runtime.database(), project: runtime.project, warn: (m) => runtime.log.warn(m) })
    this.progress = createProgressSurface(runtime.client, runtime.directory)
    // Without the TUI half there is no one to see a toast: the same news goes into the transcript as a note.
    this.notifier = createNotifier(runtime.client, runtime.directory, runtime.log, Date.now, (message) => {
      if (!runtime.status().tui.loaded) this.notes.postToActive(`switchboard: ${message}`)
    })
    this.runner = createRunner({
      clock: realClock,
      metrics: this.metrics,
      onBreakerTransition: (name, t) => {
        if (t.to === "open") this.notifier.notify(`breaker-open:${name}`, `extension "${name}" breaker opened: ${t.reason}`, "warning")
        if (t.to === "closed" && t.from !== "closed") this.notifier.notify(`breaker-closed:${name}`, `extension "${name}" breaker closed again`, "success")
        this.runtime.publish()
      },
      onHeapWarning: (w) =>
        runtime.log.warn(`switchboard: extension "${w.extension}" grew the heap by ${w.deltaMb.toFixed(1)} MB in ${w.hook} (limit ${w.limitMb} MB)`),
    })
    this.bus = createBus(this.runner)
    this.registry = createRegistry({
      runner: this.runner,
      bus: this.bus,
      services: {
        log: (name) => extensionLogger(runtime.client, runtime.directory, name),
        storage: (name) => createStorage(() => runtime.database(), runtime.project, name),
        cache: (name) => this.cache.namespace(name),
        note: (name) => (sessionID, text) => this.notes.post(sessionID, `[${name}] ${text}`),
        database: (name) => () => this.databases.get(name),
        captured: capturedReader(() => runtime.database(), runtime.project),
        client: runtime.client,
        directory: runtime.directory,
        worktree: runtime.worktree,
      },
    })
    this.registry.onChange((info, previous) => {
      if (info.state === "failed" && previous?.state !== "failed")
        this.notifier.notify(`failed:${info.name}`, `extension "${info.name}" failed: ${info.reason ?? "unknown reason"}`, "error")
      this.runtime.publish()
    })
    this.ready = new Promise((resolve) => (this.markReady = resolve))
  }

  private readonly entryErrors: Record<string, string>

  async start() {
    try {
      for (const problem of this.configProblems) this.runtime.log.warn(`switchboard: plugin options: ${problem}`)
      const candidates = await discoverCandidates({
        directory: this.runtime.directory,
        options: this.options,
        entryErrors: this.entryErrors,
        globalConfigDir: opencodeConfigDir(),
        builtins: builtinExtensions(),
        onNotice: (message) => this.runtime.log.info(`switchboard: ${message}`),
      })
      await this.registry.start(candidates)
      if (this.options.hotReload) this.watch()
    } catch (cause) {
      this.runtime.log.error(`switchboard: the extension host failed to start: ${errorMessage(cause)}`)
    } finally {
      this.markReady()
      this.runtime.publish()
    }
  }

  /** Hot reload: a changed file extension is shut down and loaded again (the registry serialises this). */
  private watch() {
    const byPath = new Map<string, string>()
    for (const info of this.registry.list())
      if (info.source.kind === "file" && info.source.location) byPath.set(info.source.location, info.name)
    if (byPath.size === 0) return
    this.stopWatching = watchExtensionFiles(
      [...byPath.keys()],
      (path) => {
        const name = byPath.get(path)
        if (!name || this.registry.info(name)?.state === "disabled") return
        void this.registry.reload(name).then((result) => {
          if (result.ok) this.runtime.log.info(`switchboard: reloaded extension "${name}" after a change to ${path}`)
        })
      },
      { onError: (error, where) => this.runtime.log.warn(`switchboard: watching ${where}: ${errorMessage(error)}`) },
    )
  }

  summaries(): ExtensionSummary[] {
    return summarise(this.registry.list(), this.metrics.snapshot())
  }

  details(): Record<string, ExtensionDetails> {
    const metrics = this.metrics.snapshot()
    return Object.fromEntries(
      this.registry.list().map((info) => [info.name, describeDetails(info, this.registry.get(info.name)?.definition, metrics)]),
    )
  }

  async dispose() {
    this.stopWatching()
    const report = await this.registry.shutdown(SHUTDOWN_BUDGET_MS)
    for (const f of report.failed) this.runtime.log.warn(`switchboard: extension "${f.name}" shutdown: ${f.reason}`)
    if (report.skipped.length > 0) this.runtime.log.warn(`switchboard: shutdown budget ran out before: ${report.skipped.join(", ")}`)
    this.databases.closeAll()
    this.cache.dispose()
  }
}
