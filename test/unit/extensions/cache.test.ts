import { expect, test } from "bun:test"
import { CacheService } from "../../../src/cache/service.ts"
import { cacheExtension } from "../../../src/extensions/cache.ts"
import { validateDefinition } from "../../../src/host/define.ts"
import type { StructuredResult } from "../../../src/host/types.ts"
import { fakeContext, toolContext } from "../examples/fake-context.ts"

type Result = StructuredResult & { metadata: Record<string, unknown> }

function setup() {
  const ext = cacheExtension()
  const clock = { t: 0 }
  const service = new CacheService({ project: "/p", now: () => clock.t, sweepMs: 0 })
  const ctx = toolContext({ ...fakeContext(ext, undefined, "/p"), cache: service.namespace("cache") })
  const run = async (tool: string, args: Record<string, unknown>) =>
    (await ext.tools![tool]!.execute(args as never, ctx as never)) as Result
  return { ext, run, clock, service }
}

test("the definition passes the host's shape check", () => {
  const checked = validateDefinition(cacheExtension())
  expect(checked.ok).toBe(true)
})

test("set, get, delete, clear and stats through the tools, as structured results", async () => {
  const { run, service } = setup()
  const set = await run("set", { key: "answer", value: { n: 42 } })
  expect(set.title).toBe("cached: answer")
  expect(set.metadata).toMatchObject({ key: "answer", ttlMs: 0, entries: 1 })

  const hit = await run("get", { key: "answer" })
  expect(hit.metadata).toMatchObject({ found: true, value: { n: 42 } })
  expect(JSON.parse(hit.output)).toEqual({ n: 42 })
  const miss = await run("get", { key: "nothing" })
  expect(miss.metadata).toMatchObject({ found: false })

  // the tools work on the extension's own namespace only
  expect(await service.namespace("other").get("answer")).toBeUndefined()

  expect((await run("delete", { key: "answer" })).metadata).toMatchObject({ deleted: true })
  expect((await run("delete", { key: "answer" })).metadata).toMatchObject({ deleted: false })
  await run("set", { key: "a", value: 1 })
  await run("set", { key: "b", value: [1, "two"] })
  expect((await run("clear", {})).metadata).toMatchObject({ removed: 2 })
  const stats = await run("stats", {})
  expect(stats.metadata).toMatchObject({ entries: 0, hits: 1, misses: 1 })
  expect(stats.output).toContain("hits 1, misses 1")
})

test("ttlSeconds expires an entry; configure changes the instance's bounds and default TTL", async () => {
  const { run, clock, service } = setup()
  await run("set", { key: "soon", value: "x", ttlSeconds: 2 })
  clock.t += 2000
  expect((await run("get", { key: "soon" })).metadata).toMatchObject({ found: false })

  const other = service.namespace("other")
  for (let i = 0; i < 3; i++) await other.set(`k${i}`, i)
  const configured = await run("configure", { maxEntries: 2, defaultTtlSeconds: 60 })
  expect(configured.metadata).toMatchObject({ maxEntries: 2, defaultTtlMs: 60_000 })
  expect((await other.stats()).entries).toBe(2)
  const set = await run("set", { key: "k", value: true })
  expect(set.metadata).toMatchObject({ ttlMs: 60_000 })
  expect(set.output).toContain("expires in 60 s")
})

test("a value that is too large or not JSON is refused with a clear error", async () => {
  const { run } = setup()
  await run("configure", { maxBytes: 10 })
  await expect(run("set", { key: "k", value: "a long string value" })).rejects.toThrow(/too large/)
  await expect(run("set", { key: "k" })).rejects.toThrow(/JSON/)
})
