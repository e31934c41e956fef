import { describe, expect, test } from "bun:test"
import { z } from "zod"
import { createMetrics } from "../../../src/host/metrics.ts"
import { createRunner, type HeapWarning } from "../../../src/host/runner.ts"
import { DEFAULT_STABILITY, type Stability } from "../../../src/host/types.ts"
import { createFakeClock, flush } from "../helpers/fake-clock.ts"

const stability: Stability = { ...DEFAULT_STABILITY, timeoutMs: 100, maxFailures: 2, resetMs: 1000 }

function setup(heap?: () => number) {
  const clock = createFakeClock()
  const metrics = createMetrics(clock.now)
  const warnings: HeapWarning[] = []
  const transitions: string[] = []
  const runner = createRunner({
    clock,
    metrics,
    heapUsed: heap ?? (() => 0),
    onHeapWarning: (w) => warnings.push(w),
    onBreakerTransition: (ext, t) => transitions.push(`${ext}:${t.from}>${t.to}`),
  })
  return { clock, metrics, runner, warnings, transitions }
}

const never = () => new Promise<never>(() => {})

describe("runner", () => {
  test("ok: sync and async values", async () => {
    const { runner, metrics } = setup()
    expect(await runner.call("a", "h", () => 1, { stability })).toEqual({ kind: "ok", value: 1, ms: 0 })
    expect(await runner.call("a", "h", async () => "x", { stability })).toMatchObject({ kind: "ok", value: "x" })
    expect(metrics.snapshot().a!.hooks.h!.ok).toBe(2)
  })

  test("error: sync throw, async rejection, thrown non-errors", async () => {
    const { runner, metrics } = setup()
    const sync = await runner.call("a", "h", () => {
      throw new Error("sync boom")
    }, { stability })
    expect(sync).toMatchObject({ kind: "error", error: "sync boom" })
    const async = await runner.call("a", "h", async () => Promise.reject(new Error("async boom")), { stability })
    expect(async).toMatchObject({ kind: "error", error: "async boom" })
    const odd = await runner.call("b", "h", () => {
      throw { code: 7 }
    }, { stability })
    expect(odd).toMatchObject({ kind: "error", error: '{"code":7}' })
    expect(metrics.snapshot().a!.hooks.h!.lastError).toMatchObject({ kind: "error", message: "async boom" })
  })

  test("timeout: aborts the signal and ignores the late result", async () => {
    const { runner, clock, metrics } = setup()
    let seen: AbortSignal | undefined
    let release: (v: string) => void = () => {}
    const pending = runner.call(
      "a",
      "h",
      (signal) => {
        seen = signal
        return new Promise<string>((resolve) => (release = resolve))
      },
      { stability },
    )
    await clock.advance(99)
    expect(seen!.aborted).toBe(false)
    await clock.advance(1)
    const result = await pending
    expect(result).toEqual({ kind: "timeout", ms: 100 })
    expect(seen!.aborted).toBe(true)
    expect((seen!.reason as Error).message).toBe("timed out after 100 ms")
    release("late")
    await flush()
    expect(metrics.snapshot().a!.hooks.h).toMatchObject({ calls: 1, timeouts: 1, ok: 0 })
    expect(clock.pending()).toBe(0)
  })

  test("a rejection after the timeout is not unhandled", async () => {
    const { runner, clock } = setup()
    const unhandled: unknown[] = []
    const onUnhandled = (reason: unknown) => unhandled.push(reason)
    process.on("unhandledRejection", onUnhandled)
    try {
      let fail: (e: Error) => void = () => {}
      const pending = runner.call("a", "h", () => new Promise((_, reject) => (fail = reject)), { stability })
      await clock.advance(100)
      expect((await pending).kind).toBe("timeout")
      fail(new Error("late"))
      await flush()
      await new Promise((resolve) => setImmediate(resolve))
      expect(unhandled).toEqual([])
    } finally {
      process.off("unhandledRejection", onUnhandled)
    }
  })

  test("a synchronous call that overruns its budget is a timeout", async () => {
    const { runner, clock } = setup()
    let signal: AbortSignal | undefined
    const result = await runner.call(
      "a",
      "h",
      (s) => {
        signal = s
        clock.block(150)
        return 1
      },
      { stability },
    )
    expect(result.kind).toBe("timeout")
    expect(signal!.aborted).toBe(true)
  })

  test("invalid: output failing the schema is not applied; parsed output is", async () => {
    const { runner, metrics } = setup()
    const schema = z.object({ text: z.string() })
    const bad = await runner.call("a", "h", () => ({ text: 5 }) as unknown as { text: string }, { stability, schema })
    expect(bad).toEqual({ kind: "invalid", issues: "text: expected string, got number", ms: 0 })
    expect(bad).not.toHaveProperty("value")
    const trimmed = z.object({ text: z.string().transform((s) => s.trim()) })
    const good = await runner.call("a", "h", () => ({ text: "  hi " }), { stability, schema: trimmed })
    expect(good).toMatchObject({ kind: "ok", value: { text: "hi" } })
    expect(metrics.snapshot().a!.hooks.h).toMatchObject({ invalid: 1, ok: 1 })
  })

  test("a schema that throws is reported as invalid, never thrown", async () => {
    const { runner } = setup()
    const schema = z.string().refine(() => {
      throw new Error("refine exploded")
    })
    const result = await runner.call("a", "h", () => "x", { stability, schema })
    expect(result).toMatchObject({ kind: "invalid", issues: "validation threw: refine exploded" })
  })

  test("rejected: an open breaker does not call fn; after resetMs one trial closes it", async () => {
    const { runner, clock, metrics, transitions } = setup()
    const boom = () => {
      throw new Error("boom")
    }
    await runner.call("a", "h", boom, { stability })
    await runner.call("a", "h", boom, { stability })
    let calls = 0
    const counted = () => ++calls
    const rejected = await runner.call("a", "h", counted, { stability })
    expect(rejected.kind).toBe("rejected")
    expect(rejected.kind === "rejected" && rejected.reason).toContain("h: boom")
    expect(calls).toBe(0)
    // Other extensions are unaffected.
    expect((await runner.call("b", "h", counted, { stability })).kind).toBe("ok")

    await clock.advance(1000)
    expect((await runner.call("a", "h", counted, { stability })).kind).toBe("ok")
    expect(runner.breaker("a")!.state).toBe("closed")
    expect(transitions).toEqual(["a:closed>open", "a:open>half-open", "a:half-open>closed"])
    expect(metrics.snapshot().a!.totals).toMatchObject({ rejections: 1, errors: 2, ok: 1 })
  })

  test("timeouts and invalid output count as breaker failures; force bypasses admission", async () => {
    const { runner, clock } = setup()
    const pending = runner.call("a", "h", never, { stability })
    await clock.advance(100)
    await pending
    await runner.call("a", "h", () => 1, { stability, schema: z.string() as unknown as z.ZodType<number> })
    expect(runner.breaker("a")!.state).toBe("open")
    expect((await runner.call("a", "shutdown", () => 1, { stability, force: true })).kind).toBe("ok")
    runner.resetBreaker("a")
    expect(runner.breaker("a")!.state).toBe("closed")
    runner.forget("a")
    expect(runner.breaker("a")).toBeUndefined()
  })

  test("an aborted lifetime signal rejects; aborting it mid-call aborts the call's signal", async () => {
    const { runner, clock } = setup()
    const lifetime = new AbortController()
    let inner: AbortSignal | undefined
    const pending = runner.call("a", "h", (s) => ((inner = s), never()), { stability, signal: lifetime.signal })
    await flush()
    lifetime.abort()
    expect(inner!.aborted).toBe(true)
    await clock.advance(100)
    await pending
    expect((await runner.call("a", "h", () => 1, { stability, signal: lifetime.signal })).kind).toBe("rejected")
  })

  test("heap growth past the limit warns and counts as a failure, but the value is still returned", async () => {
    let heap = 0
    const { runner, warnings, metrics } = setup(() => heap)
    const limited = { ...stability, maxHeapDeltaMb: 10 }
    const grow = (mb: number) => () => {
      heap += mb * 1024 * 1024
      return "done"
    }
    expect(await runner.call("a", "h", grow(5), { stability: limited })).toMatchObject({ kind: "ok", value: "done" })
    expect(warnings).toEqual([])
    expect(await runner.call("a", "h", grow(20), { stability: limited })).toMatchObject({ kind: "ok", value: "done" })
    expect(warnings).toEqual([{ extension: "a", hook: "h", deltaMb: 20, limitMb: 10 }])
    expect(runner.breaker("a")!.consecutiveFailures).toBe(1)
    const stats = metrics.snapshot().a!.hooks.h!
    expect(stats).toMatchObject({ ok: 2, heapWarnings: 1 })
    expect(stats.lastError).toMatchObject({ kind: "heap", message: "heap grew by 20.0 MB (limit 10 MB)" })
  })

  test("never throws, even when its own collaborators do", async () => {
    const clock = createFakeClock()
    const metrics = createMetrics()
    const runner = createRunner({
      clock,
      metrics: { ...metrics, record: () => { throw new Error("metrics broke") } },
      heapUsed: () => {
        throw new Error("no heap")
      },
    })
    const result = await runner.call("a", "h", () => 1, { stability })
    expect(result).toMatchObject({ kind: "error", error: "switchboard: metrics broke" })
  })
})
