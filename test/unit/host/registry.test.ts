import { describe, expect, test } from "bun:test"
import { z } from "zod"
import { err } from "../../../src/result.ts"
import type { ExtensionContext, ExtensionDefinition } from "../../../src/host/types.ts"
import { flush } from "../helpers/fake-clock.ts"
import { candidate, names, setupRegistry } from "../helpers/registry-fixture.ts"

const def = (name: string, rest: Partial<ExtensionDefinition> = {}): ExtensionDefinition => ({ name, ...rest })

describe("registry: start", () => {
  test("inits in dependency order; active() follows it", async () => {
    const { registry } = setupRegistry()
    const inits: string[] = []
    const init = (ctx: ExtensionContext) => void inits.push(ctx.name)
    await registry.start([
      candidate(def("c", { dependencies: ["b"], init })),
      candidate(def("a", { init })),
      candidate(def("b", { dependencies: ["a"], init })),
    ])
    expect(inits).toEqual(["a", "b", "c"])
    expect(names(registry.active())).toEqual(["a", "b", "c"])
    expect(registry.list().map((e) => e.state)).toEqual(["active", "active", "active"])
  })

  test("missing dependency fails the extension and its dependents", async () => {
    const { registry } = setupRegistry()
    await registry.start([
      candidate(def("a", { dependencies: ["ghost"] })),
      candidate(def("b", { dependencies: ["a"] })),
    ])
    expect(registry.info("a")).toMatchObject({ state: "failed", reason: 'missing dependency "ghost"' })
    expect(registry.info("b")).toMatchObject({ state: "failed", reason: 'dependency "a" is failed' })
    expect(registry.active()).toEqual([])
  })

  test("a cycle fails every member; dependents of the cycle fail too", async () => {
    const { registry } = setupRegistry()
    await registry.start([
      candidate(def("a", { dependencies: ["b"] })),
      candidate(def("b", { dependencies: ["a"] })),
      candidate(def("c", { dependencies: ["a"] })),
      candidate(def("d")),
    ])
    expect(registry.info("a")).toMatchObject({ state: "failed", reason: "dependency cycle: a → b → a" })
    expect(registry.info("b")).toMatchObject({ state: "failed", reason: "dependency cycle: b → a → b" })
    expect(registry.info("c")).toMatchObject({ state: "failed", reason: 'dependency "a" is failed' })
    expect(names(registry.active())).toEqual(["d"])
  })

  test("dependents of a disabled or config-broken extension fail; those are never loaded", async () => {
    const { registry } = setupRegistry()
    const off = candidate(def("off"), { enabled: false })
    const broken = candidate(def("broken"), { configError: "extensions.broken: unknown extension" })
    await registry.start([
      off,
      broken,
      candidate(def("x", { dependencies: ["off"] })),
      candidate(def("y", { dependencies: ["broken"] })),
    ])
    expect(off.loads + broken.loads).toBe(0)
    expect(registry.info("off")).toMatchObject({ state: "disabled", reason: "disabled in config" })
    expect(registry.info("broken")).toMatchObject({ state: "failed", reason: "extensions.broken: unknown extension" })
    expect(registry.info("x")!.reason).toBe('dependency "off" is disabled')
    expect(registry.info("y")!.reason).toBe('dependency "broken" is failed')
  })

  test("init timeout fails the extension and aborts its signal", async () => {
    const { registry, clock } = setupRegistry()
    let initSignal: AbortSignal | undefined
    const started = registry.start([
      candidate(def("slow", { init: (ctx) => ((initSignal = ctx.signal), new Promise(() => {})) })),
      candidate(def("after")),
    ])
    await clock.advance(5000)
    await started
    expect(registry.info("slow")).toMatchObject({ state: "failed", reason: "init timed out after 5000 ms" })
    expect(initSignal!.aborted).toBe(true)
    expect(names(registry.active())).toEqual(["after"])
  })

  test("init that throws", async () => {
    const { registry } = setupRegistry()
    const init = () => {
      throw new Error("no database")
    }
    await registry.start([candidate(def("a", { init }))])
    expect(registry.info("a")).toMatchObject({ state: "failed", reason: "init failed: no database" })
  })

  test("options are validated and defaulted; a bad option names the field and types", async () => {
    const { registry } = setupRegistry()
    const options = z.object({ limit: z.number().default(10) })
    await registry.start([
      candidate(def("bad", { options }), { rawOptions: { limit: "5" } }),
      candidate(def("defaulted", { options })),
    ])
    expect(registry.info("bad")).toMatchObject({
      state: "failed",
      reason: "options.limit: expected number, got string",
    })
    expect(registry.get("defaulted")!.options).toEqual({ limit: 10 })
    expect(registry.info("defaulted")!.options).toEqual({ limit: 10 })
  })

  test("load failures: name mismatch, error result, invalid shape, hanging import", async () => {
    const { registry, clock } = setupRegistry()
    const started = registry.start([
      candidate(def("other"), { name: "expected" }),
      candidate(def("errs"), { load: async () => err("cannot find module") }),
      candidate(def("shape"), { load: async () => ({ ok: true, value: { name: "shape", hooks: { x: 1 } } as never }) }),
      candidate(def("hangs"), { load: () => new Promise(() => {}), stability: { timeoutMs: 200 } }),
    ])
    await clock.advance(200)
    await started
    expect(registry.info("expected")!.reason).toBe('definition is named "other" but configured as "expected"')
    expect(registry.info("errs")!.reason).toBe("load failed: cannot find module")
    expect(registry.info("shape")!.reason).toStartWith("invalid definition: ")
    expect(registry.info("hangs")!.reason).toBe("load timed out after 200 ms")
  })

  test("stability: defaults < definition < user; info is serialisable and lists contributions", async () => {
    const { registry } = setupRegistry()
    const full = def("full", {
      version: "1.2.0",
      description: "does things",
      stability: { timeoutMs: 1000, maxFailures: 5 },
      hooks: { preMessage: () => {}, postMessage: () => {} },
      tools: { search: { description: "search", args: { q: z.string() }, execute: () => "" } },
      commands: { hello: { description: "hi", template: "say hi" } },
      panels: { stats: { title: "Stats", load: () => ({ items: [] }) } },
      on: { "index:ready": () => {} },
    })
    const source = { kind: "file" as const, location: "/x.ts" }
    await registry.start([candidate(full, { stability: { maxFailures: 7 }, source })])
    const info = registry.info("full")!
    expect(info.stability).toEqual({
      timeoutMs: 1000,
      maxFailures: 7,
      resetMs: 60_000,
      maxResetMs: 900_000,
      maxHeapDeltaMb: 100,
    })
    expect(info.contributes).toEqual({
      hooks: ["preMessage", "postMessage"],
      tools: ["search"],
      commands: ["hello"],
      panels: ["stats"],
      topics: ["index:ready"],
    })
    expect(info).toMatchObject({ version: "1.2.0", description: "does things", source })
    expect(JSON.parse(JSON.stringify(registry.list()))).toEqual(JSON.parse(JSON.stringify([info])))
  })

  test("contexts: per-call signal, bound bus, options; on-handlers subscribed once active", async () => {
    const { registry, bus } = setupRegistry()
    const heard: Array<{ payload: unknown; from: string }> = []
    await registry.start([
      candidate(def("talker", { hooks: { preMessage: async (_e, ctx) => ctx.bus.emit("news", { n: 1 }) } })),
      candidate(def("listener", { on: { news: (payload, ctx) => void heard.push({ payload, from: ctx.name }) } })),
    ])
    const talker = registry.get("talker")!
    let seen: ExtensionContext | undefined
    const result = await talker.invoke("preMessage", (ctx) => {
      seen = ctx
      return talker.definition.hooks!.preMessage!({ sessionID: "s", text: "hi" }, ctx)
    })
    expect(result.kind).toBe("ok")
    expect(heard).toEqual([{ payload: { n: 1 }, from: "listener" }])
    expect(seen).toMatchObject({ name: "talker", directory: "/project", client: { fake: true } })
    expect(seen!.signal).not.toBe(talker.signal)
    expect(bus.topics("listener")).toEqual(["news"])
  })

  test("onChange fires once per transition", async () => {
    const { registry, changes } = setupRegistry()
    await registry.start([candidate(def("a"))])
    await registry.disable("a")
    await registry.disable("a")
    await registry.enable("a")
    const seen = changes.map((c) => `${c.previous?.state ?? "-"}>${c.info.state}`)
    expect(seen).toEqual(["->active", "active>disabled", "disabled>active"])
  })
})

