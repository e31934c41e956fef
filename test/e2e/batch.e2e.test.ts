// switchboard_batch inside the real `opencode serve`: the mock model calls it with a slow tool (progress on every
// step), a fast tool and switchboard_status. The combined structured result must land in the tool part, and the
// slow tool's progress must reach our surface: toasts on opencode's bus (tui.toast.show), published without a TUI,
// because opencode 1.18.33 drops plugin tools' ctx.metadata (upstream #37877).
import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { createOpencodeClient } from "@opencode-ai/sdk"
import fs from "node:fs"
import path from "node:path"
import { createEnv, removeEnv, type E2EEnv } from "./harness/env.ts"
import { MockLLM } from "./harness/mock-llm.ts"
import { packTarball, pluginSpec, runOpencode, serve, type Served } from "./harness/opencode.ts"

const FIXTURE = path.join(import.meta.dir, "fixtures/batch/slow.ts")
const N = 6

let mock: MockLLM
let e: E2EEnv
let server: Served | undefined

const client = () => createOpencodeClient({ baseUrl: server!.url, directory: e.project })

interface Toast {
  title?: string
  message: string
}

beforeAll(async () => {
  mock = new MockLLM().start()
  e = createEnv(mock.url, "batch")
  const install = runOpencode(e, ["plugin", pluginSpec(packTarball())])
  if (install.exitCode !== 0) throw new Error(`opencode plugin failed: ${install.stderr}`)
  const dir = path.join(e.project, ".opencode/switchboard/extensions")
  fs.mkdirSync(dir, { recursive: true })
  fs.copyFileSync(FIXTURE, path.join(dir, "slow.ts"))
  server = await serve(e, {}, "serve")
}, 180_000)

afterAll(async () => {
  await server?.stop()
  mock?.stop()
  if (e) removeEnv(e)
})

describe("switchboard_batch in opencode serve", () => {
  test("the batch and the fixture's tools are registered", async () => {
    const ids = (await client().tool.ids()).data ?? []
    expect(ids).toEqual(expect.arrayContaining(["switchboard_status", "switchboard_batch", "slow_count", "slow_fast"]))
  })

  test("a batch of a slow tool, a fast tool and switchboard_status: one structured result, progress as toasts", async () => {
    const c = client()
    // Listen on opencode's bus for the whole call: our progress toasts are published there.
    const toasts: Toast[] = []
    const stop = new AbortController()
    const events = await c.event.subscribe({ signal: stop.signal })
    const listening = (async () => {
      try {
        for await (const ev of events.stream) {
          const event = ev as { type: string; properties: Toast }
          if (event.type === "tui.toast.show") toasts.push(event.properties)
        }
      } catch {
        // aborted at the end of the test
      }
    })()

    const calls = [
      { tool: "slow_count", args: { n: N, stepMs: 400 } },
      { tool: "slow_fast", args: { text: "hi" } },
      { tool: "switchboard_status", args: {} },
    ]
    mock.script([{ tool: { name: "switchboard_batch", args: { calls } } }, { text: "BATCH_DONE" }])
    const session = (await c.session.create({ body: { title: "batch" } })).data!
    const reply = await c.session.prompt({ path: { id: session.id }, body: { parts: [{ type: "text", text: "run the batch" }] } })
    expect(reply.data?.parts.find((p) => p.type === "text")?.text).toBe("BATCH_DONE")

    const messages = (await c.session.messages({ path: { id: session.id } })).data ?? []
    const part = messages.flatMap((m) => m.parts).find((p) => p.type === "tool" && p.tool === "switchboard_batch")
    if (part?.type !== "tool" || part.state.status !== "completed") throw new Error(`batch part not completed: ${JSON.stringify(part)}`)
    const state = part.state
    expect(state.title).toBe("batch: 3 ok, 0 failed")
    expect(state.output).toContain(`## slow_count\nCOUNTED:${N}`)
    expect(state.output).toContain("## slow_fast\nFAST:hi")
    expect(state.output).toContain("## switchboard_status\n")
    const results = (state.metadata as { results: Record<string, unknown>[] }).results
    expect(results).toHaveLength(3)
    expect(results[0]).toEqual({ tool: "slow_count", ok: true, title: `counted to ${N}`, metadata: { counted: N } })
    expect(results[1]).toEqual({ tool: "slow_fast", ok: true, title: "fast hi", metadata: { text: "hi" } })
    expect(results[2]).toMatchObject({ tool: "switchboard_status", ok: true, title: expect.stringMatching(/^switchboard /) })
    expect((results[2]!.metadata as { extensions: { name: string }[] }).extensions.map((x) => x.name)).toContain("slow")

    // The progress reached the bus; the last update always does, and the throttle (1/s) kept it below N toasts.
    const deadline = Date.now() + 5000
    while (!toasts.some((t) => t.title === "switchboard_batch" && t.message === "3/3 done") && Date.now() < deadline) await Bun.sleep(100)
    stop.abort()
    await Promise.race([listening, Bun.sleep(1000)])
    const slow = toasts.filter((t) => t.title === "slow_count").map((t) => t.message)
    expect(slow[0]).toBe(`1/${N}`)
    expect(slow.at(-1)).toBe(`${N}/${N}`)
    expect(slow.length).toBeLessThan(N)
    expect(toasts.some((t) => t.title === "switchboard_batch" && t.message === "3/3 done")).toBe(true)
  }, 90_000)
})
