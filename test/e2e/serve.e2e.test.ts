// The packed tarball, installed the way users install it, loaded by the real `opencode serve`.
import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { createOpencodeClient } from "@opencode-ai/sdk"
import fs from "node:fs"
import path from "node:path"
import { allLogs, createEnv, removeEnv, type E2EEnv } from "./harness/env.ts"
import { MockLLM } from "./harness/mock-llm.ts"
import { installedPackageDir, packTarball, pluginSpec, runOpencode, serve, type Run, type Served } from "./harness/opencode.ts"

const VERSION = JSON.parse(fs.readFileSync(path.resolve(import.meta.dir, "../../package.json"), "utf8")).version

let mock: MockLLM
let e: E2EEnv
let tgz: string
let install: Run
let server: Served | undefined

type Client = ReturnType<typeof createOpencodeClient>
const client = (url: string): Client => createOpencodeClient({ baseUrl: url, directory: e.project })

async function toolPart(c: Client, sessionID: string, tool: string) {
  const messages = (await c.session.messages({ path: { id: sessionID } })).data ?? []
  return messages.flatMap((m) => m.parts).find((p) => p.type === "tool" && p.tool === tool)
}

beforeAll(async () => {
  mock = new MockLLM().start()
  e = createEnv(mock.url, "serve")
  tgz = packTarball()
  install = runOpencode(e, ["plugin", pluginSpec(tgz)])
  server = await serve(e)
}, 180_000)

afterAll(async () => {
  await server?.stop()
  mock.stop()
  removeEnv(e)
})

describe("install from the packed tarball", () => {
  test("opencode plugin detects both targets and writes opencode.json and tui.json", () => {
    expect(install.exitCode).toBe(0)
    expect(install.stdout + install.stderr).toContain("Detected server + tui targets")
    for (const file of ["opencode.json", "tui.json"]) {
      const config = JSON.parse(fs.readFileSync(path.join(e.project, ".opencode", file), "utf8"))
      expect(config.plugin).toContain(pluginSpec(tgz))
    }
  })

  test("the package is installed inside opencode's npm cache (node_modules), where no JSX transform runs", () => {
    const dir = installedPackageDir(e, tgz)
    expect(dir).toContain(`${path.sep}node_modules${path.sep}`)
    expect(fs.existsSync(path.join(dir, "dist/tui.js"))).toBe(true)
    expect(fs.existsSync(path.join(dir, "dist/server/index.js"))).toBe(true)
  })
})

describe("server half in opencode serve", () => {
  test("switchboard_status is registered as an opencode tool", async () => {
    const ids = (await client(server!.url).tool.ids()).data ?? []
    expect(ids).toContain("switchboard_status")
  })

  test("a turn completes and switchboard_status is offered to the model", async () => {
    const c = client(server!.url)
    const session = (await c.session.create({ body: { title: "e2e" } })).data!
    const reply = await c.session.prompt({ path: { id: session.id }, body: { parts: [{ type: "text", text: "hello" }] } })
    expect(reply.data?.parts.find((p) => p.type === "text")?.text).toBe("MOCK_REPLY: hello")
    expect(mock.turns().some((r) => r.tools.includes("switchboard_status"))).toBe(true)
  }, 60_000)

  test("when the model calls switchboard_status, its structured result lands in the tool part", async () => {
    const c = client(server!.url)
    const session = (await c.session.create({ body: { title: "status" } })).data!
    await c.session.prompt({ path: { id: session.id }, body: { parts: [{ type: "text", text: "CALL_TOOL switchboard_status {}" }] } })
    const part = await toolPart(c, session.id, "switchboard_status")
    expect(part?.type).toBe("tool")
    if (part?.type !== "tool" || part.state.status !== "completed") throw new Error(`tool part not completed: ${JSON.stringify(part)}`)
    expect(part.state.title).toStartWith(`switchboard ${VERSION}`)
    expect(part.state.output).toContain(`store: ${e.storePath}`)
    const builtins = ["agent", "cache", "events", "openmind", "session", "sessions"]
    expect(part.state.output).toContain(`extensions: ${builtins.length}`)
    expect(part.state.metadata).toMatchObject({
      version: VERSION,
      storePath: e.storePath,
      storeOk: true,
      extensions: builtins.map((name) => ({ name, state: "active", source: "builtin" })),
    })
  }, 60_000)

  test("the store was created in the background, 0600 in a 0700 directory, with the server's presence row", async () => {
    expect((fs.statSync(e.storePath).mode & 0o777).toString(8)).toBe("600")
    expect((fs.statSync(path.dirname(e.storePath)).mode & 0o777).toString(8)).toBe("700")
    const { Database } = await import("bun:sqlite")
    const db = new Database(e.storePath, { readonly: true })
    const row = db.query("SELECT half, directory, pid FROM halves WHERE half = 'server'").get() as { directory: string; pid: number }
    db.close()
    expect(fs.realpathSync(row.directory)).toBe(fs.realpathSync(e.project))
  })

  test("the server half logged its start through client.app.log", () => {
    const line = allLogs(e).split("\n").find((l) => l.includes(`message="switchboard ${VERSION} loaded for`))
    expect(line).toBeDefined()
  })

  test("opencode logged no plugin load failure", () => {
    const failures = allLogs(e).split("\n").filter((l) => /failed to load plugin/i.test(l))
    expect(failures).toEqual([])
  })
})

describe("a store that cannot be created", () => {
  test("opencode keeps working; switchboard_status and the log say what failed and where", async () => {
    // A regular file where the data directory should be: mkdir fails even for root.
    const blocker = path.join(e.root, "not-a-dir")
    fs.writeFileSync(blocker, "")
    const badDir = path.join(blocker, "switchboard")
    const broken = await serve(e, { SWITCHBOARD_DATA_DIR: badDir }, "serve-bad-store")
    try {
      const c = client(broken.url)
      const session = (await c.session.create({ body: { title: "bad store" } })).data!
      await c.session.prompt({ path: { id: session.id }, body: { parts: [{ type: "text", text: "CALL_TOOL switchboard_status {}" }] } })
      const part = await toolPart(c, session.id, "switchboard_status")
      if (part?.type !== "tool" || part.state.status !== "completed") throw new Error(`tool part not completed: ${JSON.stringify(part)}`)
      expect(part.state.metadata).toMatchObject({ storeOk: false, storePath: path.join(badDir, "switchboard.db") })
      expect(part.state.output).toContain(`cannot create the store directory ${badDir}`)
      expect(fs.readFileSync(path.join(e.logs, "serve-bad-store.err"), "utf8")).toContain("store unavailable")
    } finally {
      await broken.stop()
    }
  }, 90_000)
})
