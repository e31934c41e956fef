// Without the TUI half (opencode serve), what a toast would say reaches the user as a display-only note in the
// transcript: stored and shown, never sent to the model. And a TUI attached to a server whose store is not on
// this machine says so plainly instead of hanging.
import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { createOpencodeClient } from "@opencode-ai/sdk"
import fs from "node:fs"
import path from "node:path"
import { createEnv, removeEnv, type E2EEnv } from "./harness/env.ts"
import { MockLLM } from "./harness/mock-llm.ts"
import { packTarball, pluginSpec, runOpencode, serve, type Served } from "./harness/opencode.ts"
import { Tui } from "./harness/tmux.ts"

let mock: MockLLM
let e: E2EEnv
let server: Served

beforeAll(async () => {
  mock = new MockLLM().start()
  e = createEnv(mock.url, "notes")
  const install = runOpencode(e, ["plugin", pluginSpec(packTarball())])
  if (install.exitCode !== 0) throw new Error(`opencode plugin failed: ${install.stderr}`)
  const dir = path.join(e.project, ".opencode", "switchboard", "extensions")
  fs.mkdirSync(dir, { recursive: true })
  fs.copyFileSync(path.join(import.meta.dir, "fixtures", "surfaces", "flaky.ts"), path.join(dir, "flaky.ts"))
  server = await serve(e)
}, 180_000)

afterAll(async () => {
  await server?.stop()
  mock.stop()
  removeEnv(e)
})

describe("no TUI half", () => {
  test("the breaker news arrives as an ignored note in the session, and the model never sees it", async () => {
    const c = createOpencodeClient({ baseUrl: server.url, directory: e.project })
    const session = (await c.session.create({ body: {} })).data!
    for (const text of ["one", "two", "three"])
      await c.session.prompt({ path: { id: session.id }, body: { parts: [{ type: "text", text }] } })
    const deadline = Date.now() + 15_000
    let note: { text?: string; ignored?: boolean } | undefined
    while (!note && Date.now() < deadline) {
      const messages = (await c.session.messages({ path: { id: session.id } })).data ?? []
      note = messages
        .filter((m) => m.info.role === "user")
        .flatMap((m) => m.parts)
        .find((p) => p.type === "text" && p.text.includes('extension "flaky" breaker opened')) as typeof note
      if (!note) await Bun.sleep(300)
    }
    expect(note?.ignored).toBe(true)
    await c.session.prompt({ path: { id: session.id }, body: { parts: [{ type: "text", text: "four" }] } })
    expect(mock.requests.some((r) => r.userTexts.some((t) => t.includes("breaker opened")))).toBe(false)
  }, 90_000)
})

describe("opencode attach from a machine without the store", () => {
  test("/switchboard and /extensions say the store is not here; nothing hangs", async () => {
    const tui = new Tui(e, "attach")
    const elsewhere = path.join(e.root, "elsewhere")
    try {
      tui.start({ SWITCHBOARD_DATA_DIR: elsewhere }, ["attach", server.url])
      await tui.waitFor("Ask anything", 60_000)
      await Bun.sleep(1500)
      await tui.slash("/switchboard")
      const status = await tui.waitFor("Store health", 15_000)
      expect(status).toContain("unavailable: no store at")
      tui.key("Escape")
      await tui.waitGone("Store health")
      await tui.slash("/extensions")
      const ext = await tui.waitFor("No running server half", 15_000)
      expect(ext).toContain("store unavailable")
      tui.key("Escape")
      expect(fs.existsSync(elsewhere)).toBe(false)
    } finally {
      await tui.stop()
    }
  }, 120_000)
})
