// Shared setup for registry tests: a fake clock, in-memory services and candidates built from plain definitions.
import { ok, type Result } from "../../../src/result.ts"
import { createBus } from "../../../src/host/bus.ts"
import type { Candidate } from "../../../src/host/candidate.ts"
import type { ContextServices } from "../../../src/host/extension-context.ts"
import { createMetrics } from "../../../src/host/metrics.ts"
import { createRegistry, type StateSnapshot } from "../../../src/host/registry.ts"
import type { ExtensionInfo } from "../../../src/host/registry-entry.ts"
import { createRunner } from "../../../src/host/runner.ts"
import type { ExtensionDefinition, ExtensionStorage, Logger } from "../../../src/host/types.ts"
import { createFakeClock } from "./fake-clock.ts"
import { CacheService } from "../../../src/cache/service.ts"

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} }

function memoryStorage(): ExtensionStorage {
  const data = new Map<string, unknown>()
  return {
    get: async <T>(key: string) => data.get(key) as T | undefined,
    set: async (key, value) => void data.set(key, value),
    delete: async (key) => void data.delete(key),
    keys: async () => [...data.keys()],
  }
}

export function setupRegistry() {
  const clock = createFakeClock()
  const metrics = createMetrics(clock.now)
  const runner = createRunner({ clock, metrics, heapUsed: () => 0 })
  const bus = createBus(runner)
  // Memory only, no sweep timer: nothing outlives the test.
  const cache = new CacheService({ project: "/project", sweepMs: 0 })
  const services: ContextServices = {
    log: () => quiet,
    storage: () => memoryStorage(),
    cache: (name) => cache.namespace(name),
    note: () => () => {},
    captured: { events: async () => [], aggregate: async () => [] },
    database: () => () => {
      throw new Error("no database in registry tests")
    },
    client: { fake: true },
    directory: "/project",
    worktree: "/project",
  }
  const registry = createRegistry({ runner, bus, services })
  const changes: Array<{ info: ExtensionInfo; previous: StateSnapshot | undefined }> = []
  registry.onChange((info, previous) => changes.push({ info, previous }))
  return { clock, metrics, runner, bus, registry, changes }
}

/** A candidate whose load() returns the given definitions in turn (the last one repeats): reload sees the next. */
export function candidate(
  definitions: ExtensionDefinition | ExtensionDefinition[],
  extra: Partial<Candidate> = {},
): Candidate & { loads: number } {
  const list = Array.isArray(definitions) ? definitions : [definitions]
  const made = {
    name: list[0]!.name,
    source: { kind: "builtin" as const },
    enabled: true,
    rawOptions: undefined,
    loads: 0,
    async load(): Promise<Result<ExtensionDefinition>> {
      const definition = list[Math.min(made.loads, list.length - 1)]!
      made.loads++
      return ok(definition)
    },
    ...extra,
  }
  return made
}

export const names = (list: readonly { name: string }[]) => list.map((e) => e.name)
