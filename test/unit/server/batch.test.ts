// switchboard_batch: our tools in parallel through the same guarded path as direct calls, each entry isolated,
// one combined structured result, and "k/N done" progress through the progress surface.
import { describe, expect, test } from "bun:test"
import fs from "node:fs"
import path from "node:path"
import plugin from "../../../server/index.ts"
import { fakePluginInput, fakeToolContext, until } from "../helpers/fake-plugin-input.ts"
import { sink, useServer, ZOD } from "./hooks/harness.ts"

const start = useServer()

// Both slow tools wait on one gate the test opens only once both have started: serial execution could never finish.
const gated = `${ZOD}
const g = globalThis
const slow = (name, result) => async () => {
  g.batchEvents.push(name + ":start")
  await g.batchGate
  g.batchEvents.push(name + ":end")
  return result
}
export default {
  name: "gated",
  stability: { timeoutMs: 5000 },
  tools: {
    one: { description: "slow one", args: {}, execute: slow("one", { title: "one done", output: "ONE", metadata: { n: 1 } }) },
    two: { description: "slow two", args: {}, execute: slow("two", "TWO") },
    add: {
      description: "adds",
      args: { a: z.number(), b: z.number() },
      execute: (args) => ({ title: "sum", output: String(args.a + args.b) }),
    },
    fail: { description: "throws", args: {}, execute: () => { throw new Error("disk full") } },
    count: {
      description: "counts with progress",
      args: { n: z.number() },
      execute: async (args, ctx) => {
        for (let i = 1; i <= args.n; i++) ctx.progress({ title: i + "/" + args.n })
        return "counted"
      },
    },
  },
}`

interface Combined {
  title: string
  output: string
  metadata: { results: { tool: string; ok: boolean; title?: string; metadata?: Record<string, unknown>; error?: string }[] }
}

type Tools = { tool?: Record<string, { execute: (a: never, c: never) => Promise<unknown> }> }

async function batch(hooks: Tools, calls: unknown, dir: string, oc: object = fakeToolContext(dir)) {
  return (await hooks.tool!.switchboard_batch!.execute({ calls } as never, oc as never)) as Combined
}

