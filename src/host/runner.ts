// The guarded runner: every call into an extension goes through here. It applies the breaker, the deadline,
// output validation and the heap check, records metrics, and turns every outcome into a CallResult.
// It never throws or rejects, whatever the extension does.
import type { z } from "zod"
import { errorMessage } from "../result.ts"
import { describeIssues } from "../zod-issues.ts"
import { createBreaker, type Breaker, type BreakerTransition } from "./breaker.ts"
import type { Clock } from "./clock.ts"
import { defaultHeapUsed } from "./heap.ts"
import { friendlyIssues } from "./issue-messages.ts"
import type { Metrics } from "./metrics.ts"
import { settle, type Settled } from "./settle.ts"
import type { CallResult, Stability } from "./types.ts"

export interface RunOptions<T> {
  stability: Stability
  /** Validates (and may transform) the value; the parsed output is what an ok result carries. */
  schema?: z.ZodType<T>
  /** The extension's lifetime signal: aborting it aborts the call's signal too; already aborted → rejected. */
  signal?: AbortSignal
  /** Skip the breaker's admission check (used for shutdown: cleanup deserves a chance). Outcomes still count. */
  force?: boolean
}

export interface HeapWarning {
  extension: string
  hook: string
  deltaMb: number
  limitMb: number
}

export interface RunnerOptions {
  clock: Clock
  metrics: Metrics
  onBreakerTransition?(extension: string, transition: BreakerTransition): void
  onHeapWarning?(warning: HeapWarning): void
  /** Bytes of JS heap in use; injectable for tests. Default: bun:jsc heapSize() under Bun, else memoryUsage(). */
  heapUsed?: () => number
}

export interface Runner {
  readonly clock: Clock
  readonly metrics: Metrics
  call<T>(
    extension: string,
    hook: string,
    fn: (signal: AbortSignal) => T | PromiseLike<T>,
    opts: RunOptions<T>,
  ): Promise<CallResult<T>>
  /** The extension's breaker, once it has been called at least once. */
  breaker(extension: string): Breaker | undefined
  resetBreaker(extension: string, reason?: string): void
  /** Drops the extension's breaker and metrics (it was removed). */
  forget(extension: string): void
}

const MB = 1024 * 1024

