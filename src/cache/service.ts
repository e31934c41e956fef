// The host-level cache of one opencode instance, shared by every extension through ctx.cache (one namespace each).
// One in-memory LRU (a Map kept in use order) bounded by entries and bytes over all namespaces, so no extension can
// grow the cache past what the user allowed; TTLs per entry, dropped lazily on access and by a periodic sweep.
// Writes go through to the store so entries survive a restart; a namespace is read back on its first use.
import type { Database } from "bun:sqlite"
import type { CacheLimits, CacheStats, ExtensionCache } from "../host/types.ts"
import { checkKey, checkTtl, DEFAULT_LIMITS, encode, mergeLimits } from "./limits.ts"
import { CachePersistence } from "./persist.ts"

export interface CacheServiceOptions {
  /** The switchboard store; undefined (or throwing) = memory only. */
  db?: () => Database | undefined
  project: string
  /** Bounds before any `configure`; a configure kept in the store wins over them. */
  limits?: Partial<CacheLimits>
  now?: () => number
  /** Period of the expiry sweep; 0 = no timer (tests call sweep()). */
  sweepMs?: number
  warn?: (message: string) => void
}

interface Entry {
  namespace: string
  key: string
  json: string
  bytes: number
  /** Undefined = never expires. */
  expiresAt: number | undefined
}

interface Counters {
  hits: number
  misses: number
  evictions: number
  expired: number
}

const SWEEP_MS = 60_000
// Extension names never contain NUL, so namespace + NUL + key is unique.
const id = (namespace: string, key: string) => `${namespace}\u0000${key}`

export class CacheService {
  private readonly entries = new Map<string, Entry>()
  private readonly counters = new Map<string, Counters>()
  private readonly loaded = new Set<string>()
  private readonly persist: CachePersistence
  private readonly now: () => number
  private bytes = 0
  private limits: CacheLimits
  private limitsLoaded = false
  private timer: ReturnType<typeof setInterval> | undefined

  constructor(options: CacheServiceOptions) {
    this.now = options.now ?? Date.now
    this.limits = mergeLimits(DEFAULT_LIMITS, options.limits ?? {})
    this.persist = new CachePersistence(options.db ?? (() => undefined), options.project, options.warn ?? (() => {}))
    const every = options.sweepMs ?? SWEEP_MS
    if (every > 0) {
      this.timer = setInterval(() => this.sweep(), every)
      // A cache sweep must never keep the process alive.
      this.timer.unref?.()
    }
  }

  /** The ExtensionCache handed to one extension. */
  namespace(name: string): ExtensionCache {
    return {
      get: async <T>(key: string) => this.get<T>(name, key),
      set: async (key, value, ttlMs) => this.set(name, key, value, ttlMs),
      delete: async (key) => this.delete(name, key),
      clear: async () => this.clear(name),
      stats: async () => this.stats(name),
      configure: async (limits) => {
        this.configure(limits)
        return this.stats(name)
      },
    }
  }

  get<T>(namespace: string, key: string): T | undefined {
    checkKey(key)
    this.ensure(namespace)
    const k = id(namespace, key)
    const entry = this.entries.get(k)
    const counters = this.countersOf(namespace)
    if (!entry || this.expire(entry)) {
      counters.misses++
      return undefined
    }
    // Re-inserting moves the entry to the most recently used end.
    this.entries.delete(k)
    this.entries.set(k, entry)
    counters.hits++
    return JSON.parse(entry.json) as T
  }

  set(namespace: string, key: string, value: unknown, ttlMs?: number) {
    checkKey(key)
    if (ttlMs !== undefined) checkTtl(ttlMs)
    this.ensure(namespace)
    const { json, bytes } = encode(value)
    if (bytes > this.limits.maxBytes)
      throw new Error(
        `cache value too large (${bytes} bytes, limit ${this.limits.maxBytes}): store it with ctx.store or a database`,
      )
    const ttl = ttlMs ?? this.limits.defaultTtlMs
    const now = this.now()
    const expiresAt = ttl > 0 ? now + ttl : undefined
    this.drop(id(namespace, key))
    this.entries.set(id(namespace, key), { namespace, key, json, bytes, expiresAt })
    this.bytes += bytes
    this.persist.put(namespace, key, json, expiresAt ?? null, bytes, now)
    this.evict()
  }

  delete(namespace: string, key: string): boolean {
    checkKey(key)
    this.ensure(namespace)
    const entry = this.entries.get(id(namespace, key))
    if (!entry || this.expire(entry)) return false
    this.drop(id(namespace, key))
    this.persist.remove(namespace, [key])
    return true
  }

