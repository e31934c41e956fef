// Runs an extension function under a deadline and reduces whatever it does to a plain outcome.
// Never throws or rejects: a sync throw, an async rejection, a hang and a late rejection all end up here.
import { errorMessage } from "../result.ts"
import type { Clock } from "./clock.ts"

export type Settled<T> = { kind: "value"; value: T } | { kind: "error"; error: string } | { kind: "timeout" }

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  (typeof value === "object" || typeof value === "function") &&
  value !== null &&
  typeof (value as { then?: unknown }).then === "function"

export class CallTimeoutError extends Error {
  constructor(readonly ms: number) {
    super(`timed out after ${ms} ms`)
    this.name = "TimeoutError"
  }
}

export function settle<T>(
  fn: (signal: AbortSignal) => T | PromiseLike<T>,
  controller: AbortController,
  clock: Clock,
  timeoutMs: number,
): Settled<T> | Promise<Settled<T>> {
  const started = clock.now()
  let produced: T | PromiseLike<T>
  try {
    produced = fn(controller.signal)
  } catch (cause) {
    return { kind: "error", error: errorMessage(cause) }
  }
  if (!isThenable(produced)) {
    // A synchronous call cannot be interrupted, but one that blew its budget is still reported as a timeout.
    if (clock.now() - started > timeoutMs) {
      controller.abort(new CallTimeoutError(timeoutMs))
      return { kind: "timeout" }
    }
    return { kind: "value", value: produced }
  }
  return new Promise<Settled<T>>((resolve) => {
    let done = false
    const handle = clock.setTimeout(() => {
      if (done) return
      done = true
      controller.abort(new CallTimeoutError(timeoutMs))
      resolve({ kind: "timeout" })
    }, timeoutMs)
    const finish = (outcome: Settled<T>) => {
      if (done) return
      done = true
      clock.clearTimeout(handle)
      resolve(outcome)
    }
    // Both handlers are attached up front, so a rejection after the timeout is observed, not unhandled.
    // Promise.resolve adopts foreign thenables, including ones whose then() throws.
    Promise.resolve(produced).then(
      (value) => finish({ kind: "value", value }),
      (cause) => finish({ kind: "error", error: errorMessage(cause) }),
    )
  })
}
