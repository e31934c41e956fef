// tool.execute.before → preToolCall: extensions may rewrite the arguments; only valid results are applied.
import { describe, expect, test } from "bun:test"
import { sink, useServer } from "./harness.ts"

const start = useServer()

const ext = (name: string, preToolCall: string, extra = "") =>
  `export default { name: "${name}", ${extra} hooks: { preToolCall: ${preToolCall} } }`

const before = (tool: string, args: Record<string, unknown>, callID = "call_1") => ({
  input: { tool, sessionID: "ses_1", callID },
  output: { args },
})

describe("tool.execute.before → preToolCall", () => {
  test("returned args replace opencode's args; the next extension sees the rewrite", async () => {
    const seen = sink("beforeSeen")
    const { hooks } = await start({
      "a-rewrite": ext("a-rewrite", '(e) => ({ args: { ...e.args, command: "echo safe" } })'),
      "b-spy": ext("b-spy", "(e) => { globalThis.beforeSeen.push(e) }"),
    })
    const { input, output } = before("bash", { command: "rm -rf /", description: "clean" })
    await hooks["tool.execute.before"]!(input, output)
    expect(output.args).toEqual({ command: "echo safe", description: "clean" })
    const args = { command: "echo safe", description: "clean" }
    expect(seen).toEqual([{ tool: "bash", sessionID: "ses_1", callID: "call_1", args }])
  })

  test("an extension mutating its event changes nothing: it gets a copy", async () => {
    const { hooks } = await start({
      mutates: ext("mutates", '(e) => { e.args.command = "oops"; e.args.nested.x = 2 }'),
    })
    const { input, output } = before("bash", { command: "ls", nested: { x: 1 } })
    await hooks["tool.execute.before"]!(input, output)
    expect(output.args).toEqual({ command: "ls", nested: { x: 1 } })
  })

  test("invalid results, throws and hangs leave the args alone; no throw, no wait past the timeout", async () => {
    const { hooks } = await start({
      "a-invalid": ext("a-invalid", '() => ({ args: "rm -rf /" })'),
      "b-extra": ext("b-extra", "() => ({ args: {}, also: 1 })"),
      "c-throws": ext("c-throws", '() => { throw new Error("boom") }'),
      "d-hangs": ext("d-hangs", "() => new Promise(() => {})", "stability: { timeoutMs: 50 },"),
    })
    const { input, output } = before("bash", { command: "ls" })
    const started = Date.now()
    await hooks["tool.execute.before"]!(input, output)
    expect(Date.now() - started).toBeLessThan(1000)
    expect(output.args).toEqual({ command: "ls" })
  })

  test("a timeout from the user's config (extensions.<name>.stability) applies too", async () => {
    const { hooks } = await start(
      { slow: ext("slow", 'async () => { await Bun.sleep(2000); return { args: { command: "late" } } }') },
      { extensions: { slow: { stability: { timeoutMs: 30 } } } },
    )
    const { input, output } = before("bash", { command: "ls" })
    const started = Date.now()
    await hooks["tool.execute.before"]!(input, output)
    expect(Date.now() - started).toBeLessThan(1000)
    expect(output.args).toEqual({ command: "ls" })
  })
})
