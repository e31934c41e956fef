// Opens OpenMind's database from outside the server half (the TUI's /memory and /remember, the CLI): the same
// file the built-in extension gets from ctx.database(), `<store dir>/extensions/openmind.db`.
import type { Database } from "bun:sqlite"
import fs from "node:fs"
import { extensionDatabasePath } from "../paths.ts"
import { err, errorMessage, ok, type Result } from "../result.ts"
import { openStore, openStoreReadonly } from "../store/open.ts"
import { openKnowledge } from "./sqlite-store.ts"
import type { KnowledgeStore } from "./types.ts"

export const OPENMIND = "openmind"

export interface OpenedKnowledge {
  knowledge: KnowledgeStore
  db: Database
  path: string
  close(): void
}

/**
 * `write` opens read-write and creates the file if needed (remember, forget, pin, import); otherwise a missing
 * file is an error and nothing is created. `busyTimeoutMs` keeps reads on the TUI thread short.
 */
export function openKnowledgeFile(storePath: string, project: string, opts: { write?: boolean; busyTimeoutMs?: number } = {}): Result<OpenedKnowledge> {
  const file = extensionDatabasePath(storePath, OPENMIND)
  if (!opts.write && !fs.existsSync(file)) return err(`nothing remembered yet (no ${file})`)
  const opened = opts.write
    ? (() => {
        const r = openStore(file, () => new Date(), [])
        return r.ok ? ok(r.value.db) : r
      })()
    : openStoreReadonly(file, opts.busyTimeoutMs)
  if (!opened.ok) return opened
  const db = opened.value
  try {
    return ok({ knowledge: openKnowledge(db, project), db, path: file, close: () => db.close() })
  } catch (cause) {
    db.close()
    return err(`cannot read ${file}: ${errorMessage(cause)}`)
  }
}
