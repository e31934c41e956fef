// hotReload: a changed extension file is shut down, imported again and started; its hooks and the code behind its
// tools change at once, while the set of tool names stays what opencode was given at start-up.
import { describe, expect, test } from "bun:test"
import fs from "node:fs"
import path from "node:path"
import { fakeToolContext } from "../../helpers/fake-plugin-input.ts"
import { useServer } from "./harness.ts"

const start = useServer()

const version = (v: string, extraTool = "") => `export default {
  name: "live",
  hooks: { preToolCall: (e) => ({ args: { ...e.args, command: "echo ${v}" } }) },
  tools: {
    which: { description: "Which version", args: {}, execute: () => "${v}" },
    ${extraTool}
  },
}`

describe("hot reload", () => {
  test("a saved change reaches hooks and tools; a new tool waits for a restart", async () => {
    const { hooks, dir, logs } = await start({ live: version("v1") }, { hotReload: true })
    const before = async () => {
      const output = { args: { command: "ls" } }
      await hooks["tool.execute.before"]!({ tool: "bash", sessionID: "s", callID: `c${Math.random()}` }, output)
      return output.args.command
    }
    const which = async () => hooks.tool!.live_which!.execute({}, fakeToolContext(dir) as never)
    expect(await before()).toBe("echo v1")
    expect(await which()).toBe("v1")

    const file = path.join(dir, ".opencode", "switchboard", "extensions", "live.ts")
    fs.writeFileSync(file, version("v2", 'added: { description: "New", args: {}, execute: () => "new" },'))
    const deadline = Date.now() + 5000
    while ((await before()) !== "echo v2" && Date.now() < deadline) await Bun.sleep(20)
    expect(await before()).toBe("echo v2")
    expect(await which()).toBe("v2")
    expect(hooks.tool!.live_added).toBeUndefined()
    expect(logs.some((l) => l.message.includes('reloaded extension "live"'))).toBe(true)

    // A reload that drops a tool: the name stays registered and says why it cannot run.
    const v3 = 'export default { name: "live", hooks: { preToolCall: () => ({ args: { command: "v3" } }) } }'
    fs.writeFileSync(file, v3)
    while ((await before()) !== "v3" && Date.now() < deadline + 5000) await Bun.sleep(20)
    expect(await which()).toMatchObject({ title: "live_which: gone", metadata: { error: "gone" } })
  })
})
