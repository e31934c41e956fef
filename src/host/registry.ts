// The registry of extensions: loads candidates, orders them by dependencies, starts them through the guarded
// runner and tracks their state. Mutating operations run one at a time (a queue), so a reload never interleaves
// with a disable or a shutdown.
//
// Dependency rules, kept explicit:
// - At start, an extension whose dependency is missing, in a cycle, failed or disabled is "failed".
// - At run time, when an extension stops being active (disable, failed reload), its active dependents are switched
//   off with state "disabled" (they did nothing wrong).
// - enable/reload refuse to start an extension whose dependencies are not active (state "failed", with the reason).
// - Every extension held back only by a dependency's state remembers which one; enabling or successfully reloading
//   that dependency retries exactly those. Anything the user disabled stays disabled.
import { err, ok, type Result } from "../result.ts"
import type { HostBus } from "./bus.ts"
import type { Candidate } from "./candidate.ts"
import type { ContextServices } from "./extension-context.ts"
import { callFailure, startInstance, type ActiveExtension } from "./instance.ts"
import { prepare } from "./prepare.ts"
import { describeEntry, newEntry, type Entry, type ExtensionInfo } from "./registry-entry.ts"
import type { Runner } from "./runner.ts"
import { toposort } from "./toposort.ts"
import type { ExtensionState } from "./types.ts"

export interface RegistryOptions {
  runner: Runner
  bus: HostBus
  services: ContextServices
}

export interface StateSnapshot {
  state: ExtensionState
  reason: string | undefined
}

/** Called once per transition; `previous` is undefined when the extension first settles at start. */
export type ChangeListener = (info: ExtensionInfo, previous: StateSnapshot | undefined) => void

export interface ShutdownReport {
  completed: string[]
  failed: Array<{ name: string; reason: string }>
  /** Not reached before the total budget ran out: no shutdown call, but their signals were aborted. */
  skipped: string[]
}

export interface Registry {
  /** Loads, checks and starts the candidates. Call once; a name seen before is ignored. */
  start(candidates: readonly Candidate[]): Promise<void>
  /** Active extensions in load order (dependencies first), for dispatching hooks. */
  active(): readonly ActiveExtension[]
  get(name: string): ActiveExtension | undefined
  list(): ExtensionInfo[]
  info(name: string): ExtensionInfo | undefined
  disable(name: string, reason?: string): Promise<Result<ExtensionInfo>>
  enable(name: string): Promise<Result<ExtensionInfo>>
  /** Shuts the old instance down, imports again and starts it; on failure it is "failed" with nothing registered. */
  reload(name: string): Promise<Result<ExtensionInfo>>
  /** Stops active extensions in reverse load order, all within `totalBudgetMs`. */
  shutdown(totalBudgetMs: number): Promise<ShutdownReport>
  onChange(listener: ChangeListener): () => void
}

