// What `switchboard doctor` looks at, gathered without changing anything: the store (read-only), the opencode
// binary, the plugin entries in opencode's config files, the pane.
import type { Database } from "bun:sqlite"
import fs from "node:fs"
import { attempt, errorMessage } from "../result.ts"
import { detectPane, type Pane } from "../sessions/pane.ts"
import { projectOf } from "../sessions/project.ts"
import { SCHEMA_VERSION } from "../store/migrations.ts"
import { openStoreReadonly } from "../store/open.ts"
import { defaultStorePath } from "../paths.ts"
import { readConfigs, storePathFrom, type ReadConfig } from "./config-files.ts"
import type { Env } from "./io.ts"
import { findOpencode, opencodeVersion } from "./opencode.ts"
import { schemaVersion } from "./store.ts"

export interface StoreCheck {
  path: string
  /** Where the path came from: the plugin's store.path option, or the default. */
  from: "config" | "default"
  exists: boolean
  error?: string
  schemaVersion?: number
  expectedSchema: number
  quickCheck?: string
  sizes: { db?: number; wal?: number }
  rows?: Record<string, number>
}

export interface DoctorFacts {
  directory: string
  project: string
  store: StoreCheck
  opencode: { path?: string; version?: string; error?: string }
  configs: ReadConfig[]
  pane: Pane
}

export const STORE_TABLES = ["sessions", "messages", "tool_calls", "events", "kv", "halves", "control"] as const

/** Rows per table; a table this schema version lacks is left out. Names come from the list above, never input. */
export function tableCounts(db: Database): Record<string, number> {
  const tables = db.query("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
  const present = new Set(tables.map((r) => r.name))
  const counts: Record<string, number> = {}
  for (const table of STORE_TABLES) {
    if (present.has(table)) counts[table] = (db.query(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n
  }
  return counts
}

const size = (file: string) => {
  try {
    return fs.statSync(file).size
  } catch {
    return undefined
  }
}

export function checkStore(file: string, from: StoreCheck["from"]): StoreCheck {
  const check: StoreCheck = { path: file, from, exists: fs.existsSync(file), expectedSchema: SCHEMA_VERSION, sizes: {} }
  check.sizes = { db: size(file), wal: size(`${file}-wal`) }
  if (!check.exists) return check
  const opened = openStoreReadonly(file)
  if (!opened.ok) return { ...check, error: opened.error }
  const db = opened.value
  try {
    check.schemaVersion = schemaVersion(db)
    // A damaged file often makes quick_check itself fail: that is its verdict, not a permission problem.
    const verdict = attempt(() => db.query("PRAGMA quick_check").all() as { quick_check: string }[])
    check.quickCheck = verdict.ok ? verdict.value.map((r) => r.quick_check).join("; ") : verdict.error
    if (check.quickCheck === "ok") check.rows = tableCounts(db)
  } catch (cause) {
    check.error = errorMessage(cause)
  } finally {
    db.close()
  }
  return check
}

export async function gather(directory: string, env: Env): Promise<DoctorFacts> {
  const configs = readConfigs(directory, env)
  const fallback = defaultStorePath(env)
  const file = storePathFrom(configs, directory, fallback)
  const bin = findOpencode(env)
  let opencode: DoctorFacts["opencode"] = { error: "not found on PATH" }
  if (bin) {
    const version = await opencodeVersion(bin, env)
    opencode = version.ok ? { path: bin, version: version.value } : { path: bin, error: version.error }
  }
  return {
    directory,
    project: projectOf(directory),
    store: checkStore(file, file === fallback ? "default" : "config"),
    opencode,
    configs,
    pane: detectPane(env),
  }
}
