import { Database } from "bun:sqlite"
import { describe, expect, test } from "bun:test"
import path from "node:path"
import { CacheService, type CacheServiceOptions } from "../../../src/cache/service.ts"
import { openStore } from "../../../src/store/open.ts"
import { tempDir } from "../helpers/tmp.ts"

const root = tempDir("switchboard-cache-")
let n = 0

function store(): Database {
  const opened = openStore(path.join(root, `s${n++}`, "switchboard.db"))
  if (!opened.ok) throw new Error(opened.error)
  return opened.value.db
}

function service(extra: Partial<CacheServiceOptions> = {}) {
  const clock = { t: 1_000 }
  const cache = new CacheService({ project: "/p", now: () => clock.t, sweepMs: 0, ...extra })
  return { cache, clock }
}

describe("CacheService", () => {
  test("get returns a copy of what set stored; missing keys are misses", async () => {
    const { cache } = service()
    const ns = cache.namespace("a")
    const value = { list: [1, 2], nested: { ok: true } }
    await ns.set("k", value)
    value.list.push(3)
    expect(await ns.get<unknown>("k")).toEqual({ list: [1, 2], nested: { ok: true } })
    expect(await ns.get<unknown>("nope")).toBeUndefined()
    const s = await ns.stats()
    expect(s).toMatchObject({ entries: 1, hits: 1, misses: 1, evictions: 0, expired: 0 })
    expect(s.bytes).toBe(JSON.stringify({ list: [1, 2], nested: { ok: true } }).length)
  })

  test("evicts the least recently used entry when over maxEntries", async () => {
    const { cache } = service({ limits: { maxEntries: 2 } })
    const ns = cache.namespace("a")
    await ns.set("one", 1)
    await ns.set("two", 2)
    await ns.get<unknown>("one") // "two" is now the least recently used
    await ns.set("three", 3)
    expect(await ns.get<unknown>("two")).toBeUndefined()
    expect(await ns.get<unknown>("one")).toBe(1)
    expect(await ns.get<unknown>("three")).toBe(3)
    expect((await ns.stats()).evictions).toBe(1)
  })

  test("evicts by bytes, and refuses a single value larger than maxBytes", async () => {
    const { cache } = service({ limits: { maxBytes: 25 } })
    const ns = cache.namespace("a")
    await ns.set("a", "x".repeat(8)) // 10 bytes of JSON
    await ns.set("b", "y".repeat(8))
    await ns.set("c", "z".repeat(8)) // 30 > 25: "a" goes
    expect(await ns.get<unknown>("a")).toBeUndefined()
    expect((await ns.stats()).bytes).toBe(20)
    await expect(ns.set("big", "w".repeat(100))).rejects.toThrow(/too large \(102 bytes, limit 25\)/)
    expect(await ns.get<unknown>("b")).toBe("y".repeat(8))
  })

  test("refuses bad keys and values that are not JSON", async () => {
    const { cache } = service()
    const ns = cache.namespace("a")
    await expect(ns.set("", 1)).rejects.toThrow(/1\.\.512/)
    await expect(ns.set("k".repeat(513), 1)).rejects.toThrow(/1\.\.512/)
    await expect(ns.set("k", undefined)).rejects.toThrow(/JSON/)
    await expect(ns.set("k", () => 1)).rejects.toThrow(/JSON/)
    await expect(ns.set("k", 10n)).rejects.toThrow(/JSON/)
    await expect(ns.set("k", 1, -5)).rejects.toThrow(/TTL/)
  })

  test("entries expire after their TTL (per entry or the default); the sweep drops them too", async () => {
    const { cache, clock } = service({ limits: { defaultTtlMs: 1000 } })
    const ns = cache.namespace("a")
    await ns.set("short", 1)
    await ns.set("long", 2, 5000)
    await ns.set("forever", 3, 0)
    clock.t += 1000
    expect(await ns.get<unknown>("short")).toBeUndefined()
    expect(await ns.get<unknown>("long")).toBe(2)
    clock.t += 4000
    expect(cache.sweep()).toBe(1)
    expect(await ns.get<unknown>("forever")).toBe(3)
    expect(await ns.stats()).toMatchObject({ entries: 1, expired: 2, misses: 1 })
  })

  test("namespaces are isolated: same key, separate values, clear and stats", async () => {
    const { cache } = service()
    const a = cache.namespace("a")
    const b = cache.namespace("b")
    await a.set("k", "from a")
    await b.set("k", "from b")
    await b.set("other", 1)
    expect(await a.get<unknown>("k")).toBe("from a")
    expect(await b.get<unknown>("k")).toBe("from b")
    expect(await b.clear()).toBe(2)
    expect(await a.get<unknown>("k")).toBe("from a")
    expect((await a.stats()).entries).toBe(1)
    expect(await b.stats()).toMatchObject({ entries: 0, hits: 1 })
    expect(await a.delete("k")).toBe(true)
    expect(await a.delete("k")).toBe(false)
  })

  test("persists across a new service over the same store, with TTLs, deletes, evictions and configure", async () => {
    const db = store()
    const first = service({ db: () => db })
    const ns = first.cache.namespace("ext")
    await ns.set("kept", { v: 1 })
    await ns.set("ttl", 2, 500)
    await ns.set("gone", 3)
    await ns.delete("gone")
    await ns.configure({ maxEntries: 5, defaultTtlMs: 0 })
    first.cache.dispose()

    const second = service({ db: () => db })
    second.clock.t = first.clock.t + 1000
    const again = second.cache.namespace("ext")
    expect(await again.get<unknown>("kept")).toEqual({ v: 1 })
    expect(await again.get<unknown>("ttl")).toBeUndefined()
    expect(await again.get<unknown>("gone")).toBeUndefined()
    expect((await again.stats()).maxEntries).toBe(5)
    // another project in the same store sees nothing
    const other = new CacheService({ db: () => db, project: "/q", sweepMs: 0 })
    expect(await other.namespace("ext").get<unknown>("kept")).toBeUndefined()

    // an eviction also leaves the store, or a restart would bring the entry back
    await again.configure({ maxEntries: 1 })
    await again.set("newer", 1)
    const third = new CacheService({ db: () => db, project: "/p", sweepMs: 0 })
    expect(await third.namespace("ext").get<unknown>("kept")).toBeUndefined()
    expect(await third.namespace("ext").get<unknown>("newer")).toBe(1)
  })

  test("configure validates and evicts down to the new bounds at once", async () => {
    const { cache } = service()
    const ns = cache.namespace("a")
    for (let i = 0; i < 5; i++) await ns.set(`k${i}`, i)
    const stats = await ns.configure({ maxEntries: 2 })
    expect(stats).toMatchObject({ entries: 2, evictions: 3, maxEntries: 2 })
    expect(await ns.get<unknown>("k4")).toBe(4)
    await expect(ns.configure({ maxBytes: 0 })).rejects.toThrow(/maxBytes/)
  })

  test("keeps working in memory when the store is unavailable or fails, and warns once", async () => {
    const none = service({ db: () => undefined })
    await none.cache.namespace("a").set("k", 1)
    expect(await none.cache.namespace("a").get<unknown>("k")).toBe(1)

    const warnings: string[] = []
    const broken = new Database(":memory:") // no cache table: every statement fails
    const failing = service({ db: () => broken, warn: (m) => warnings.push(m) })
    const ns = failing.cache.namespace("a")
    await ns.set("k", "v")
    await ns.set("k2", "v2")
    expect(await ns.get<unknown>("k")).toBe("v")
    expect(await ns.delete("k2")).toBe(true)
    expect(warnings.length).toBe(1)
    expect(warnings[0]).toContain("continuing in memory")
  })

  test("the periodic sweep removes expired rows from the store without any access, and stops on dispose", async () => {
    const db = store()
    const { cache, clock } = service({ db: () => db, sweepMs: 5 })
    await cache.namespace("a").set("k", 1, 100)
    clock.t += 100
    await Bun.sleep(30)
    expect((db.query("SELECT COUNT(*) AS n FROM cache").get() as { n: number }).n).toBe(0)
    cache.dispose()
    await cache.namespace("a").set("k2", 1, 100)
    clock.t += 100
    await Bun.sleep(30)
    expect((db.query("SELECT COUNT(*) AS n FROM cache").get() as { n: number }).n).toBe(1)
  })

  test("a store that opens later is read then: earlier entries come back, newer memory entries win", async () => {
    const db = store()
    const before = service({ db: () => db })
    await before.cache.namespace("a").set("old", "stored")
    await before.cache.namespace("a").set("both", "stored")
    let ready: Database | undefined
    const { cache } = service({ db: () => ready })
    const ns = cache.namespace("a")
    await ns.set("both", "memory")
    expect(await ns.get<unknown>("old")).toBeUndefined()
    ready = db
    expect(await ns.get<unknown>("old")).toBe("stored")
    expect(await ns.get<unknown>("both")).toBe("memory")
    const after = service({ db: () => db })
    expect(await after.cache.namespace("a").get<unknown>("both")).toBe("memory")
  })
})