describe("switchboard_batch", () => {
  test("is registered next to switchboard_status", async () => {
    const { hooks } = await start({ gated })
    expect(Object.keys(hooks.tool!)).toContain("switchboard_batch")
    expect(Object.keys(hooks.tool!)).toContain("switchboard_status")
  })

  test("runs its calls in parallel: both slow tools start before either ends", async () => {
    const events = sink<string>("batchEvents")
    let open!: () => void
    ;(globalThis as Record<string, unknown>).batchGate = new Promise<void>((r) => (open = r))
    const { hooks, dir } = await start({ gated })
    const pending = batch(hooks, [{ tool: "gated_one" }, { tool: "gated_two" }], dir)
    await until(() => events.length === 2)
    expect(events.sort()).toEqual(["one:start", "two:start"])
    open()
    const result = await pending
    expect(result.title).toBe("batch: 2 ok, 0 failed")
    expect(result.output).toBe("## gated_one\nONE\n\n## gated_two\nTWO")
    expect(result.metadata.results).toEqual([
      { tool: "gated_one", ok: true, title: "one done", metadata: { n: 1 } },
      { tool: "gated_two", ok: true },
    ])
  })

  test("an unknown tool, a tool not ours, bad args and a throwing tool fail alone; the others still run", async () => {
    const { hooks, dir } = await start({ gated })
    const result = await batch(
      hooks,
      [
        { tool: "gated_add", args: { a: 1, b: 2 } },
        { tool: "nope_nothing" },
        { tool: "bash", args: { command: "ls" } },
        { tool: "gated_add", args: { a: "one" } },
        { tool: "gated_fail" },
        { tool: "switchboard_batch", args: { calls: [] } },
      ],
      dir,
    )
    expect(result.title).toBe("batch: 1 ok, 5 failed")
    const r = result.metadata.results
    expect(r[0]).toEqual({ tool: "gated_add", ok: true, title: "sum" })
    expect(r[1]).toMatchObject({ tool: "nope_nothing", ok: false, error: "unknown-tool" })
    expect(r[2]).toMatchObject({ tool: "bash", ok: false, error: "unknown-tool" })
    expect(r[3]).toMatchObject({ tool: "gated_add", ok: false, error: "invalid-arguments", title: "gated_add: invalid-arguments" })
    expect(r[4]).toMatchObject({ tool: "gated_fail", ok: false, error: "error" })
    expect(r[5]).toMatchObject({ tool: "switchboard_batch", ok: false, error: "not-allowed" })
    expect(result.output).toContain("## gated_add\n3")
    expect(result.output).toContain('## bash\n"bash" is not a switchboard tool')
    expect(result.output).toContain("## gated_add\nInvalid arguments: a: ")
    expect(result.output).toContain("## gated_fail\nThe tool failed: disk full")
  })

  test("switchboard_status runs inside a batch with its structured metadata", async () => {
    const { hooks, dir } = await start({ gated })
    const result = await batch(hooks, [{ tool: "switchboard_status" }, { tool: "gated_add", args: { a: 2, b: 2 } }], dir)
    expect(result.title).toBe("batch: 2 ok, 0 failed")
    const status = result.metadata.results[0]!
    expect(status.ok).toBe(true)
    expect(status.title).toMatch(/^switchboard .*extensions active$/)
    expect(status.metadata).toMatchObject({ extensions: expect.arrayContaining([expect.objectContaining({ name: "gated" })]) })
    expect(result.output).toStartWith("## switchboard_status\n")
  })

  test("bad batch arguments (none, too many calls) are a structured result, not a throw", async () => {
    const { hooks, dir } = await start({ gated })
    for (const calls of [[], Array.from({ length: 11 }, () => ({ tool: "switchboard_status" })), "x"]) {
      const result = await batch(hooks, calls, dir)
      expect(result).toMatchObject({ title: "switchboard_batch: invalid-arguments", metadata: { error: "invalid-arguments" } })
    }
  })

  test("progress: k/N done goes to the batch's metadata; the entries' progress reaches the toast surface", async () => {
    await start({}) // only for the environment (XDG_CONFIG_HOME) useServer sets up
    const dir = fs.mkdtempSync(path.join(process.env.XDG_CONFIG_HOME!, "..", "batch-progress-"))
    const extDir = path.join(dir, ".opencode", "switchboard", "extensions")
    fs.mkdirSync(extDir, { recursive: true })
    fs.writeFileSync(path.join(extDir, "gated.ts"), gated)
    const { input, toasts } = fakePluginInput(dir)
    const hooks = await plugin.server(input, { store: { path: path.join(dir, "switchboard.db") }, hotReload: false })
    try {
      await hooks.config!({})
      const metadata: unknown[] = []
      const oc = { ...fakeToolContext(dir), metadata: (u: unknown) => void metadata.push(u) }
      const calls = [{ tool: "gated_count", args: { n: 5 } }, { tool: "gated_add", args: { a: 1, b: 1 } }]
      const result = await batch(hooks as never, calls, dir, oc)
      expect(result.title).toBe("batch: 2 ok, 0 failed")
      expect(metadata).toEqual([
        { title: "1/2 done", metadata: { done: 1, total: 2 } },
        { title: "2/2 done", metadata: { done: 2, total: 2 } },
      ])
      const shown = () => toasts as { title: string; message: string }[]
      await until(() => shown().some((t) => t.title === "switchboard_batch" && t.message === "2/2 done"))
      const counted = shown().filter((t) => t.title === "gated_count").map((t) => t.message)
      // Throttled: the first update at once and the last one always, nothing in between within a second.
      expect(counted).toEqual(["1/5", "5/5"])
    } finally {
      await hooks.dispose?.()
    }
  })
})
