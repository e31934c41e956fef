// A deterministic Clock: time only moves when a test calls advance(), so no assertion depends on machine speed.
import type { Clock } from "../../../src/host/clock.ts"

interface Timer {
  id: number
  at: number
  fn: () => void
}

export interface FakeClock extends Clock {
  /** Moves time forward, running every timer that falls due, in due order (ties in creation order). */
  advance(ms: number): Promise<void>
  /** Time passes while the thread is busy (a blocking call): the clock moves, no timer runs until the next advance. */
  block(ms: number): void
  /** Number of timers still pending. */
  pending(): number
}

/** Lets queued promise continuations run; several rounds because awaits chain through microtasks. */
export async function flush(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve()
}

export function createFakeClock(start = 0): FakeClock {
  let current = start
  let nextId = 1
  const timers = new Map<number, Timer>()

  const nextDue = (limit: number): Timer | undefined => {
    let best: Timer | undefined
    for (const timer of timers.values()) {
      if (timer.at > limit) continue
      if (!best || timer.at < best.at || (timer.at === best.at && timer.id < best.id)) best = timer
    }
    return best
  }

  return {
    now: () => current,
    wall: () => current,
    setTimeout(fn, ms) {
      const id = nextId++
      timers.set(id, { id, at: current + Math.max(0, ms), fn })
      return id
    },
    clearTimeout(handle) {
      timers.delete(handle as number)
    },
    async advance(ms) {
      const target = current + ms
      // Settle work started before the advance so it can register its timers first.
      await flush()
      for (let timer = nextDue(target); timer; timer = nextDue(target)) {
        timers.delete(timer.id)
        current = timer.at
        timer.fn()
        // Callbacks resolve promises whose continuations may register more timers within this window.
        await flush()
      }
      current = target
      await flush()
    },
    block(ms) {
      current += ms
    },
    pending: () => timers.size,
  }
}
