import { describe, expect, test } from "bun:test"
import { createMetrics, LATENCY_WINDOW, percentile } from "../../../src/host/metrics.ts"

describe("metrics", () => {
  test("counts every outcome per extension × hook, with totals per extension", () => {
    const metrics = createMetrics(() => 42)
    metrics.record("a", "preMessage", "ok", 1)
    metrics.record("a", "preMessage", "error", 2, "boom")
    metrics.record("a", "preMessage", "timeout", 3, "timed out after 3 ms")
    metrics.record("a", "tool:search", "invalid", 1, "text: expected string, got number")
    metrics.record("a", "tool:search", "rejected")
    metrics.heapWarning("a", "tool:search", "heap grew")
    metrics.record("b", "init", "ok", 5)

    const snap = metrics.snapshot()
    expect(snap.a!.hooks.preMessage).toMatchObject({ calls: 3, ok: 1, errors: 1, timeouts: 1, rejections: 0 })
    expect(snap.a!.hooks.preMessage!.lastError).toEqual({ message: "timed out after 3 ms", at: 42, kind: "timeout" })
    expect(snap.a!.hooks["tool:search"]).toMatchObject({ calls: 2, invalid: 1, rejections: 1, heapWarnings: 1 })
    // A rejection does not overwrite the cause; a heap warning does.
    expect(snap.a!.hooks["tool:search"]!.lastError!.kind).toBe("heap")
    expect(snap.a!.totals).toEqual({
      calls: 5,
      ok: 1,
      errors: 1,
      timeouts: 1,
      rejections: 1,
      invalid: 1,
      heapWarnings: 1,
    })
    expect(snap.b!.totals.calls).toBe(1)
    expect(JSON.parse(JSON.stringify(snap))).toEqual(snap)
  })

  test("nearest-rank percentiles", () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1)
    expect(percentile(sorted, 50)).toBe(50)
    expect(percentile(sorted, 95)).toBe(95)
    expect(percentile(sorted, 99)).toBe(99)
    expect(percentile([7], 99)).toBe(7)
    expect(percentile([], 50)).toBeUndefined()
  })

  test("latencies: percentiles over the most recent window only", () => {
    const metrics = createMetrics()
    // An old slow period, then a full window of fast calls: the old ones must have rolled out.
    for (let i = 0; i < 500; i++) metrics.record("a", "h", "ok", 1000)
    for (let i = 1; i <= LATENCY_WINDOW; i++) metrics.record("a", "h", "ok", i)
    const stats = metrics.snapshot().a!.hooks.h!
    expect(stats.calls).toBe(500 + LATENCY_WINDOW)
    expect(stats.p50).toBe(512)
    expect(stats.p99).toBe(Math.ceil(0.99 * LATENCY_WINDOW))
  })

  test("percentiles are undefined before any timed call; rejections carry no latency", () => {
    const metrics = createMetrics()
    metrics.record("a", "h", "rejected")
    expect(metrics.snapshot().a!.hooks.h!.p50).toBeUndefined()
    metrics.record("a", "h", "ok", 4)
    metrics.record("a", "h", "ok", 2)
    expect(metrics.snapshot().a!.hooks.h).toMatchObject({ p50: 2, p95: 4, p99: 4 })
  })

  test("forget drops an extension", () => {
    const metrics = createMetrics()
    metrics.record("a", "h", "ok", 1)
    metrics.forget("a")
    expect(metrics.snapshot()).toEqual({})
  })
})
