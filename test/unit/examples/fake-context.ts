// Loads an example through the real loader and hands it a plain context: storage in a Map (JSON round-tripped, as the
// real store does), recorded logs and bus emits. Options go through the host's own validation.
import path from "node:path"
import { loadDefinitionFromFile } from "../../../src/host/loader.ts"
import { validateOptions } from "../../../src/host/prepare.ts"
import type { ExtensionContext, ExtensionDefinition, ExtensionStorage, ToolContext } from "../../../src/host/types.ts"
import { CacheService } from "../../../src/cache/service.ts"

export const EXAMPLES = path.resolve(import.meta.dir, "../../../examples")

export async function loadExample(file: string): Promise<ExtensionDefinition> {
  const loaded = await loadDefinitionFromFile(path.join(EXAMPLES, file))
  if (!loaded.ok) throw new Error(loaded.error)
  return loaded.value
}

export function mapStorage(data = new Map<string, string>()): ExtensionStorage & { data: Map<string, string> } {
  return {
    data,
    async get<T>(key: string) {
      const raw = data.get(key)
      return raw === undefined ? undefined : (JSON.parse(raw) as T)
    },
    async set(key, value) {
      data.set(key, JSON.stringify(value ?? null))
    },
    async delete(key) {
      data.delete(key)
    },
    async keys() {
      return [...data.keys()].sort()
    },
  }
}

export interface Recorded {
  logs: Array<{ level: string; message: string; extra?: Record<string, unknown> }>
  emitted: Array<{ topic: string; payload: unknown }>
}

/** Throws when the options are invalid, with the host's message (what a user would see). */
export function fakeContext(
  definition: ExtensionDefinition,
  rawOptions: unknown,
  directory: string,
  store: ExtensionStorage = mapStorage(),
): ExtensionContext & Recorded {
  const options = validateOptions(definition.options, rawOptions)
  if (!options.ok) throw new Error(options.error)
  const logs: Recorded["logs"] = []
  const emitted: Recorded["emitted"] = []
  const log = (level: string) => (message: string, extra?: Record<string, unknown>) =>
    void logs.push({ level, message, extra })
  return {
    name: definition.name,
    options: options.value,
    signal: new AbortController().signal,
    log: { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") },
    bus: { emit: async (topic, payload) => void emitted.push({ topic, payload }) },
    store,
    cache: new CacheService({ project: directory, sweepMs: 0 }).namespace(definition.name),
    note: () => {},
    captured: { events: async () => [], aggregate: async () => [] },
    database: () => {
      throw new Error("no database in example tests")
    },
    client: undefined,
    directory,
    worktree: directory,
    logs,
    emitted,
  }
}

export function toolContext(ctx: ExtensionContext): ToolContext {
  return { ...ctx, sessionID: "ses_1", messageID: "msg_1", callID: "call_1", agent: "build", progress() {} }
}
