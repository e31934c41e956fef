// Run-time control through the store: a request written by another connection (the TUI, the CLI) changes the
// extension in the running server half, with no restart.
import { afterAll, beforeAll, expect, test } from "bun:test"
import fs from "node:fs"
import path from "node:path"
import type { Hooks } from "@opencode-ai/plugin"
import plugin from "../../../server/index.ts"
import { openStore } from "../../../src/store/open.ts"
import { controlOutcome, requestControl } from "../../../src/store/control.ts"
import { fakePluginInput, fakeToolContext, until } from "../helpers/fake-plugin-input.ts"
import { tempDir } from "../helpers/tmp.ts"

const root = tempDir()
const project = path.join(root, "project")
const storePath = path.join(root, "store", "s.db")
let hooks: Hooks
const previousConfigHome = process.env.XDG_CONFIG_HOME

beforeAll(async () => {
  process.env.XDG_CONFIG_HOME = path.join(root, "config")
  const dir = path.join(project, ".opencode", "switchboard", "extensions")
  fs.mkdirSync(dir, { recursive: true })
  fs.writeFileSync(
    path.join(dir, "demo.ts"),
    `export default { name: "demo", hooks: { event() {} }, panels: {
      recent: { title: "Recent", load: (ctx) => ({ items: [{ title: "from " + ctx.name }] }) },
      broken: { title: "Broken", load: () => ({ items: "nope" }) },
    } }\n`,
  )
  const { input } = fakePluginInput(project)
  hooks = await plugin.server(input, { store: { path: storePath }, hotReload: false })
  await hooks.config?.({} as never)
})

afterAll(async () => {
  await hooks.dispose?.()
  if (previousConfigHome === undefined) delete process.env.XDG_CONFIG_HOME
  else process.env.XDG_CONFIG_HOME = previousConfigHome
})

async function status() {
  const result = await hooks.tool!.switchboard_status!.execute({}, fakeToolContext(project) as never)
  if (typeof result === "string") throw new Error("expected a structured result")
  return (result.metadata as { extensions: { name: string; state: string; reason?: string }[] }).extensions
}

async function control(action: "enable" | "disable" | "reload" | "reset" | "panel", target?: string) {
  const opened = openStore(storePath)
  if (!opened.ok) throw new Error(opened.error)
  const { db } = opened.value
  const id = requestControl(db, project, "demo", action, Date.now(), target)
  await until(() => controlOutcome(db, id).done, 5000)
  const outcome = controlOutcome(db, id)
  db.close()
  return outcome
}

test("disable, enable and reload requests are applied by the running server half", async () => {
  expect((await status()).find((e) => e.name === "demo")?.state).toBe("active")
  expect(await control("disable")).toMatchObject({ ok: true, result: expect.stringContaining("demo disabled") })
  expect((await status()).find((e) => e.name === "demo")).toMatchObject({ state: "disabled", reason: "disabled by the user" })
  expect(await control("enable")).toMatchObject({ ok: true })
  expect((await status()).find((e) => e.name === "demo")?.state).toBe("active")
  expect(await control("reload")).toMatchObject({ ok: true, result: expect.stringContaining("demo reloaded: active") })
  expect(await control("reset")).toMatchObject({ ok: true, result: "demo: breaker reset to closed" })
}, 20_000)

test("a panel request is answered with the extension's data, validated; bad data is an error, not shown", async () => {
  expect(await control("panel", "recent")).toEqual({ done: true, ok: true, result: JSON.stringify({ items: [{ title: "from demo" }] }) })
  const broken = await control("panel", "broken")
  expect(broken).toMatchObject({ ok: false, result: expect.stringContaining("panel broken returned invalid output") })
  expect(await control("panel", "missing")).toMatchObject({ ok: false, result: 'extension "demo" has no panel "missing"' })
}, 20_000)
