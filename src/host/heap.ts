// The default heap sampler for the runner's per-call heap check. It runs twice per call, so cost matters:
// - Under Bun, bun:jsc's heapSize() tracks fresh allocations; process.memoryUsage().heapUsed barely moves between
//   collections (useless for per-call deltas) and costs about 10 µs. Node (no bun:jsc) falls back to it.
// - Even heapSize() costs several µs once the program allocates, so a reading is reused for SAMPLE_WINDOW_MS.
//   That cannot hide a real offender: allocating the smallest sensible limit (tens of MB) takes far longer than
//   the window, so such a call always sees a fresh reading at its end.

type HeapSampler = () => number

export const SAMPLE_WINDOW_MS = 1

function loadJscHeapSize(): HeapSampler | undefined {
  if (!process.versions.bun) return undefined
  try {
    // require, not import: keeps this module synchronous and loadable where bun:jsc does not exist.
    const jsc = require("bun:jsc") as { heapSize?: () => number }
    return typeof jsc.heapSize === "function" ? jsc.heapSize : undefined
  } catch {
    return undefined
  }
}

/** Reuses the last reading while it is younger than `windowMs`. */
export function cachedSampler(
  raw: HeapSampler,
  windowMs: number,
  now: () => number = performance.now.bind(performance),
): HeapSampler {
  let value = 0
  let at = Number.NEGATIVE_INFINITY
  return (): number => {
    const t = now()
    if (t - at >= windowMs) {
      value = raw()
      at = t
    }
    return value
  }
}

export const defaultHeapUsed: HeapSampler = cachedSampler(
  loadJscHeapSize() ?? (() => process.memoryUsage().heapUsed),
  SAMPLE_WINDOW_MS,
)
