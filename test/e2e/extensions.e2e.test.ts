// The extension host inside the real `opencode serve`: broken extensions (throwing, hanging, invalid output,
// failing init, dependency cycle, missing dependency) next to a healthy one. Turns must keep completing, only
// the healthy extension's effects may reach the model, failures must be visible in switchboard_status, and a
// throwing extension's breaker must open, then close again once the file is fixed (hot reload).
import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { createOpencodeClient } from "@opencode-ai/sdk"
import fs from "node:fs"
import path from "node:path"
import { createEnv, removeEnv, type E2EEnv } from "./harness/env.ts"
import { MockLLM, type RecordedRequest } from "./harness/mock-llm.ts"
import { packTarball, pluginSpec, runOpencode, serve, type Served } from "./harness/opencode.ts"

const FIXTURES = path.join(import.meta.dir, "fixtures/extensions")
/** Auto-discovered from <project>/.opencode/switchboard/extensions. */
const DISCOVERED = ["thrower", "hanger", "invalid", "cycle-a", "cycle-b", "healthy"]
/** Named in the plugin options with "path" (kept outside the discovery directory). */
const BY_PATH = ["badinit", "orphan"]
const THROWER_RESET_MS = 3000 // must match the fixture's stability.resetMs

let mock: MockLLM
let e: E2EEnv
let server: Served | undefined
let healthyLog: string
let discoveredDir: string

type Client = ReturnType<typeof createOpencodeClient>
const client = (): Client => createOpencodeClient({ baseUrl: server!.url, directory: e.project })

interface Summary {
  name: string
  state: string
  reason?: string
  breaker?: string
  calls?: number
  errors?: number
  timeouts?: number
}

async function until<T>(what: string, fn: () => T | undefined | Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const value = await fn()
    if (value !== undefined && value !== false) return value
    await Bun.sleep(150)
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
}

const serverLog = () => fs.readFileSync(path.join(e.logs, "serve.err"), "utf8")

/** One user turn; returns the reply's text and the model requests made for it (title generation excluded). */
async function turn(c: Client, sessionID: string, text: string) {
  const before = mock.requests.length
  const reply = await c.session.prompt({ path: { id: sessionID }, body: { parts: [{ type: "text", text }] } })
  if (!reply.data) throw new Error(`prompt failed: ${JSON.stringify(reply.error)}`)
  const requests = mock.requests.slice(before).filter((r) => r.kind !== "title")
  const replyText = reply.data.parts.flatMap((p) => (p.type === "text" ? [p.text] : [])).join("")
  return { info: reply.data.info, replyText, requests }
}

/** What the model was sent as the latest user message (all its parts, synthetic ones included). */
const lastUserText = (r: RecordedRequest) => r.userTexts.at(-1) ?? ""

async function toolPart(c: Client, sessionID: string, tool: string) {
  const messages = (await c.session.messages({ path: { id: sessionID } })).data ?? []
  const part = messages.flatMap((m) => m.parts).find((p) => p.type === "tool" && p.tool === tool)
  if (part?.type !== "tool" || part.state.status !== "completed") throw new Error(`${tool} part not completed: ${JSON.stringify(part)}`)
  return part.state
}

/** switchboard_status, called by the mock model in a fresh session. */
async function status(c: Client) {
  const session = (await c.session.create({ body: { title: "status" } })).data!
  const { info } = await turn(c, session.id, "CALL_TOOL switchboard_status {}")
  expect(info.role === "assistant" && info.error).toBeFalsy()
  const state = await toolPart(c, session.id, "switchboard_status")
  const extensions = (state.metadata as { extensions: Summary[] }).extensions
  const byName = (name: string) => {
    const found = extensions.find((x) => x.name === name)
    if (!found) throw new Error(`no status entry for ${name}: ${JSON.stringify(extensions)}`)
    return found
  }
  const line = (name: string) => state.output.split("\n").find((l) => l.startsWith(`  - ${name}`)) ?? ""
  return { output: state.output, extensions, byName, line }
}

const healthyRecords = (): Record<string, unknown>[] =>
  fs.existsSync(healthyLog)
    ? fs.readFileSync(healthyLog, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l))
    : []