export function createRegistry({ runner, bus, services }: RegistryOptions): Registry {
  const entries = new Map<string, Entry>()
  const announced = new Set<string>()
  const listeners = new Set<ChangeListener>()
  let order: string[] = []
  let activeCache: readonly ActiveExtension[] | undefined
  let queue: Promise<unknown> = Promise.resolve()

  const serial = <T>(op: () => Promise<T>): Promise<T> => {
    const run = queue.then(op)
    queue = run.catch(() => undefined)
    return run
  }

  const describe = (entry: Entry) => describeEntry(entry, runner.breaker(entry.name)?.info())
  const inOrder = () => order.map((name) => entries.get(name)!)
  const unknown = (name: string) => err(`unknown extension "${name}"`)

  /** `force` announces even an unchanged state: a reload is news although the extension stays active. */
  const setState = (entry: Entry, state: ExtensionState, reason?: string, force = false) => {
    const previous = announced.has(entry.name) ? { state: entry.state, reason: entry.reason } : undefined
    entry.state = state
    entry.reason = reason
    activeCache = undefined
    if (previous && !force && previous.state === state && previous.reason === reason) return
    announced.add(entry.name)
    const info = describe(entry)
    for (const listener of listeners) {
      try {
        listener(info, previous)
      } catch {}
    }
  }

  /** Load order from the definitions known so far; cycle members go last. Returns toposort's failures. */
  const reorder = () => {
    const nodes = [...entries.values()].map((e) => ({ name: e.name, dependencies: e.prepared?.dependencies ?? [] }))
    const sorted = toposort(nodes)
    const placed = new Set(sorted.order)
    order = [...sorted.order, ...nodes.map((n) => n.name).filter((name) => !placed.has(name))]
    activeCache = undefined
    return sorted.failed
  }

  /** `via` names the dependency whose state is the problem: that one coming back may bring this one back. */
  const dependencyProblem = (entry: Entry, topoFailures: Map<string, string>) => {
    const topo = topoFailures.get(entry.name)
    if (topo) return { reason: topo, via: undefined }
    for (const dep of entry.prepared?.dependencies ?? []) {
      const target = entries.get(dep)
      if (!target) return { reason: `missing dependency "${dep}"`, via: undefined }
      if (!target.instance) return { reason: `dependency "${dep}" is ${target.state}`, via: dep }
    }
    return undefined
  }

  const launch = async (entry: Entry, topoFailures: Map<string, string>, force = false) => {
    const problem = dependencyProblem(entry, topoFailures)
    if (problem) {
      entry.cascadeFrom = problem.via
      return setState(entry, "failed", problem.reason)
    }
    const started = await startInstance(entry.name, entry.prepared!, { runner, bus, services })
    if (!started.ok) return setState(entry, "failed", started.error)
    entry.instance = started.value
    entry.generation++
    entry.cascadeFrom = undefined
    setState(entry, "active", undefined, force)
  }

  /** Run-time (re)start: a fresh import, then a fresh breaker for the new code, then the same checks as at start. */
  const activate = async (entry: Entry, force: boolean) => {
    const { configError } = entry.candidate
    if (configError !== undefined) return setState(entry, "failed", configError)
    const prepared = await prepare(entry.candidate, runner)
    // A reload that fails keeps the breaker's history: nothing new has earned a clean slate.
    if (!prepared.ok) return setState(entry, "failed", prepared.error)
    runner.resetBreaker(entry.name, "extension restarted")
    entry.prepared = prepared.value
    await launch(entry, reorder(), force)
  }

  /** Removed from active() before its shutdown runs, so no hook is dispatched to a stopping extension. */
  const stopEntry = async (entry: Entry) => {
    const instance = entry.instance
    if (!instance) return
    entry.instance = undefined
    activeCache = undefined
    await instance.stop(instance.stability.timeoutMs)
  }

  /** Switches off everything active that depends, directly or not, on `name`: dependents first. */
  const stopDependents = async (name: string, becomes: ExtensionState) => {
    const gone = new Set([name])
    const victims: Array<{ entry: Entry; via: string }> = []
    for (const entry of inOrder()) {
      const via = entry.instance && entry.prepared?.dependencies.find((dep) => gone.has(dep))
      if (via === undefined) continue
      gone.add(entry.name)
      victims.push({ entry, via })
    }
    for (const { entry, via } of victims.reverse()) {
      await stopEntry(entry)
      entry.cascadeFrom = via
      setState(entry, "disabled", `dependency "${via}" is ${via === name ? becomes : "disabled"}`)
    }
  }

  /** Brings back the dependents that were switched off because `name` stopped. Their own failures show in state. */
  const restoreDependents = async (name: string) => {
    for (const entry of inOrder()) {
      if (entry.cascadeFrom !== name || entry.instance) continue
      await activate(entry, false)
      if (entry.instance) await restoreDependents(entry.name)
    }
  }

  const enableEntry = async (entry: Entry): Promise<Result<ExtensionInfo>> => {
    if (!entry.instance) await activate(entry, false)
    if (!entry.instance) return err(entry.reason ?? `extension "${entry.name}" failed`)
    await restoreDependents(entry.name)
    return ok(describe(entry))
  }

  return {
    start: (candidates) =>
      serial(async () => {
        const pending: Entry[] = []
        for (const candidate of candidates) {
          if (entries.has(candidate.name)) continue
          const entry = newEntry(candidate)
          entries.set(candidate.name, entry)
          if (candidate.configError !== undefined) setState(entry, "failed", candidate.configError)
          else if (!candidate.enabled) setState(entry, "disabled", "disabled in config")
          else pending.push(entry)
        }
        // Imports are independent of each other: load in parallel; inits then run one by one in dependency order.
        const prepared = await Promise.all(pending.map((entry) => prepare(entry.candidate, runner)))
        const ready = new Set<Entry>()
        pending.forEach((entry, i) => {
          const result = prepared[i]!
          if (!result.ok) return setState(entry, "failed", result.error)
          entry.prepared = result.value
          ready.add(entry)
        })
        // Cycle members sort last, so mark them failed before their dependents look at their state.
        const topoFailures = reorder()
        for (const entry of ready) {
          const problem = topoFailures.get(entry.name)
          if (problem === undefined) continue
          setState(entry, "failed", problem)
          ready.delete(entry)
        }
        for (const entry of inOrder()) if (ready.has(entry)) await launch(entry, topoFailures)
      }),

    active: () => (activeCache ??= inOrder().flatMap((entry) => (entry.instance ? [entry.instance] : []))),
    get: (name) => entries.get(name)?.instance,
    list: () => inOrder().map(describe),
    info: (name) => {
      const entry = entries.get(name)
      return entry && describe(entry)
    },

    disable: (name, reason = "disabled by user") =>
      serial(async () => {
        const entry = entries.get(name)
        if (!entry) return unknown(name)
        await stopDependents(name, "disabled")
        await stopEntry(entry)
        entry.cascadeFrom = undefined
        setState(entry, "disabled", reason)
        return ok(describe(entry))
      }),

    enable: (name) =>
      serial(async () => {
        const entry = entries.get(name)
        return entry ? enableEntry(entry) : unknown(name)
      }),

    reload: (name) =>
      serial(async () => {
        const entry = entries.get(name)
        if (!entry) return unknown(name)
        if (entry.state === "disabled") return err(`extension "${name}" is disabled; enable it instead`)
        await stopEntry(entry)
        await activate(entry, true)
        if (!entry.instance) {
          await stopDependents(name, "failed")
          return err(entry.reason ?? `extension "${name}" failed`)
        }
        await restoreDependents(name)
        return ok(describe(entry))
      }),

    shutdown: (totalBudgetMs) => {
      // The budget starts now, not when queued operations ahead of it finish.
      const deadline = runner.clock.now() + totalBudgetMs
      return serial(async () => {
        const report: ShutdownReport = { completed: [], failed: [], skipped: [] }
        for (const entry of inOrder().reverse()) {
          const instance = entry.instance
          if (!instance) continue
          entry.instance = undefined
          activeCache = undefined
          const remaining = deadline - runner.clock.now()
          if (remaining <= 0) {
            instance.abandon()
            report.skipped.push(entry.name)
            setState(entry, "disabled", "shut down (skipped: shutdown budget exhausted)")
            continue
          }
          const timeoutMs = Math.min(instance.stability.timeoutMs, remaining)
          const failure = callFailure("shutdown", await instance.stop(timeoutMs), timeoutMs)
          if (failure) report.failed.push({ name: entry.name, reason: failure })
          else report.completed.push(entry.name)
          setState(entry, "disabled", failure ? `shut down (${failure})` : "shut down")
        }
        return report
      })
    },

    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
