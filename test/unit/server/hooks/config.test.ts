// config → extension commands into config.command; extension tools into hooks.tool as `<extension>_<tool>`, with
// arguments validated by switchboard and every failure turned into a structured result.
import { describe, expect, test } from "bun:test"
import { fakeToolContext } from "../../helpers/fake-plugin-input.ts"
import { ZOD, useServer } from "./harness.ts"

const start = useServer()

const toolbox = `${ZOD}
export default {
  name: "toolbox",
  stability: { timeoutMs: 100 },
  tools: {
    add: {
      description: "Adds two numbers",
      args: { a: z.number(), b: z.number().default(1) },
      execute: (args, ctx) => ({
        title: "sum",
        output: String(args.a + args.b),
        metadata: { session: ctx.sessionID, agent: ctx.agent },
      }),
    },
    echo: { description: "Echoes", args: { text: z.string() }, execute: (args) => args.text },
    hang: { description: "Never ends", args: {}, execute: () => new Promise(() => {}) },
    fail: { description: "Throws", args: {}, execute: () => { throw new Error("disk full") } },
    junk: { description: "Returns junk", args: {}, execute: () => ({ output: 42 }) },
  },
  commands: {
    review: {
      description: "Review the diff",
      template: "Review $ARGUMENTS",
      agent: "plan",
      model: "openai/gpt-5",
      subtask: true,
    },
    plain: { description: "Plain", template: "Do $1" },
  },
}`

async function run(hooks: Awaited<ReturnType<typeof start>>["hooks"], name: string, args: unknown, dir: string) {
  const t = hooks.tool![name]
  if (!t) throw new Error(`no tool ${name}`)
  return t.execute(args as never, fakeToolContext(dir) as never)
}

describe("config → commands and tools", () => {
  test("commands are added to config.command; the description names the extension", async () => {
    const { config } = await start({ toolbox })
    expect(config.command!.review).toEqual({
      template: "Review $ARGUMENTS",
      description: "Review the diff (toolbox)",
      agent: "plan",
      model: "openai/gpt-5",
      subtask: true,
    })
    expect(config.command!.plain).toEqual({ template: "Do $1", description: "Plain (toolbox)" })
  })

  test("a command that clashes with an existing one is not registered, and the log says so", async () => {
    const { config, logs } = await start({ toolbox }, {}, { command: { review: { template: "mine" } } })
    expect(config.command!.review).toEqual({ template: "mine" })
    expect(config.command!.plain).toBeDefined()
    const clash = 'command "/review" of extension "toolbox" clashes'
    expect(logs.some((l) => l.level === "warn" && l.message.includes(clash))).toBe(true)
  })

  test("tools are added to hooks.tool as <extension>_<tool>, next to switchboard_status", async () => {
    const { hooks } = await start({ toolbox })
    const names = Object.keys(hooks.tool!)
    expect(names).toContain("switchboard_status")
    expect(names.filter((n) => n.startsWith("toolbox")).sort()).toEqual(
      ["toolbox_add", "toolbox_echo", "toolbox_fail", "toolbox_hang", "toolbox_junk"],
    )
    expect(hooks.tool!.toolbox_add!.description).toBe("Adds two numbers")
  })

  test("a tool runs with validated (defaulted) args and opencode's session, returning its result", async () => {
    const { hooks, dir } = await start({ toolbox })
    expect(await run(hooks, "toolbox_add", { a: 2 }, dir)).toEqual({
      title: "sum",
      output: "3",
      metadata: { session: "ses_test", agent: "build" },
    })
    expect(await run(hooks, "toolbox_echo", { text: "hi" }, dir)).toBe("hi")
  })

  test("bad args return a structured 'Invalid arguments' result; execute never runs and nothing throws", async () => {
    const { hooks, dir } = await start({ toolbox })
    const result = await run(hooks, "toolbox_add", { a: "two" }, dir)
    expect(result).toEqual({
      title: "toolbox_add: invalid-arguments",
      output: expect.stringMatching(/^Invalid arguments: a: /),
      metadata: { error: "invalid-arguments" },
    })
    expect(await run(hooks, "toolbox_echo", undefined, dir)).toMatchObject({ metadata: { error: "invalid-arguments" } })
  })

  test("a hanging tool times out (stability.timeoutMs); throwing or returning junk fails; all as results", async () => {
    const { hooks, dir } = await start({ toolbox })
    const started = Date.now()
    expect(await run(hooks, "toolbox_hang", {}, dir)).toEqual({
      title: "toolbox_hang: timeout",
      output: "The tool timed out after 100 ms.",
      metadata: { error: "timeout" },
    })
    expect(Date.now() - started).toBeLessThan(1000)
    expect(await run(hooks, "toolbox_fail", {}, dir)).toEqual({
      title: "toolbox_fail: error",
      output: "The tool failed: disk full",
      metadata: { error: "error" },
    })
    const junk = await run(hooks, "toolbox_junk", {}, dir)
    expect(junk).toMatchObject({ title: "toolbox_junk: invalid", metadata: { error: "invalid" } })
  })

  test("a tool whose extension is switched off later says so instead of running", async () => {
    const stability = { maxFailures: 1, resetMs: 60_000 }
    const { hooks, dir } = await start({ toolbox }, { extensions: { toolbox: { stability } } })
    await run(hooks, "toolbox_fail", {}, dir)
    const result = await run(hooks, "toolbox_echo", { text: "hi" }, dir)
    expect(result).toMatchObject({ title: "toolbox_echo: rejected", metadata: { error: "rejected" } })
    expect((result as { output: string }).output).toStartWith(
      "The tool is unavailable right now: circuit open after 1 consecutive failures",
    )
  })

  test("a broken or disabled extension registers nothing; the others still do", async () => {
    const { hooks, config } = await start(
      {
        toolbox,
        broken: "export default { name: 'broken',, }",
        off: `export default {
          name: "off",
          tools: { t: { description: "x", args: {}, execute: () => "x" } },
          commands: { off: { description: "x", template: "x" } },
        }`,
      },
      { extensions: { off: { enabled: false } } },
    )
    expect(Object.keys(hooks.tool!)).toContain("toolbox_add")
    expect(Object.keys(hooks.tool!).some((n) => n.startsWith("off_") || n.startsWith("broken_"))).toBe(false)
    expect(config.command!.off).toBeUndefined()
  })
})
