import { describe, expect, test } from "bun:test"
import { createBus, MAX_EMIT_DEPTH } from "../../../src/host/bus.ts"
import { createMetrics } from "../../../src/host/metrics.ts"
import { createRunner } from "../../../src/host/runner.ts"
import { DEFAULT_STABILITY, type Stability } from "../../../src/host/types.ts"
import { createFakeClock, flush } from "../helpers/fake-clock.ts"

const stability: Stability = { ...DEFAULT_STABILITY, timeoutMs: 100 }

function setup() {
  const clock = createFakeClock()
  const metrics = createMetrics()
  const runner = createRunner({ clock, metrics, heapUsed: () => 0 })
  return { clock, metrics, runner, bus: createBus(runner) }
}

describe("bus", () => {
  test("delivers to every subscriber of the topic, including the sender's own", async () => {
    const { bus } = setup()
    const got: string[] = []
    bus.subscribe("a", "greet", (p) => void got.push(`a:${p}`), stability)
    bus.subscribe("b", "greet", (p) => void got.push(`b:${p}`), stability)
    bus.subscribe("c", "other", () => void got.push("c"), stability)
    const report = await bus.emit("a", "greet", "hi")
    expect(report).toEqual({ delivered: 2, failed: 0, failures: [] })
    expect(got.sort()).toEqual(["a:hi", "b:hi"])
    expect(await bus.emit("a", "nobody", 1)).toEqual({ delivered: 0, failed: 0, failures: [] })
  })

  test("a throwing and a hanging subscriber affect neither the emitter nor the others", async () => {
    const { bus, clock, metrics } = setup()
    const got: unknown[] = []
    bus.subscribe("thrower", "t", () => {
      throw new Error("subscriber broke")
    }, stability)
    bus.subscribe("hanger", "t", () => new Promise(() => {}), stability)
    bus.subscribe("good", "t", async (p) => void got.push(p), stability)

    let settled = false
    const pending = bus.emit("emitter", "t", { n: 1 }).then((r) => ((settled = true), r))
    await flush()
    // The good subscriber already has it; only the emit's own completion waits for the hanging one.
    expect(got).toEqual([{ n: 1 }])
    expect(settled).toBe(false)
    await clock.advance(100)
    const report = await pending
    expect(report.delivered).toBe(1)
    expect(report.failed).toBe(2)
    expect(report.failures).toEqual([
      { extension: "thrower", kind: "error", reason: "subscriber broke" },
      { extension: "hanger", kind: "timeout", reason: "timed out after 100 ms" },
    ])
    expect(metrics.snapshot().hanger!.hooks["bus:t"]!.timeouts).toBe(1)
  })

  test("bound emit resolves to nothing and never rejects", async () => {
    const { bus } = setup()
    bus.subscribe("x", "t", () => {
      throw new Error("no")
    }, stability)
    await expect(bus.bind("a").emit("t", 1)).resolves.toBeUndefined()
  })

  test("unsubscribeAll removes an extension's subscriptions", async () => {
    const { bus } = setup()
    bus.subscribe("a", "t", () => {}, stability)
    bus.subscribe("a", "u", () => {}, stability)
    bus.subscribe("b", "t", () => {}, stability)
    expect(bus.topics("a").sort()).toEqual(["t", "u"])
    bus.unsubscribeAll("a")
    expect(bus.topics("a")).toEqual([])
    expect((await bus.emit("z", "t", 0)).delivered).toBe(1)
  })

  test("a subscriber re-emitting its own topic is stopped at the depth limit", async () => {
    const { bus } = setup()
    let deliveries = 0
    const dropped: string[] = []
    bus.subscribe("loop", "ping", async () => {
      deliveries++
      const inner = await bus.emit("loop", "ping", null)
      if (inner.dropped) dropped.push(inner.dropped)
    }, stability)
    const report = await bus.emit("loop", "ping", null)
    expect(report.delivered).toBe(1)
    expect(deliveries).toBe(MAX_EMIT_DEPTH)
    expect(dropped.length).toBe(1)
  })
})
