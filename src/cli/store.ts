// Commands read the store read-only: they never create it, migrate it or move it, whatever state it is in.
import type { Database } from "bun:sqlite"
import { openStoreReadonly } from "../store/open.ts"
import { SCHEMA_VERSION } from "../store/migrations.ts"
import { fail, storePath, type Context } from "./context.ts"

/** The schema version that added the captured conversation (sessions, messages, tool_calls, events). */
export const CAPTURE_SCHEMA = 3

export const schemaVersion = (db: Database): number =>
  (db.query("PRAGMA user_version").get() as { user_version: number }).user_version

/** Runs `read` on the read-only store; a missing, unreadable or too old store is reported and exits 1. */
export async function withStore(ctx: Context, read: (db: Database) => number | Promise<number>): Promise<number> {
  const file = storePath(ctx.dir, ctx.rt.env)
  const opened = openStoreReadonly(file)
  if (!opened.ok) return fail(ctx, `${opened.error} (has opencode run here with switchboard? see switchboard doctor)`)
  const db = opened.value
  try {
    const version = schemaVersion(db)
    if (version < CAPTURE_SCHEMA) {
      return fail(ctx, `the store ${file} has schema v${version}; start opencode once with switchboard to upgrade it`)
    }
    if (version > SCHEMA_VERSION) {
      ctx.rt.err(`warning: the store has schema v${version}, newer than this CLI (v${SCHEMA_VERSION})`)
    }
    return await read(db)
  } catch (cause) {
    return fail(ctx, `cannot read the store ${file}: ${cause instanceof Error ? cause.message : String(cause)}`)
  } finally {
    db.close()
  }
}
