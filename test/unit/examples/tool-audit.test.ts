import { describe, expect, test } from "bun:test"
import { panelData, structuredResult } from "../../../src/host/result-schemas.ts"
import type { ExtensionDefinition, PostToolCallEvent, StructuredResult } from "../../../src/host/types.ts"
import { fakeContext, loadExample, mapStorage, toolContext } from "./fake-context.ts"

const def: ExtensionDefinition = await loadExample("tool-audit.ts")
const post = def.hooks!.postToolCall!
const stats = def.tools!.stats!

type Status = PostToolCallEvent["status"]
const call = (tool: string, status: Status, extra: Partial<PostToolCallEvent> = {}): PostToolCallEvent => ({
  tool,
  sessionID: "ses_1",
  callID: `call_${Math.random()}`,
  status,
  ...extra,
})

async function runStats(ctx: ReturnType<typeof fakeContext>, args = {}): Promise<StructuredResult> {
  const result = structuredResult.parse(await stats.execute(args, toolContext(ctx)))
  if (typeof result === "string") throw new Error("expected a structured result")
  return result
}

describe("examples/tool-audit.ts", () => {
  test("loads through the real loader with the documented name, tool, command and panel", () => {
    expect(def.name).toBe("tool-audit")
    expect(Object.keys(def.tools ?? {})).toEqual(["stats"])
    expect(Object.keys(def.commands ?? {})).toEqual(["tool-stats"])
    expect(def.commands!["tool-stats"]!.template).toContain("tool-audit_stats")
    expect(Object.keys(def.panels ?? {})).toEqual(["tools"])
  })

  test("counts calls, failures and durations per tool; the stats tool reports them, most failures first", async () => {
    const ctx = fakeContext(def, undefined, "/proj")
    await post(call("read", "completed", { durationMs: 10 }), ctx)
    await post(call("read", "completed", { durationMs: 30 }), ctx)
    await post(call("bash", "completed"), ctx)
    await post(call("bash", "error", { error: "exit code 1", durationMs: 100 }), ctx)
    const result = await runStats(ctx)
    expect(result.title).toBe("4 tool calls, 1 failed")
    const lines = result.output.split("\n")
    expect(lines[0]).toMatch(/^Since \d{4}-\d\d-\d\dT/)
    expect(lines[1]).toBe("bash: 2 calls, 1 failed (50%), avg 100 ms; last error: exit code 1")
    expect(lines[2]).toBe("read: 2 calls, 0 failed (0%), avg 20 ms")
    expect(result.metadata).toMatchObject({
      calls: 4,
      failures: 1,
      tools: [
        { tool: "bash", calls: 2, failures: 1, avgMs: 100, lastError: "exit code 1" },
        { tool: "read", calls: 2, failures: 0, avgMs: 20 },
      ],
    })
  })

  test("filters by tool, and says so when a tool has no calls", async () => {
    const ctx = fakeContext(def, undefined, "/proj")
    await post(call("read", "completed"), ctx)
    await post(call("bash", "completed"), ctx)
    expect((await runStats(ctx, { tool: "read" })).title).toBe("1 tool call, 0 failed")
    expect((await runStats(ctx, { tool: "edit" })).output).toBe('No calls of "edit" counted.')
    expect((await runStats(fakeContext(def, undefined, "/empty"))).output).toBe("No tool calls counted yet.")
  })

  test("parallel calls lose no count (updates are queued)", async () => {
    const ctx = fakeContext(def, undefined, "/proj")
    const calls = Array.from({ length: 50 }, (_, i) => call("grep", i % 5 === 0 ? "error" : "completed"))
    await Promise.all(calls.map((e) => post(e, ctx)))
    expect((await runStats(ctx)).metadata).toMatchObject({ calls: 50, failures: 10 })
  })

  test("the tally lives in ctx.store, per project directory, and survives a reload", async () => {
    const store = mapStorage()
    await post(call("read", "completed"), fakeContext(def, undefined, "/a", store))
    await post(call("read", "completed"), fakeContext(def, undefined, "/b", store))
    expect(await store.keys()).toEqual(["tally:/a", "tally:/b"])
    const reloaded = await loadExample("tool-audit.ts")
    const ctx = fakeContext(reloaded, undefined, "/a", store)
    await reloaded.hooks!.postToolCall!(call("read", "error", { error: "ENOENT" }), ctx)
    const result = structuredResult.parse(await reloaded.tools!.stats!.execute({}, toolContext(ctx)))
    expect(result).toMatchObject({ title: "2 tool calls, 1 failed" })
  })

  test("options: ignored tools are not counted, errors are cut; bad options are refused by the host", async () => {
    const ctx = fakeContext(def, { ignore: ["todoread"], errorChars: 5 }, "/proj")
    await post(call("todoread", "completed"), ctx)
    await post(call("bash", "error", { error: "a very long error" }), ctx)
    expect((await runStats(ctx)).metadata).toMatchObject({ calls: 1, tools: [{ tool: "bash", lastError: "a ver" }] })
    expect(() => fakeContext(def, { ignore: "todoread" }, "/proj")).toThrow("options.ignore")
  })

  test("the panel returns valid PanelData, failing tools first", async () => {
    const ctx = fakeContext(def, undefined, "/proj")
    const panel = def.panels!.tools!
    expect(panelData.parse(await panel.load(ctx))).toEqual({ items: [], empty: "No tool calls counted yet." })
    await post(call("read", "completed"), ctx)
    await post(call("bash", "error", { error: "boom" }), ctx)
    const data = panelData.parse(await panel.load(ctx))
    expect(data.items.map((i) => [i.title, i.category, i.footer])).toEqual([
      ["bash", "failing", "boom"],
      ["read", "ok", undefined],
    ])
  })
})
