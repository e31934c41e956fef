// The ExtensionContext an extension receives. Everything but `signal` is fixed per instance, so the per-call
// context is one object spread of a prepared base plus the call's signal: cheap on the hot path.
import type { Database } from "bun:sqlite"
import type { Bus, ExtensionContext, ExtensionStorage, Logger } from "./types.ts"

/** Host services the registry draws each extension's context from. */
export interface ContextServices {
  log(name: string): Logger
  storage(name: string): ExtensionStorage
  note(name: string): (sessionID: string, text: string) => void
  database(name: string): () => Database
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
    note: services.note(name),
    database: services.database(name),
    client: services.client,
    directory: services.directory,
    worktree: services.worktree,
  }
}

export function contextFor(base: ContextBase, signal: AbortSignal): ExtensionContext {
  return { ...base, signal }
}