beforeAll(async () => {
  mock = new MockLLM().start()
  e = createEnv(mock.url, "extensions")
  const tgz = packTarball()
  const install = runOpencode(e, ["plugin", pluginSpec(tgz)])
  if (install.exitCode !== 0) throw new Error(`opencode plugin failed: ${install.stderr}`)

  discoveredDir = path.join(e.project, ".opencode/switchboard/extensions")
  fs.mkdirSync(discoveredDir, { recursive: true })
  for (const name of DISCOVERED) fs.copyFileSync(path.join(FIXTURES, `${name}.ts`), path.join(discoveredDir, `${name}.ts`))
  const byPathDir = path.join(e.project, "ext")
  fs.mkdirSync(byPathDir)
  for (const name of BY_PATH) fs.copyFileSync(path.join(FIXTURES, `${name}.ts`), path.join(byPathDir, `${name}.ts`))
  healthyLog = path.join(e.root, "healthy.jsonl")

  // The plugin entry becomes [spec, options], the way users configure it.
  const configFile = path.join(e.project, ".opencode/opencode.json")
  const config = JSON.parse(fs.readFileSync(configFile, "utf8"))
  const options = {
    extensions: {
      healthy: { options: { log: healthyLog } },
      ...Object.fromEntries(BY_PATH.map((name) => [name, { path: `ext/${name}.ts` }])),
    },
  }
  config.plugin = (config.plugin as unknown[]).map((p) => (p === pluginSpec(tgz) ? [p, options] : p))
  fs.writeFileSync(configFile, JSON.stringify(config, null, 2))

  server = await serve(e, {}, "serve")
}, 180_000)

afterAll(async () => {
  await server?.stop()
  mock?.stop()
  if (e) removeEnv(e)
})

