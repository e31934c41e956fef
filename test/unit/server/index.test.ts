import { describe, expect, test } from "bun:test"
import fs from "node:fs"
import path from "node:path"
import plugin from "../../../server/index.ts"
import { VERSION } from "../../../src/version.ts"
import { fakePluginInput, fakeToolContext, until } from "../helpers/fake-plugin-input.ts"
import { tempDir } from "../helpers/tmp.ts"

const root = tempDir()

describe("server half", () => {
  test("exports {id, server} and nothing that opencode would mistake for a TUI plugin", () => {
    expect(plugin.id).toBe("opencode-switchboard")
    expect(typeof plugin.server).toBe("function")
    expect("tui" in plugin).toBe(false)
  })

  test("server() returns its hooks before touching the disk; the store appears in the background", async () => {
    const storePath = path.join(root, "a", "switchboard.db")
    const { input, logs } = fakePluginInput(path.join(root, "proj-a"))
    const hooks = await plugin.server(input, { store: { path: storePath } })
    expect(fs.existsSync(storePath)).toBe(false)
    expect(Object.keys(hooks.tool ?? {})).toContain("switchboard_status")
    await until(() => fs.existsSync(storePath))
    await until(() => logs.some((l) => l.message.startsWith(`switchboard ${VERSION} loaded`)))
    expect(logs.find((l) => l.message.includes("loaded"))?.service).toBe("switchboard")
    await hooks.dispose?.()
  })

  test("switchboard_status returns {title, output, metadata} with the version, store path and extensions", async () => {
    const storePath = path.join(root, "b", "switchboard.db")
    const dir = path.join(root, "proj-b")
    const { input } = fakePluginInput(dir)
    const hooks = await plugin.server(input, { store: { path: storePath } })
    const result = await hooks.tool!.switchboard_status!.execute({}, fakeToolContext(dir) as never)
    if (typeof result === "string") throw new Error("expected a structured result")
    // The built-ins are the extensions a fresh project has.
    const builtins = ["agent", "cache", "events", "openmind", "session", "sessions"]
    expect(result.title).toBe(`switchboard ${VERSION}: ${builtins.length}/${builtins.length} extensions active`)
    expect(result.output).toContain(`store: ${storePath}`)
    for (const name of builtins) expect(result.output).toContain(`  - ${name}@`)
    expect(result.metadata).toMatchObject({
      version: VERSION,
      storePath,
      storeOk: true,
      extensions: builtins.map((name) => ({ name, state: "active", source: "builtin" })),
    })
    await hooks.dispose?.()
  })

  test("an unusable store path: opencode keeps working, the log and the tool say what failed and where", async () => {
    const blocker = path.join(root, "file-not-dir")
    fs.writeFileSync(blocker, "")
    const storePath = path.join(blocker, "switchboard.db")
    const dir = path.join(root, "proj-c")
    const { input, logs } = fakePluginInput(dir)
    const hooks = await plugin.server(input, { store: { path: storePath } })
    const result = await hooks.tool!.switchboard_status!.execute({}, fakeToolContext(dir) as never)
    if (typeof result === "string") throw new Error("expected a structured result")
    expect(result.metadata).toMatchObject({ storeOk: false, storePath })
    expect(result.output).toContain(`cannot create the store directory ${blocker}`)
    const line = logs.find((l) => l.level === "error")
    expect(line?.message).toContain("store unavailable")
    expect(line?.message).toContain(blocker)
    await hooks.dispose?.()
  })

  test("a log endpoint that hangs or throws never reaches the caller", async () => {
    const dir = path.join(root, "proj-d")
    const { input } = fakePluginInput(dir)
    ;(input.client as unknown as { app: { log: () => Promise<never> } }).app.log = () => new Promise(() => {})
    const hooks = await plugin.server(input, { store: { path: path.join(root, "d", "s.db") } })
    const result = await hooks.tool!.switchboard_status!.execute({}, fakeToolContext(dir) as never)
    expect(typeof result).toBe("object")
    ;(input.client as unknown as { app: { log: () => never } }).app.log = () => {
      throw new Error("boom")
    }
    await hooks.tool!.switchboard_status!.execute({}, fakeToolContext(dir) as never)
    await hooks.dispose?.()
  })
})
