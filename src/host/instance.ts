// One running instance of an extension: its context, its lifetime signal, its bus subscriptions, and the
// guarded init/shutdown calls that bracket it. The registry decides when; this file knows how.
import type { z } from "zod"
import { attempt, err, ok, type Result } from "../result.ts"
import type { HostBus } from "./bus.ts"
import { contextBase, contextFor, type ContextServices } from "./extension-context.ts"
import type { Prepared } from "./prepare.ts"
import type { Runner } from "./runner.ts"
import type { CallResult, ExtensionContext, ExtensionDefinition, Stability } from "./types.ts"

/** What adapters dispatch over: a live extension and a guarded way to call into it. */
export interface ActiveExtension {
  readonly name: string
  readonly definition: ExtensionDefinition
  readonly options: unknown
  readonly stability: Stability
  /** Aborted when the extension is disabled, reloaded or shut down. */
  readonly signal: AbortSignal
  /** The context for one call, carrying that call's signal. */
  context(signal: AbortSignal): ExtensionContext
  /** Runs `fn` through the guarded runner with this extension's context, stability and lifetime signal. */
  invoke<T>(
    hook: string,
    fn: (ctx: ExtensionContext) => T | PromiseLike<T>,
    schema?: z.ZodType<T>,
  ): Promise<CallResult<T>>
}

export interface Instance extends ActiveExtension {
  /** Unsubscribes, runs `shutdown` within `timeoutMs`, then aborts the lifetime signal. Never rejects. */
  stop(timeoutMs: number): Promise<CallResult<void>>
  /** Ends subscriptions and the lifetime signal without calling `shutdown` (its budget ran out). */
  abandon(): void
}

export interface InstanceDeps {
  runner: Runner
  bus: HostBus
  services: ContextServices
}

/** A failed call as a reason for users: `init timed out after 5000 ms`, `init failed: boom`. */
export function callFailure(hook: string, result: CallResult<unknown>, timeoutMs: number): string | undefined {
  switch (result.kind) {
    case "ok":
      return undefined
    case "timeout":
      return `${hook} timed out after ${timeoutMs} ms`
    case "error":
      return `${hook} failed: ${result.error}`
    case "invalid":
      return `${hook} returned invalid output: ${result.issues}`
    case "rejected":
      return `${hook} rejected: ${result.reason}`
  }
}

export async function startInstance(name: string, prepared: Prepared, deps: InstanceDeps): Promise<Result<Instance>> {
  const { runner, bus, services } = deps
  const { definition, options, stability } = prepared
  const built = attempt(() => contextBase(name, options, services, bus.bind(name)))
  if (!built.ok) return err(`context failed: ${built.error}`)
  const base = built.value
  const lifetime = new AbortController()
  const stopped = () => lifetime.abort(new Error(`extension "${name}" stopped`))

  const init = definition.init
  if (init) {
    // init's signal also follows the lifetime, so background work started in init can stop when the extension does.
    const result = await runner.call(
      name,
      "init",
      (signal) => init({ ...base, signal: AbortSignal.any([signal, lifetime.signal]) }),
      { stability },
    )
    const failure = callFailure("init", result, stability.timeoutMs)
    if (failure) {
      // No shutdown after a failed init (it may have set up nothing); aborting the signal is the cleanup cue.
      stopped()
      return err(failure)
    }
  }

  for (const [topic, handler] of Object.entries(definition.on ?? {})) {
    const deliver = (payload: unknown, signal: AbortSignal) => handler(payload, contextFor(base, signal))
    bus.subscribe(name, topic, deliver, stability, lifetime.signal)
  }

  const shutdown = definition.shutdown
  return ok({
    name,
    definition,
    options,
    stability,
    signal: lifetime.signal,
    context: (signal) => contextFor(base, signal),
    invoke: (hook, fn, schema) =>
      runner.call(name, hook, (signal) => fn(contextFor(base, signal)), { stability, schema, signal: lifetime.signal }),
    async stop(timeoutMs) {
      bus.unsubscribeAll(name)
      const result: CallResult<void> = shutdown
        ? await runner.call(name, "shutdown", (signal) => shutdown(contextFor(base, signal)), {
            stability: { ...stability, timeoutMs },
            // An open breaker must not cost the extension its chance to release resources.
            force: true,
          })
        : { kind: "ok", value: undefined, ms: 0 }
      stopped()
      return result
    },
    abandon() {
      bus.unsubscribeAll(name)
      stopped()
    },
  })
}
