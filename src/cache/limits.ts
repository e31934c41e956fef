// Bounds, key rules and value encoding of the extension cache: small pure checks shared by the service and tests.
import type { CacheLimits } from "../host/types.ts"

export const MAX_KEY = 512

export const DEFAULT_LIMITS: CacheLimits = { maxEntries: 1000, maxBytes: 10_000_000, defaultTtlMs: 0 }

export function checkKey(key: unknown): asserts key is string {
  if (typeof key !== "string" || key.length === 0 || key.length > MAX_KEY)
    throw new Error(`cache key must be a string of 1..${MAX_KEY} characters`)
}

export function checkTtl(ttlMs: unknown): asserts ttlMs is number {
  if (typeof ttlMs !== "number" || !Number.isFinite(ttlMs) || ttlMs < 0)
    throw new Error("cache TTL must be a finite number of milliseconds >= 0 (0 = never expires)")
}

/** The stored form and its size. JSON only: what comes back after a restart must equal what went in. */
export function encode(value: unknown): { json: string; bytes: number } {
  let json: string | undefined
  try {
    json = JSON.stringify(value)
  } catch (cause) {
    throw new Error(`cache value is not JSON-serialisable: ${cause instanceof Error ? cause.message : String(cause)}`)
  }
  if (json === undefined) throw new Error("cache value is not JSON-serialisable (undefined, a function or a symbol)")
  return { json, bytes: Buffer.byteLength(json, "utf8") }
}

/** Merges a partial update into the current bounds; throws on anything that is not a sane bound. */
export function mergeLimits(current: CacheLimits, next: Partial<CacheLimits>): CacheLimits {
  const merged = { ...current }
  if (next.maxEntries !== undefined) {
    if (!Number.isInteger(next.maxEntries) || next.maxEntries < 1) throw new Error("maxEntries must be an integer >= 1")
    merged.maxEntries = next.maxEntries
  }
  if (next.maxBytes !== undefined) {
    if (!Number.isInteger(next.maxBytes) || next.maxBytes < 1) throw new Error("maxBytes must be an integer >= 1")
    merged.maxBytes = next.maxBytes
  }
  if (next.defaultTtlMs !== undefined) {
    checkTtl(next.defaultTtlMs)
    merged.defaultTtlMs = Math.floor(next.defaultTtlMs)
  }
  return merged
}
