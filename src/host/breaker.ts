// Circuit breaker for one extension: after repeated failures the extension is skipped instead of slowing every turn.
// closed → open (maxFailures consecutive failures) → half-open (resetMs elapsed, one trial call)
// → closed on success, or back to open with the wait doubled (capped at maxResetMs) when the trial fails.
import type { BreakerState, Stability } from "./types.ts"
import type { Clock } from "./clock.ts"

export type BreakerSettings = Pick<Stability, "maxFailures" | "resetMs" | "maxResetMs">

export interface BreakerTransition {
  from: BreakerState
  to: BreakerState
  at: number
  reason: string
}

/** A plain, JSON-serialisable view for status displays. */
export interface BreakerInfo {
  state: BreakerState
  consecutiveFailures: number
  openedAt: number | undefined
  nextTrialAt: number | undefined
  lastFailure: string | undefined
  transitions: BreakerTransition[]
}

export interface Breaker {
  readonly state: BreakerState
  readonly consecutiveFailures: number
  /** When the breaker last opened; undefined while closed. */
  readonly openedAt: number | undefined
  /** When an open breaker will let its trial call through; undefined unless open. */
  readonly nextTrialAt: number | undefined
  /** The most recent transitions, oldest first (at most TRANSITION_HISTORY). */
  readonly transitions: readonly BreakerTransition[]
  /** May a call go through now? Lazily moves open → half-open once the wait is over (that call is the trial). */
  allow(): boolean
  /** Why allow() said no, for the rejected CallResult. */
  rejection(): string
  success(): void
  failure(reason: string): void
  /** User action: force closed and forget the back-off. */
  reset(reason?: string): void
  /** Settings may change when an extension is reloaded with a different stability. */
  configure(settings: BreakerSettings): void
  info(): BreakerInfo
}

export const TRANSITION_HISTORY = 50

export function createBreaker(
  settings: BreakerSettings,
  clock: Clock,
  onTransition?: (transition: BreakerTransition) => void,
): Breaker {
  let current = { ...settings }
  let state: BreakerState = "closed"
  let failures = 0
  let openedAt: number | undefined
  let nextTrialAt: number | undefined
  // The wait before the next trial; doubles on each failed trial, back to resetMs on success.
  let waitMs = current.resetMs
  let lastFailure: string | undefined
  const transitions: BreakerTransition[] = []

  const move = (to: BreakerState, reason: string) => {
    const transition = { from: state, to, at: clock.wall(), reason }
    state = to
    transitions.push(transition)
    if (transitions.length > TRANSITION_HISTORY) transitions.shift()
    // The observer is outside code (logging, toasts): it must not break the breaker.
    try {
      onTransition?.(transition)
    } catch {}
  }

  const open = (reason: string) => {
    openedAt = clock.now()
    nextTrialAt = openedAt + waitMs
    move("open", `${reason}; next trial in ${waitMs} ms`)
  }

  return {
    get state() {
      return state
    },
    get consecutiveFailures() {
      return failures
    },
    get openedAt() {
      return openedAt
    },
    get nextTrialAt() {
      return state === "open" ? nextTrialAt : undefined
    },
    get transitions() {
      return transitions
    },
    allow() {
      if (state === "closed") return true
      // Half-open admits exactly one trial: the call that moved it there. Others wait for its outcome.
      if (state === "half-open") return false
      if (clock.now() < (nextTrialAt ?? 0)) return false
      move("half-open", `waited ${waitMs} ms; letting one trial call through`)
      return true
    },
    rejection() {
      if (state === "half-open") return "circuit half-open: a trial call is in progress"
      const seconds = Math.max(0, Math.ceil(((nextTrialAt ?? 0) - clock.now()) / 1000))
      const last = lastFailure ?? "unknown"
      return `circuit open after ${failures} consecutive failures (last: ${last}); next trial in ${seconds} s`
    },
    success() {
      // A late success from a call admitted before the breaker opened neither closes it nor clears the count.
      if (state === "open") return
      failures = 0
      if (state === "closed") return
      waitMs = current.resetMs
      openedAt = undefined
      nextTrialAt = undefined
      move("closed", "trial call succeeded")
    },
    failure(reason) {
      failures++
      lastFailure = reason
      if (state === "half-open") {
        waitMs = Math.min(waitMs * 2, current.maxResetMs)
        open(`trial call failed: ${reason}`)
      } else if (state === "closed" && failures >= current.maxFailures) {
        open(`${failures} consecutive failures; last: ${reason}`)
      }
      // Already open: a late failure from a call admitted earlier only adds to the count.
    },
    reset(reason = "reset by user") {
      failures = 0
      waitMs = current.resetMs
      openedAt = undefined
      nextTrialAt = undefined
      if (state !== "closed") move("closed", reason)
    },
    configure(next) {
      if (
        next.maxFailures === current.maxFailures &&
        next.resetMs === current.resetMs &&
        next.maxResetMs === current.maxResetMs
      )
        return
      current = { ...next }
      if (state === "closed") waitMs = current.resetMs
      else waitMs = Math.min(waitMs, current.maxResetMs)
    },
    info() {
      return {
        state,
        consecutiveFailures: failures,
        openedAt,
        nextTrialAt: state === "open" ? nextTrialAt : undefined,
        lastFailure,
        transitions: transitions.map((t) => ({ ...t })),
      }
    },
  }
}
