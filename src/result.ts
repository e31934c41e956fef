// Result unions instead of scattered try/catch: fallible steps return a value or a reason.
export type Result<T, E = string> = { ok: true; value: T } | { ok: false; error: E }

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value })
export const err = <E = string>(error: E): Result<never, E> => ({ ok: false, error })

/** The message of anything thrown, for logs and user-facing reasons. */
export function errorMessage(cause: unknown): string {
  if (cause instanceof Error) return cause.message || cause.name
  if (typeof cause === "string") return cause
  try {
    return JSON.stringify(cause) ?? String(cause)
  } catch {
    return String(cause)
  }
}

/** Runs `fn`, turning a throw into an error result. */
export function attempt<T>(fn: () => T): Result<T> {
  try {
    return ok(fn())
  } catch (cause) {
    return err(errorMessage(cause))
  }
}

/** Awaits `fn`, turning a throw or rejection into an error result. */
export async function attemptAsync<T>(fn: () => Promise<T> | T): Promise<Result<T>> {
  try {
    return ok(await fn())
  } catch (cause) {
    return err(errorMessage(cause))
  }
}
