// The ExtensionContext an extension receives. Everything but `signal` is fixed per instance, so the per-call
// context is one object spread of a prepared base plus the call's signal: cheap on the hot path.
import type { Database } from "bun:sqlite"
import type { Bus, CapturedData, ExtensionCache, ExtensionContext, ExtensionStorage, Logger } from "./types.ts"

/** Host services the registry draws each extension's context from. */
export interface ContextServices {
  log(name: string): Logger
  storage(name: string): ExtensionStorage
  /** The extension's namespace of the one host-level cache. */
  cache(name: string): ExtensionCache
  note(name: string): (sessionID: string, text: string) => void
  database(name: string): () => Database
  /** Read-only captured data of the project; the same for every extension. */
  captured: CapturedData
  client: unknown
  directory: string
  worktree: string
}

export type ContextBase = Omit<ExtensionContext, "signal">

export function contextBase(name: string, options: unknown, services: ContextServices, bus: Bus): ContextBase {
  return {
    name,
    options,
    log: services.log(name),
    bus,
    store: services.storage(name),
    cache: services.cache(name),
    note: services.note(name),
    database: services.database(name),
    captured: services.captured,
    client: services.client,
    directory: services.directory,
    worktree: services.worktree,
  }
}

export function contextFor(base: ContextBase, signal: AbortSignal): ExtensionContext {
  return { ...base, signal }
}
