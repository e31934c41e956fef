// Built-in "cache": offers the host's cache to the model as tools (get, set, delete, clear, stats, configure) on
// this extension's own namespace. Public API only. `configure` goes through ctx.cache.configure, which changes
// the bounds of the whole instance's cache (every extension's namespace): the bounds are one shared resource, and
// this extension is the user-facing place to set them.
import { z } from "zod"
import { defineExtension, defineTool } from "../host/define.ts"
import type { CacheStats, StructuredResult } from "../host/types.ts"
import { VERSION } from "../version.ts"

const key = z.string().min(1).max(512).describe("Cache key (1..512 characters)")
/** What the model sees of a value: enough to use, never the whole transcript's worth. */
const PREVIEW_CHARS = 4000

function preview(value: unknown): string {
  const json = JSON.stringify(value, null, 2)
  return json.length > PREVIEW_CHARS ? `${json.slice(0, PREVIEW_CHARS)}\n… (${json.length} characters in all)` : json
}

function describeStats(s: CacheStats): string {
  const ttl = s.defaultTtlMs > 0 ? `${s.defaultTtlMs / 1000} s` : "none"
  return [
    `entries ${s.entries} (${s.bytes} bytes) in this namespace`,
    `hits ${s.hits}, misses ${s.misses}, evictions ${s.evictions}, expired ${s.expired}`,
    `instance bounds: ${s.maxEntries} entries, ${s.maxBytes} bytes, default TTL ${ttl}`,
  ].join("\n")
}

const result = (title: string, output: string, metadata: Record<string, unknown>): StructuredResult => ({
  title,
  output,
  metadata,
})

export function cacheExtension() {
  return defineExtension({
    name: "cache",
    version: VERSION,
    description: "A persisted key/value cache with TTLs and LRU bounds, for the model and every extension",
    tools: {
      get: defineTool({
        description: "Read a value from the cache. Returns found=false when the key is missing or has expired.",
        args: { key },
        async execute(args, ctx) {
          const value = await ctx.cache.get(args.key)
          const miss = { key: args.key, found: false }
          if (value === undefined) return result(`cache miss: ${args.key}`, `No live entry for "${args.key}".`, miss)
          return result(`cache hit: ${args.key}`, preview(value), { key: args.key, found: true, value })
        },
      }),
      set: defineTool({
        description: "Store a JSON value in the cache under a key, optionally expiring after ttlSeconds (0 = never).",
        args: {
          key,
          // z.unknown, not z.json: the recursive $ref schema of z.json trips some providers; set() refuses non-JSON.
          value: z.unknown().describe("Any JSON value (string, number, boolean, null, array or object)"),
          ttlSeconds: z
            .number()
            .min(0)
            .max(365 * 24 * 3600)
            .optional()
            .describe("Time to live; default: the cache's default TTL"),
        },
        async execute(args, ctx) {
          const ttlMs = args.ttlSeconds === undefined ? undefined : Math.round(args.ttlSeconds * 1000)
          await ctx.cache.set(args.key, args.value, ttlMs)
          const stats = await ctx.cache.stats()
          const effective = ttlMs ?? stats.defaultTtlMs
          const expiry = effective > 0 ? `expires in ${effective / 1000} s` : "never expires"
          const metadata = { key: args.key, ttlMs: effective, entries: stats.entries }
          return result(`cached: ${args.key}`, `Stored "${args.key}" (${expiry}).`, metadata)
        },
      }),
      delete: defineTool({
        description: "Remove a key from the cache.",
        args: { key },
        async execute(args, ctx) {
          const deleted = await ctx.cache.delete(args.key)
          return result(
            deleted ? `deleted: ${args.key}` : `not cached: ${args.key}`,
            deleted ? `Removed "${args.key}".` : `There was no live entry for "${args.key}".`,
            { key: args.key, deleted },
          )
        },
      }),
      clear: defineTool({
        description: "Remove every entry of this cache namespace.",
        args: {},
        async execute(_args, ctx) {
          const removed = await ctx.cache.clear()
          return result("cache cleared", `Removed ${removed} entr${removed === 1 ? "y" : "ies"}.`, { removed })
        },
      }),
      stats: defineTool({
        description: "Show cache statistics: entries, bytes, hits, misses, evictions, expiries and the bounds.",
        args: {},
        async execute(_args, ctx) {
          const stats = await ctx.cache.stats()
          return result("cache stats", describeStats(stats), { ...stats })
        },
      }),
      configure: defineTool({
        description:
          "Change the bounds of the whole cache (shared by every extension): most entries, most bytes, default TTL. " +
          "Entries over the new bounds are evicted, least recently used first.",
        args: {
          maxEntries: z.number().int().min(1).max(1_000_000).optional(),
          maxBytes: z.number().int().min(1).max(1_000_000_000).optional(),
          defaultTtlSeconds: z.number().min(0).max(365 * 24 * 3600).optional().describe("0 = entries never expire"),
        },
        async execute(args, ctx) {
          const stats = await ctx.cache.configure({
            maxEntries: args.maxEntries,
            maxBytes: args.maxBytes,
            defaultTtlMs: args.defaultTtlSeconds === undefined ? undefined : Math.round(args.defaultTtlSeconds * 1000),
          })
          return result("cache configured", describeStats(stats), { ...stats })
        },
      }),
    },
  })
}
