// Every external call is bounded: a promise that settles by `ms` or reports a timeout.
import { errorMessage, type Result } from "./result.ts"

export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<Result<T>> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ ok: false, error: `${what} timed out after ${ms} ms` }), ms)
    ;(timer as { unref?: () => void }).unref?.()
    work.then(
      (value) => {
        clearTimeout(timer)
        resolve({ ok: true, value })
      },
      (cause) => {
        clearTimeout(timer)
        resolve({ ok: false, error: `${what} failed: ${errorMessage(cause)}` })
      },
    )
  })
}
