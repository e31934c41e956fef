// One hook dispatched to 10 no-op extensions through the guarded runner, against the same 10 handlers called
// directly, in the same process. Prints figures; asserts nothing about speed.
import { createBus } from "../src/host/bus.ts"
import { realClock } from "../src/host/clock.ts"
import { createMetrics } from "../src/host/metrics.ts"
import { createRegistry } from "../src/host/registry.ts"
import { createRunner } from "../src/host/runner.ts"
import { ok } from "../src/result.ts"
import { CacheService } from "../src/cache/service.ts"
import { DEFAULT_STABILITY, type ExtensionDefinition, type PreMessageEvent } from "../src/host/types.ts"
import { figures, printFigures, printOverhead, type Figures } from "./stats.ts"

const EXTENSIONS = 10
const WARMUP = 2000
const ITERATIONS = 20_000

const event: PreMessageEvent = { sessionID: "s1", text: "hello world" }
const handlers = Array.from({ length: EXTENSIONS }, () => (_e: PreMessageEvent): void => {})

async function measure(label: string, dispatch: () => Promise<void>): Promise<Figures> {
  for (let i = 0; i < WARMUP; i++) await dispatch()
  const samples = new Array<number>(ITERATIONS)
  for (let i = 0; i < ITERATIONS; i++) {
    const start = Bun.nanoseconds()
    await dispatch()
    samples[i] = Bun.nanoseconds() - start
  }
  return figures(label, samples)
}

export async function runDispatchBench(): Promise<{ direct: Figures; runner: Figures; rows: Figures[] }> {
  const names = handlers.map((_, i) => `ext${i}`)
  const stability = DEFAULT_STABILITY

  const direct = await measure("direct (await each handler)", async () => {
    for (const handler of handlers) await handler(event)
  })

  const runner = createRunner({ clock: realClock, metrics: createMetrics() })
  const guarded = await measure("runner.call (default heap sampling)", async () => {
    for (let i = 0; i < EXTENSIONS; i++) {
      await runner.call(names[i]!, "preMessage", () => handlers[i]!(event), { stability })
    }
  })

  const noHeap = createRunner({ clock: realClock, metrics: createMetrics(), heapUsed: () => 0 })
  const guardedNoHeap = await measure("runner.call (heap sampling stubbed)", async () => {
    for (let i = 0; i < EXTENSIONS; i++) {
      await noHeap.call(names[i]!, "preMessage", () => handlers[i]!(event), { stability })
    }
  })

  // The path adapters take: registry.active() → invoke(), which adds the per-call context and the lifetime signal.
  const viaRunner = createRunner({ clock: realClock, metrics: createMetrics() })
  const registry = createRegistry({
    runner: viaRunner,
    bus: createBus(viaRunner),
    services: {
      log: () => ({ debug() {}, info() {}, warn() {}, error() {} }),
      cache: (name) => new CacheService({ project: ".", sweepMs: 0 }).namespace(name),
      storage: () => ({
        get: async () => undefined,
        set: async () => {},
        delete: async () => {},
        keys: async () => [],
      }),
      note: () => () => {},
      captured: { events: async () => [], aggregate: async () => [] },
      database: () => () => {
        throw new Error("no database in the benchmark")
      },
      client: undefined,
      directory: ".",
      worktree: ".",
    },
  })
  await registry.start(
    names.map((name, i) => ({
      name,
      source: { kind: "builtin" as const },
      enabled: true,
      rawOptions: undefined,
      load: async () => ok({ name, hooks: { preMessage: handlers[i] } } as ExtensionDefinition),
    })),
  )
  const viaRegistry = await measure("registry.active() → invoke()", async () => {
    for (const ext of registry.active()) {
      const hook = ext.definition.hooks!.preMessage!
      await ext.invoke("preMessage", (c) => hook(event, c))
    }
  })

  return { direct, runner: guarded, rows: [direct, guarded, guardedNoHeap, viaRegistry] }
}

if (import.meta.main) {
  console.log(`dispatch: one preMessage to ${EXTENSIONS} no-op extensions, ${ITERATIONS} iterations (per dispatch)`)
  const { direct, rows } = await runDispatchBench()
  printFigures(rows)
  for (const row of rows.slice(1)) printOverhead(`overhead of ${row.label}`, direct, row)
}