export function createRunner(options: RunnerOptions): Runner {
  const { clock, metrics } = options
  const heapUsed = options.heapUsed ?? defaultHeapUsed
  const breakers = new Map<string, Breaker>()

  const breakerFor = (extension: string, stability: Stability): Breaker => {
    let breaker = breakers.get(extension)
    if (!breaker) {
      const notify = options.onBreakerTransition
      breaker = createBreaker(stability, clock, notify && ((transition) => notify(extension, transition)))
      breakers.set(extension, breaker)
    } else breaker.configure(stability)
    return breaker
  }

  // One abort listener per lifetime signal, fanning out to the calls in flight: adding and removing a listener
  // per call costs more than the rest of the runner's bookkeeping together.
  const inFlight = new WeakMap<AbortSignal, Set<AbortController>>()
  const link = (parent: AbortSignal, controller: AbortController): Set<AbortController> => {
    let set = inFlight.get(parent)
    if (!set) {
      const calls = (set = new Set())
      inFlight.set(parent, calls)
      parent.addEventListener("abort", () => {
        for (const call of calls) call.abort(parent.reason)
        calls.clear()
      }, { once: true })
    }
    set.add(controller)
    return set
  }

  // Heap sampling is the caller's code; if it fails, the check is skipped rather than failing the call.
  const sampleHeap = (): number | undefined => {
    try {
      return heapUsed()
    } catch {
      return undefined
    }
  }

  const reject = (extension: string, hook: string, reason: string): CallResult<never> => {
    metrics.record(extension, hook, "rejected")
    return { kind: "rejected", reason }
  }

  async function guarded<T>(
    extension: string,
    hook: string,
    fn: (signal: AbortSignal) => T | PromiseLike<T>,
    opts: RunOptions<T>,
  ): Promise<CallResult<T>> {
    const { stability, schema, signal: parent } = opts
    if (parent?.aborted) return reject(extension, hook, "extension stopped")
    const breaker = breakerFor(extension, stability)
    if (!opts.force && !breaker.allow()) return reject(extension, hook, breaker.rejection())

    const controller = new AbortController()
    const siblings = parent && link(parent, controller)

    const heapBefore = sampleHeap()
    const started = clock.now()
    const pending = settle(fn, controller, clock, stability.timeoutMs)
    const settled: Settled<T> = pending instanceof Promise ? await pending : pending
    const ms = clock.now() - started
    const heapAfter = heapBefore === undefined ? undefined : sampleHeap()
    siblings?.delete(controller)

    const result = conclude(settled, ms, schema)
    let failure = result.kind === "ok" ? undefined : failureMessage(result, stability.timeoutMs)

    // A heap jump past the limit keeps the ok result (the value is valid and the work is done; dropping it
    // would punish the user for what is at most a leak), but counts as a breaker failure so a leaking
    // extension is switched off. Heap deltas are noisy (GC, concurrent calls): only large limits make sense.
    if (heapBefore !== undefined && heapAfter !== undefined) {
      const deltaMb = (heapAfter - heapBefore) / MB
      if (deltaMb > stability.maxHeapDeltaMb) {
        const message = `heap grew by ${deltaMb.toFixed(1)} MB (limit ${stability.maxHeapDeltaMb} MB)`
        metrics.heapWarning(extension, hook, message)
        try {
          options.onHeapWarning?.({ extension, hook, deltaMb, limitMb: stability.maxHeapDeltaMb })
        } catch {}
        failure ??= message
      }
    }

    // The breaker first: a half-open breaker must hear its trial's outcome even if bookkeeping after it fails.
    if (failure === undefined) breaker.success()
    else breaker.failure(`${hook}: ${failure}`)
    metrics.record(extension, hook, result.kind, ms, failure)
    return result
  }

  return {
    clock,
    metrics,
    async call(extension, hook, fn, opts) {
      try {
        return await guarded(extension, hook, fn, opts)
      } catch (cause) {
        // Only a bug in the host's own bookkeeping can land here; the promise still must not reject.
        return { kind: "error", error: `switchboard: ${errorMessage(cause)}`, ms: 0 }
      }
    },
    breaker: (extension) => breakers.get(extension),
    resetBreaker: (extension, reason) => breakers.get(extension)?.reset(reason),
    forget(extension) {
      breakers.delete(extension)
      metrics.forget(extension)
    },
  }
}

function conclude<T>(settled: Settled<T>, ms: number, schema: z.ZodType<T> | undefined): CallResult<T> {
  if (settled.kind === "timeout") return { kind: "timeout", ms } as const
  if (settled.kind === "error") return { kind: "error", error: settled.error, ms } as const
  if (!schema) return { kind: "ok", value: settled.value, ms } as const
  // A refinement written by the extension may itself throw.
  try {
    const parsed = schema.safeParse(settled.value, { error: friendlyIssues })
    if (parsed.success) return { kind: "ok", value: parsed.data, ms } as const
    return { kind: "invalid", issues: describeIssues(parsed.error), ms } as const
  } catch (cause) {
    return { kind: "invalid", issues: `validation threw: ${errorMessage(cause)}`, ms } as const
  }
}

/** What went wrong, for metrics' lastError and (prefixed with the hook) the breaker's reasons. */
function failureMessage(result: CallResult<unknown>, timeoutMs: number): string {
  switch (result.kind) {
    case "error":
      return result.error
    case "timeout":
      return `timed out after ${timeoutMs} ms`
    case "invalid":
      return `invalid output: ${result.issues}`
    case "rejected":
      return result.reason
    case "ok":
      return ""
  }
}
