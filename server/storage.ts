// Each extension's private key/value slice of the store (ctx.store), scoped to the project. Falls back to memory when the store is
// unavailable, so extensions keep working for the session; status views say the store is down.
import type { Database } from "bun:sqlite"
import type { ExtensionStorage } from "../src/host/types.ts"

const MAX_KEY = 512
const MAX_VALUE_BYTES = 1_000_000

function checkKey(key: string) {
  if (typeof key !== "string" || key.length === 0 || key.length > MAX_KEY) throw new Error(`store key must be a string of 1..${MAX_KEY} characters`)
}

function encode(value: unknown): string {
  const json = JSON.stringify(value ?? null)
  if (json.length > MAX_VALUE_BYTES) throw new Error(`store value too large (${json.length} bytes, limit ${MAX_VALUE_BYTES})`)
  return json
}

export function createStorage(db: () => Database | undefined, project: string, extension: string): ExtensionStorage {
  const memory = new Map<string, string>()
  return {
    async get<T>(key: string) {
      checkKey(key)
      const d = db()
      const raw = d
        ? (d.query("SELECT value FROM kv WHERE project = ? AND extension = ? AND key = ?").get(project, extension, key) as { value: string } | null)?.value
        : memory.get(key)
      return raw === undefined ? undefined : (JSON.parse(raw) as T)
    },
    async set(key, value) {
      checkKey(key)
      const json = encode(value)
      const d = db()
      if (!d) return void memory.set(key, json)
      d.query(
        `INSERT INTO kv (project, extension, key, value, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (project, extension, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      ).run(project, extension, key, json, Date.now())
    },
    async delete(key) {
      checkKey(key)
      const d = db()
      if (!d) return void memory.delete(key)
      d.query("DELETE FROM kv WHERE project = ? AND extension = ? AND key = ?").run(project, extension, key)
    },
    async keys() {
      const d = db()
      if (!d) return [...memory.keys()].sort()
      return (d.query("SELECT key FROM kv WHERE project = ? AND extension = ? ORDER BY key").all(project, extension) as { key: string }[]).map((r) => r.key)
    },
  }
}