describe("registry: run time", () => {
  test("reload shuts the old instance down and starts the newly loaded one", async () => {
    const { registry, changes } = setupRegistry()
    const log: string[] = []
    const version = (v: string) =>
      def("a", { version: v, init: () => void log.push(`init ${v}`), shutdown: () => void log.push(`shutdown ${v}`) })
    const a = candidate([version("1"), version("2")])
    await registry.start([a])
    const oldSignal = registry.get("a")!.signal
    const result = await registry.reload("a")
    expect(result).toMatchObject({ ok: true, value: { state: "active", version: "2", generation: 2 } })
    expect(log).toEqual(["init 1", "shutdown 1", "init 2"])
    expect(oldSignal.aborted).toBe(true)
    expect(registry.get("a")!.definition.version).toBe("2")
    expect(changes.at(-1)!.info).toMatchObject({ state: "active", generation: 2 })
  })

  test("a failed reload leaves the extension failed with nothing registered", async () => {
    const { registry, bus } = setupRegistry()
    const good = def("a", { hooks: { preMessage: () => {} }, on: { t: () => {} } })
    const bad = def("a", {
      on: { t: () => {} },
      init: () => {
        throw new Error("broken config file")
      },
    })
    await registry.start([candidate([good, bad]), candidate(def("b", { dependencies: ["a"] }))])
    const result = await registry.reload("a")
    expect(result).toEqual({ ok: false, error: "init failed: broken config file" })
    expect(registry.info("a")).toMatchObject({ state: "failed", reason: "init failed: broken config file" })
    expect(registry.get("a")).toBeUndefined()
    expect(bus.topics("a")).toEqual([])
    expect((await bus.emit("x", "t", null)).delivered).toBe(0)
    expect(registry.info("b")).toMatchObject({ state: "disabled", reason: 'dependency "a" is failed' })
    expect(names(registry.active())).toEqual([])
  })

  test("disable switches off dependents first; enable brings back exactly those", async () => {
    const { registry } = setupRegistry()
    const stops: string[] = []
    const shutdown = (ctx: ExtensionContext) => void stops.push(ctx.name)
    await registry.start([
      candidate(def("a", { shutdown })),
      candidate(def("b", { dependencies: ["a"], shutdown })),
      candidate(def("c", { dependencies: ["b"], shutdown })),
      candidate(def("d", { dependencies: ["a"], shutdown })),
    ])
    await registry.disable("d")
    const result = await registry.disable("a")
    expect(result.ok).toBe(true)
    expect(stops).toEqual(["d", "c", "b", "a"])
    expect(registry.info("a")).toMatchObject({ state: "disabled", reason: "disabled by user" })
    expect(registry.info("b")!.reason).toBe('dependency "a" is disabled')
    expect(registry.info("c")!.reason).toBe('dependency "b" is disabled')

    await registry.enable("a")
    expect(names(registry.active())).toEqual(["a", "b", "c"])
    expect(registry.info("d")).toMatchObject({ state: "disabled", reason: "disabled by user" })
  })

  test("enable refuses while a dependency is not active", async () => {
    const { registry } = setupRegistry()
    await registry.start([candidate(def("a")), candidate(def("b", { dependencies: ["a"] }))])
    await registry.disable("b")
    await registry.disable("a")
    expect(await registry.enable("b")).toEqual({ ok: false, error: 'dependency "a" is disabled' })
    expect(registry.info("b")!.state).toBe("failed")
    expect(await registry.enable("nope")).toEqual({ ok: false, error: 'unknown extension "nope"' })
    expect((await registry.reload("a")).ok).toBe(false)
  })

  test("a call on a stopped extension's handle is rejected", async () => {
    const { registry } = setupRegistry()
    await registry.start([candidate(def("a"))])
    const handle = registry.get("a")!
    await registry.disable("a")
    expect((await handle.invoke("preMessage", () => 1)).kind).toBe("rejected")
  })

  test("enabling an extension that was disabled in config loads it then", async () => {
    const { registry } = setupRegistry()
    const later = candidate(def("later", { dependencies: ["base"] }), { enabled: false })
    await registry.start([later, candidate(def("base"))])
    expect(later.loads).toBe(0)
    expect((await registry.enable("later")).ok).toBe(true)
    expect(names(registry.active())).toEqual(["base", "later"])
  })

  test("shutdown: reverse load order, bounded by the total budget", async () => {
    const { registry, clock } = setupRegistry()
    const calls: string[] = []
    const signals: AbortSignal[] = []
    const hang = (ctx: ExtensionContext) => (calls.push(ctx.name), new Promise<void>(() => {}))
    const init = (ctx: ExtensionContext) => void signals.push(ctx.signal)
    await registry.start([
      candidate(def("a", { init, shutdown: (ctx) => void calls.push(ctx.name) })),
      candidate(def("b", { init, shutdown: hang })),
      candidate(def("c", { init, shutdown: hang, stability: { timeoutMs: 1000 } })),
      candidate(def("d", { init, shutdown: (ctx) => void calls.push(ctx.name) })),
    ])
    const done = registry.shutdown(2500)
    await clock.advance(1000)
    expect(calls).toEqual(["d", "c", "b"])
    await clock.advance(1500)
    const report = await done
    expect(report).toEqual({
      completed: ["d"],
      failed: [
        { name: "c", reason: "shutdown timed out after 1000 ms" },
        { name: "b", reason: "shutdown timed out after 1500 ms" },
      ],
      skipped: ["a"],
    })
    expect(calls).toEqual(["d", "c", "b"])
    expect(signals.every((s) => s.aborted)).toBe(true)
    expect(registry.active()).toEqual([])
    expect(registry.info("a")!.reason).toBe("shut down (skipped: shutdown budget exhausted)")
    await flush()
  })
})

describe("registry: recovery", () => {
  test("fixing a failed dependency by reload brings back the dependents it held back at start", async () => {
    const { registry } = setupRegistry()
    const broken = def("a", {
      init: () => {
        throw new Error("bad")
      },
    })
    await registry.start([candidate([broken, def("a")]), candidate(def("b", { dependencies: ["a"] }))])
    expect(registry.info("b")!.reason).toBe('dependency "a" is failed')
    expect((await registry.reload("a")).ok).toBe(true)
    expect(names(registry.active())).toEqual(["a", "b"])
  })
})