describe("extension host in opencode serve, broken extensions next to a healthy one", () => {
  test("the healthy extension's tool is registered as healthy_echo", async () => {
    const ids = (await client().tool.ids()).data ?? []
    expect(ids).toContain("switchboard_status")
    expect(ids).toContain("healthy_echo")
  })

  test("the healthy extension's command is registered and runs a model turn with its template", async () => {
    const c = client()
    const commands = (await c.command.list()).data ?? []
    expect(commands.find((x) => x.name === "healthy-hello")?.description).toBe("say hello (e2e fixture) (healthy)")
    const session = (await c.session.create({ body: {} })).data!
    const reply = await c.session.command({ path: { id: session.id }, body: { command: "healthy-hello", arguments: "bob" } })
    expect(reply.data?.parts.find((p) => p.type === "text")?.text).toContain("HEALTHY_COMMAND says hello to bob")
  }, 60_000)

  test("every turn completes; healthy's parts and context reach the model, nothing from the broken ones does", async () => {
    const c = client()
    const session = (await c.session.create({ body: { title: "turns" } })).data!
    for (const n of [1, 2, 3]) {
      const text = `turn number ${n}`
      const t = await turn(c, session.id, text)
      expect(t.info.role === "assistant" && t.info.error).toBeFalsy()
      expect(t.replyText).toStartWith(`MOCK_REPLY: ${text}`)
      expect(t.requests.length).toBe(1)
      const sent = lastUserText(t.requests[0]!)
      expect(sent).toContain(text)
      expect(sent).toContain(`HEALTHY_PRE:${text}`)
      expect(sent).toContain('<context from="healthy">\nHEALTHY_CONTEXT\n</context>')
      const body = JSON.stringify(t.requests[0]!.body)
      for (const marker of ["INVALID_", "THROWER", "BADINIT_CONTEXT", "CYCLE_", "ORPHAN_CONTEXT"]) expect(body).not.toContain(marker)
      for (const name of ["thrower", "hanger", "invalid", "badinit", "cycle-a", "cycle-b", "orphan"])
        expect(sent).not.toContain(`<context from="${name}">`)
    }
    expect(mock.turns().at(-1)!.tools).toContain("healthy_echo")
  }, 60_000)

  test("healthy_echo works when the model calls it; invalid's preToolCall does not change its args", async () => {
    const c = client()
    const session = (await c.session.create({ body: { title: "echo" } })).data!
    const t = await turn(c, session.id, 'CALL_TOOL healthy_echo {"text":"hi"}')
    expect(t.replyText).toBe("MOCK_FINAL: tool healthy_echo returned: ECHO:hi")
    const state = await toolPart(c, session.id, "healthy_echo")
    expect(state.input).toEqual({ text: "hi" })
    expect(state.output).toBe("ECHO:hi")
    expect(state.title).toBe("echo hi")
    expect(state.metadata).toMatchObject({ echoed: "hi" })
    expect(JSON.stringify(t.requests.map((r) => r.body))).not.toContain("INVALID_ARGS")

    // postToolCall and postMessage are observers dispatched in the background: poll the fixture's log.
    const records = await until("healthy's postToolCall and postMessage records", () => {
      const all = healthyRecords()
      const tool = all.find((r) => r.hook === "postToolCall" && r.tool === "healthy_echo")
      const message = all.find((r) => r.hook === "postMessage" && r.sessionID === session.id)
      return tool && message ? { tool, message } : undefined
    })
    expect(records.tool).toMatchObject({ tool: "healthy_echo", args: { text: "hi" }, status: "completed", output: "ECHO:hi" })
    expect(records.message).toMatchObject({ sessionID: session.id, providerID: "mock" })
    // invalid's preToolCall did run for this call: its result was dropped by validation, not skipped.
    await until("invalid's preToolCall log line", () => serverLog().includes("invalid fixture: preToolCall ran for healthy_echo") || undefined)

    // ... and in its private slice of the switchboard store.
    const { Database } = await import("bun:sqlite")
    const db = new Database(e.storePath, { readonly: true })
    try {
      const rows = db.query("SELECT key, value FROM kv WHERE extension = 'healthy' ORDER BY key").all() as { key: string; value: string }[]
      expect(rows.map((r) => r.key)).toEqual(["lastMessage", "lastToolCall"])
      expect(JSON.parse(rows.find((r) => r.key === "lastToolCall")!.value)).toMatchObject({ tool: "healthy_echo", args: { text: "hi" } })
    } finally {
      db.close()
    }
  }, 60_000)

  test("switchboard_status shows every failure reason and the thrower's open breaker", async () => {
    const s = await status(client())
    expect(s.byName("healthy")).toMatchObject({ state: "active", breaker: "closed", errors: 0, timeouts: 0 })
    expect(s.byName("healthy").calls).toBeGreaterThan(0)

    expect(s.byName("badinit").state).toBe("failed")
    expect(s.byName("badinit").reason).toContain("BADINIT_BOOM")
    for (const name of ["cycle-a", "cycle-b"]) {
      expect(s.byName(name).state).toBe("failed")
      expect(s.byName(name).reason).toContain("dependency cycle")
    }
    expect(s.byName("orphan")).toMatchObject({ state: "failed", reason: 'missing dependency "missing-dep"' })
    expect(s.byName("hanger").state).toBe("active")
    expect(s.byName("hanger").timeouts).toBeGreaterThan(0)
    expect(s.byName("invalid")).toMatchObject({ state: "active", breaker: "closed" })
    expect(s.byName("invalid").errors).toBeGreaterThan(0)

    // `event` throws on every bus event, so the breaker is open from the first turns on (failed half-open
    // trials every resetMs keep it open).
    expect(s.byName("thrower")).toMatchObject({ state: "active", breaker: "open" })
    expect(s.byName("thrower").errors).toBeGreaterThanOrEqual(2)
    expect(s.byName("thrower").reason).toContain("THROWER_BOOM")
    expect(s.line("thrower")).toContain("breaker open")
    for (const [name, text] of [["badinit", "BADINIT_BOOM"], ["cycle-a", "dependency cycle"], ["orphan", 'missing dependency "missing-dep"']])
      expect(s.line(name!)).toContain(text!)
    expect(s.line("hanger")).toMatch(/\d+ timeouts/)
    expect(s.line("invalid")).toMatch(/\d+ errors/)

    expect(serverLog()).toMatch(/switchboard: extension \\?"thrower\\?" breaker opened/)
  }, 60_000)

  test("after the thrower is fixed on disk it is hot-reloaded and its breaker is closed again", async () => {
    fs.copyFileSync(path.join(FIXTURES, "thrower-fixed.ts"), path.join(discoveredDir, "thrower.ts"))
    await until("the reload log line", () => /reloaded extension \\?"thrower\\?"/.test(serverLog()) || undefined)
    await Bun.sleep(THROWER_RESET_MS + 500)

    const c = client()
    const session = (await c.session.create({ body: { title: "after fix" } })).data!
    const t = await turn(c, session.id, "after the fix")
    expect(t.replyText).toStartWith("MOCK_REPLY: after the fix")
    // The reloaded code is the one running: its context now reaches the model, next to healthy's.
    const sent = lastUserText(t.requests[0]!)
    expect(sent).toContain('<context from="thrower">\nTHROWER_FIXED_CONTEXT\n</context>')
    expect(sent).toContain("HEALTHY_CONTEXT")

    const s = await status(c)
    expect(s.byName("thrower")).toMatchObject({ state: "active", breaker: "closed" })
    expect(s.byName("thrower").reason).toBeUndefined()
    expect(s.line("thrower")).not.toContain("breaker open")
    expect(serverLog()).toMatch(/extension \\?"thrower\\?" breaker closed again/)
  }, 60_000)
})
