// tool.execute.after (successes) and tool parts ending in error (failures) → postToolCall, exactly once per call.
import { describe, expect, test } from "bun:test"
import { until } from "../../helpers/fake-plugin-input.ts"
import type { PostToolCallEvent } from "../../../../src/host/types.ts"
import { busEvent, sink, toolPart, useServer } from "./harness.ts"

const start = useServer()

const spy = (key: string) => `export default {
  name: "spy",
  hooks: {
    preToolCall: (e) => e.tool === "bash" ? { args: { ...e.args, command: "echo rewritten" } } : undefined,
    postToolCall: (e) => { globalThis.${key}.push(e) },
  },
}`

const errorPart = (callID: string, error: string) =>
  busEvent("message.part.updated", {
    sessionID: "ses_1",
    time: Date.now(),
    part: toolPart(callID, "bash", {
      status: "error",
      input: { command: "false" },
      error,
      time: { start: 1000, end: 1250 },
    }),
  })

describe("postToolCall", () => {
  test("tool.execute.after reports a completed call: (rewritten) args, title, output, duration", async () => {
    const seen = sink<PostToolCallEvent>("afterSeen1")
    const { hooks } = await start({ spy: spy("afterSeen1") })
    const output = { args: { command: "ls" } }
    await hooks["tool.execute.before"]!({ tool: "bash", sessionID: "ses_1", callID: "call_1" }, output)
    await hooks["tool.execute.after"]!(
      { tool: "bash", sessionID: "ses_1", callID: "call_1", args: output.args },
      { title: "echo rewritten", output: "rewritten\n", metadata: {} },
    )
    await until(() => seen.length === 1)
    expect(seen[0]).toMatchObject({
      tool: "bash",
      sessionID: "ses_1",
      callID: "call_1",
      args: { command: "echo rewritten" },
      status: "completed",
      title: "echo rewritten",
      output: "rewritten\n",
    })
    expect(typeof seen[0]!.durationMs).toBe("number")
  })

  test("a tool part that ends in error reports a failed call once, however often the part is updated", async () => {
    const seen = sink<PostToolCallEvent>("afterSeen2")
    const { hooks } = await start({ spy: spy("afterSeen2") })
    const call = { tool: "bash", sessionID: "ses_1", callID: "call_2" }
    await hooks["tool.execute.before"]!(call, { args: { command: "x" } })
    await hooks.event!(errorPart("call_2", "command not found"))
    await hooks.event!(errorPart("call_2", "command not found"))
    await until(() => seen.length >= 1)
    await Bun.sleep(30)
    expect(seen).toHaveLength(1)
    expect(seen[0]).toMatchObject({
      tool: "bash",
      callID: "call_2",
      status: "error",
      error: "command not found",
      args: { command: "echo rewritten" },
      durationMs: 250,
    })
  })

  test("a call seen by both tool.execute.after and an error part is reported once", async () => {
    const seen = sink<PostToolCallEvent>("afterSeen3")
    const { hooks } = await start({ spy: spy("afterSeen3") })
    await hooks["tool.execute.after"]!(
      { tool: "read", sessionID: "ses_1", callID: "call_3", args: { filePath: "/a" } },
      { title: "a", output: "…", metadata: {} },
    )
    await hooks["tool.execute.after"]!(
      { tool: "read", sessionID: "ses_1", callID: "call_3", args: { filePath: "/a" } },
      { title: "a", output: "…", metadata: {} },
    )
    await hooks.event!(errorPart("call_3", "late error"))
    await until(() => seen.length >= 1)
    await Bun.sleep(30)
    expect(seen.map((e) => [e.callID, e.status, e.args])).toEqual([["call_3", "completed", { filePath: "/a" }]])
  })

  test("parts that are not failed tool calls report nothing (completed calls come from the after hook)", async () => {
    const seen = sink<PostToolCallEvent>("afterSeen4")
    const { hooks } = await start({ spy: spy("afterSeen4") })
    const part = (state: Record<string, unknown>) =>
      busEvent("message.part.updated", { sessionID: "ses_1", time: 0, part: toolPart("call_4", "bash", state) })
    await hooks.event!(part({ status: "running", input: {}, time: { start: 1 } }))
    const time = { start: 1, end: 2 }
    await hooks.event!(part({ status: "completed", input: {}, output: "", title: "", metadata: {}, time }))
    await hooks.event!(busEvent("message.part.updated", { part: { type: "text", text: "hi" } }))
    await Bun.sleep(30)
    expect(seen).toEqual([])
  })

  test("a throwing observer does not throw out of the hooks", async () => {
    const { hooks } = await start({
      throws: 'export default { name: "throws", hooks: { postToolCall: () => { throw new Error("x") } } }',
    })
    await hooks["tool.execute.after"]!(
      { tool: "read", sessionID: "ses_1", callID: "call_5", args: {} },
      { title: "", output: "", metadata: {} },
    )
    await hooks.event!(errorPart("call_6", "boom"))
  })
})
