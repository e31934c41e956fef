// Time behind an interface so breakers, timeouts and budgets can be driven by a fake clock in tests.

export interface Clock {
  /** Milliseconds since an arbitrary epoch; only differences matter. */
  now(): number
  /** Wall-clock time (epoch ms), for timestamps people read: breaker transitions. */
  wall(): number
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export const realClock: Clock = {
  now: () => performance.now(),
  wall: () => Date.now(),
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms)
    // A pending guard timer must never keep the host process alive on its own.
    if (typeof handle === "object" && handle !== null && "unref" in handle) handle.unref()
    return handle
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}
