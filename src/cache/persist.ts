// The cache's rows in the switchboard store. Every call tolerates a missing or failing store: the cache then
// carries on in memory, and the first failure is logged once (a cache must never break the extension using it).
import type { Database } from "bun:sqlite"
import type { CacheLimits } from "../host/types.ts"

export interface CacheRow {
  key: string
  value: string
  expires_at: number | null
  bytes: number
}

export class CachePersistence {
  private warned = false

  constructor(
    private readonly db: () => Database | undefined,
    private readonly project: string,
    private readonly warn: (message: string) => void,
  ) {}

  /** Runs `fn` against the store; undefined when there is none or it failed. */
  private use<T>(what: string, fn: (db: Database) => T): T | undefined {
    try {
      const db = this.db()
      return db ? fn(db) : undefined
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause)
      if (!this.warned) this.warn(`switchboard: cache ${what} failed, continuing in memory: ${reason}`)
      this.warned = true
      return undefined
    }
  }

  /** Live rows of a namespace, least recently written first (the order they enter the LRU); undefined = no store. */
  load(namespace: string, now: number): CacheRow[] | undefined {
    return this.use("load", (db) =>
      db
        .query(
          `SELECT key, value, expires_at, bytes FROM cache WHERE project = ? AND namespace = ?
           AND (expires_at IS NULL OR expires_at > ?) ORDER BY updated_at, rowid`,
        )
        .all(this.project, namespace, now) as CacheRow[],
    )
  }

  put(namespace: string, key: string, value: string, expiresAt: number | null, bytes: number, now: number) {
    this.use("write", (db) =>
      db
        .query(
          `INSERT INTO cache (project, namespace, key, value, expires_at, bytes, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (project, namespace, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at,
           bytes = excluded.bytes, updated_at = excluded.updated_at`,
        )
        .run(this.project, namespace, key, value, expiresAt, bytes, now),
    )
  }

  remove(namespace: string, keys: string[]) {
    if (keys.length === 0) return
    this.use("delete", (db) => {
      const q = db.query("DELETE FROM cache WHERE project = ? AND namespace = ? AND key = ?")
      db.transaction(() => {
        for (const key of keys) q.run(this.project, namespace, key)
      })()
    })
  }

  clear(namespace: string) {
    this.use("clear", (db) =>
      db.query("DELETE FROM cache WHERE project = ? AND namespace = ?").run(this.project, namespace),
    )
  }

  /** Also drops expired rows of namespaces never loaded in this instance. */
  sweep(now: number) {
    this.use("sweep", (db) =>
      db.query("DELETE FROM cache WHERE project = ? AND expires_at <= ?").run(this.project, now),
    )
  }

  /** null = the store has no configure of this project; undefined = no store (ask again later). */
  loadLimits(): Partial<CacheLimits> | null | undefined {
    const row = this.use("load config", (db) =>
      db.query("SELECT max_entries, max_bytes, default_ttl_ms FROM cache_config WHERE project = ?").get(this.project),
    ) as { max_entries: number; max_bytes: number; default_ttl_ms: number } | null | undefined
    if (row === undefined) return undefined
    return row ? { maxEntries: row.max_entries, maxBytes: row.max_bytes, defaultTtlMs: row.default_ttl_ms } : null
  }

  saveLimits(limits: CacheLimits, now: number) {
    this.use("save config", (db) =>
      db
        .query(
          `INSERT INTO cache_config (project, max_entries, max_bytes, default_ttl_ms, updated_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (project) DO UPDATE SET max_entries = excluded.max_entries, max_bytes = excluded.max_bytes,
           default_ttl_ms = excluded.default_ttl_ms, updated_at = excluded.updated_at`,
        )
        .run(this.project, limits.maxEntries, limits.maxBytes, limits.defaultTtlMs, now),
    )
  }
}