  clear(namespace: string): number {
    this.ensure(namespace)
    let removed = 0
    for (const entry of this.of(namespace)) {
      if (!this.expire(entry)) {
        this.drop(id(namespace, entry.key))
        removed++
      }
    }
    this.persist.clear(namespace)
    return removed
  }

  stats(namespace: string): CacheStats {
    this.ensure(namespace)
    let entries = 0
    let bytes = 0
    for (const entry of this.of(namespace)) {
      if (this.expire(entry)) continue
      entries++
      bytes += entry.bytes
    }
    return { entries, bytes, ...this.countersOf(namespace), ...this.currentLimits() }
  }

  /** Instance-wide bounds: evicts down to them at once and keeps them in the store. */
  configure(limits: Partial<CacheLimits>): CacheLimits {
    this.limits = mergeLimits(this.currentLimits(), limits)
    this.persist.saveLimits(this.limits, this.now())
    this.evict()
    return { ...this.limits }
  }

  currentLimits(): CacheLimits {
    if (!this.limitsLoaded) {
      const stored = this.persist.loadLimits()
      // The store opens in the background: until it answers, the configured bounds apply and it is asked again.
      if (stored !== undefined) this.limitsLoaded = true
      if (stored) {
        try {
          this.limits = mergeLimits(this.limits, stored)
        } catch {
          // a hand-edited row with nonsense in it: keep the configured bounds
        }
      }
    }
    return { ...this.limits }
  }

  /** Drops every expired entry, in memory and in the store (also of namespaces not loaded yet). */
  sweep(): number {
    let dropped = 0
    for (const entry of [...this.entries.values()]) if (this.expire(entry)) dropped++
    this.persist.sweep(this.now())
    return dropped
  }

  dispose() {
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
  }

  private countersOf(namespace: string): Counters {
    let c = this.counters.get(namespace)
    if (!c) this.counters.set(namespace, (c = { hits: 0, misses: 0, evictions: 0, expired: 0 }))
    return c
  }

  private of(namespace: string): Entry[] {
    return [...this.entries.values()].filter((e) => e.namespace === namespace)
  }

  /** Reads a namespace back from the store on its first use, oldest first, then evicts down to the bounds. */
  private ensure(namespace: string) {
    this.currentLimits()
    if (this.loaded.has(namespace)) return
    const rows = this.persist.load(namespace, this.now())
    // No store yet (it opens in the background) or a failing one: read the namespace again on a later use.
    if (rows === undefined) return
    this.loaded.add(namespace)
    for (const row of rows) {
      const k = id(namespace, row.key)
      // An entry set while the store was away is newer than its row: it replaces the row.
      const newer = this.entries.get(k)
      if (newer) {
        this.persist.put(namespace, row.key, newer.json, newer.expiresAt ?? null, newer.bytes, this.now())
        continue
      }
      const expiresAt = row.expires_at ?? undefined
      this.entries.set(k, { namespace, key: row.key, json: row.value, bytes: row.bytes, expiresAt })
      this.bytes += row.bytes
    }
    this.evict()
  }

  /** True (and the entry removed, counted and deleted from the store) when it has expired. */
  private expire(entry: Entry): boolean {
    if (entry.expiresAt === undefined || entry.expiresAt > this.now()) return false
    this.drop(id(entry.namespace, entry.key))
    this.countersOf(entry.namespace).expired++
    this.persist.remove(entry.namespace, [entry.key])
    return true
  }

  private drop(k: string) {
    const entry = this.entries.get(k)
    if (!entry) return
    this.entries.delete(k)
    this.bytes -= entry.bytes
  }

  /** Least recently used first, over all namespaces. Evicted rows leave the store too: a restart would revive them. */
  private evict() {
    const { maxEntries, maxBytes } = this.limits
    if (this.entries.size <= maxEntries && this.bytes <= maxBytes) return
    const removed = new Map<string, string[]>()
    for (const [k, entry] of this.entries) {
      if (this.entries.size <= maxEntries && this.bytes <= maxBytes) break
      this.drop(k)
      this.countersOf(entry.namespace).evictions++
      const keys = removed.get(entry.namespace) ?? []
      keys.push(entry.key)
      removed.set(entry.namespace, keys)
    }
    for (const [namespace, keys] of removed) this.persist.remove(namespace, keys)
  }
}
