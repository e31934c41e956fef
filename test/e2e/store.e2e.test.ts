// The store and the session tracker against the real opencode: tracking across restarts, a SIGKILL mid-turn,
// two opencode processes sharing one store, and a corrupt store file.
import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { Database } from "bun:sqlite"
import { createOpencodeClient } from "@opencode-ai/sdk"
import fs from "node:fs"
import path from "node:path"
import { createEnv, REPO, removeEnv, type E2EEnv } from "./harness/env.ts"
import { MockLLM } from "./harness/mock-llm.ts"
import { packTarball, pluginSpec, runOpencode, runOpencodeAsync, serve } from "./harness/opencode.ts"

const PANE = { SWITCHBOARD_PANE_ID: "e2e-pane" }
let mock: MockLLM
let e: E2EEnv

beforeAll(() => {
  mock = new MockLLM().start()
  e = createEnv(mock.url, "store")
  const install = runOpencode(e, ["plugin", pluginSpec(packTarball())])
  if (install.exitCode !== 0) throw new Error(`opencode plugin failed: ${install.stderr}`)
}, 120_000)

afterAll(() => {
  mock.stop()
  removeEnv(e)
})

function query<T>(sql: string, ...params: (string | number)[]): T[] {
  const db = new Database(e.storePath, { readonly: true })
  try {
    return db.query(sql).all(...params) as T[]
  } finally {
    db.close()
  }
}

function tracked(): { current?: string; history: { id: string }[] } | undefined {
  const rows = query<{ value: string }>("SELECT value FROM kv WHERE extension = 'sessions' AND key = ?", "pane:pane:e2e-pane")
  return rows[0] ? JSON.parse(rows[0].value) : undefined
}

function cli(args: string[], extra: Record<string, string> = {}) {
  const out = Bun.spawnSync([path.join(REPO, "node_modules/.bin/bun"), path.join(REPO, "dist/src/cli/bin.js"), ...args], {
    cwd: e.project,
    env: { ...e.env, ...PANE, ...extra },
    stdout: "pipe",
    stderr: "pipe",
    timeout: 30_000,
  })
  return { code: out.exitCode, stdout: out.stdout.toString(), stderr: out.stderr.toString() }
}

const newestSession = () => query<{ id: string }>("SELECT id FROM sessions ORDER BY created_at DESC LIMIT 1")[0]?.id

describe("session tracking across restarts", () => {
  let first = ""

  test("a turn: its session becomes this pane's current session, and switchboard sessions shows it", async () => {
    const run = await runOpencodeAsync(e, ["run", "first turn"], 120_000, PANE)
    expect(run.stdout).toContain("first turn")
    first = newestSession() ?? ""
    expect(first).toMatch(/^ses_/)
    expect(tracked()?.current).toBe(first)
    const shown = cli(["sessions", "--dir", e.project])
    expect(shown.code).toBe(0)
    expect(shown.stdout).toContain(first)
  }, 150_000)

  test("opencode restarted with --session <id>: the pane is back on that session (no session.created is emitted)", async () => {
    await runOpencodeAsync(e, ["run", "second turn"], 120_000, PANE)
    const second = newestSession()
    expect(second).not.toBe(first)
    expect(tracked()?.current).toBe(second)
    const resumed = await runOpencodeAsync(e, ["run", "--session", first, "third turn"], 120_000, PANE)
    expect(resumed.stdout).toContain("third turn")
    expect(tracked()?.current).toBe(first)
    expect(tracked()?.history.map((h) => h.id).slice(0, 2)).toEqual([first, second!])
  }, 150_000)
})

describe("crash and concurrency", () => {
  test("SIGKILL while a turn streams: the store opens clean and everything committed before the kill is there", async () => {
    const server = await serve(e, PANE, "serve-kill")
    const c = createOpencodeClient({ baseUrl: server.url, directory: e.project })
    const session = (await c.session.create({ body: { title: "to be killed" } })).data!
    mock.chunkDelayMs = 150
    void c.session.prompt({ path: { id: session.id }, body: { parts: [{ type: "text", text: "word ".repeat(60) } ] } }).catch(() => {})
    // Wait until rows of this turn are committed, then note what is there.
    const deadline = Date.now() + 30_000
    let before = { messages: 0, events: 0 }
    while (Date.now() < deadline) {
      before = {
        messages: query<{ n: number }>("SELECT count(*) AS n FROM messages WHERE session_id = ?", session.id)[0]!.n,
        events: query<{ n: number }>("SELECT count(*) AS n FROM events")[0]!.n,
      }
      if (before.messages >= 1) break
      await Bun.sleep(100)
    }
    expect(before.messages).toBeGreaterThanOrEqual(1)
    process.kill(server.pid, "SIGKILL")
    await server.stop()
    mock.chunkDelayMs = 0
    const db = new Database(e.storePath)
    expect(db.query("PRAGMA integrity_check").get()).toEqual({ integrity_check: "ok" })
    expect((db.query("SELECT count(*) AS n FROM messages WHERE session_id = ?").get(session.id) as { n: number }).n).toBeGreaterThanOrEqual(before.messages)
    expect((db.query("SELECT count(*) AS n FROM events").get() as { n: number }).n).toBeGreaterThanOrEqual(before.events)
    db.close()
  }, 90_000)

  test("two opencode processes writing one store at once: no corruption, no lost rows", async () => {
    const other = path.join(e.root, "project-two")
    fs.mkdirSync(path.join(other, ".opencode"), { recursive: true })
    for (const f of ["opencode.json"]) fs.copyFileSync(path.join(e.project, f), path.join(other, f))
    fs.copyFileSync(path.join(e.project, ".opencode", "opencode.json"), path.join(other, ".opencode", "opencode.json"))
    for (const f of ["package.json", "package-lock.json"]) fs.copyFileSync(path.join(e.project, ".opencode", f), path.join(other, ".opencode", f))
    fs.symlinkSync(fs.readlinkSync(path.join(e.project, ".opencode", "node_modules")), path.join(other, ".opencode", "node_modules"))
    Bun.spawnSync(["git", "init", "-q", "."], { cwd: other })
    const two = { ...e, project: other }
    const [a, b] = await Promise.all([serve(e, {}, "serve-a"), serve(two, {}, "serve-b")])
    const TURNS = 6
    const drive = async (url: string, dir: string) => {
      const c = createOpencodeClient({ baseUrl: url, directory: dir })
      const s = (await c.session.create({ body: { title: `concurrent ${dir}` } })).data!
      for (let i = 0; i < TURNS; i++) await c.session.prompt({ path: { id: s.id }, body: { parts: [{ type: "text", text: `turn ${i}` }] } })
      return s.id
    }
    const [sa, sb] = await Promise.all([drive(a.url, e.project), drive(b.url, other)])
    await Promise.all([a.stop(), b.stop()])
    const db = new Database(e.storePath, { readonly: true })
    expect(db.query("PRAGMA integrity_check").get()).toEqual({ integrity_check: "ok" })
    for (const id of [sa, sb]) {
      const rows = db.query("SELECT role, count(*) AS n FROM messages WHERE session_id = ? GROUP BY role ORDER BY role").all(id)
      expect(rows).toEqual([
        { role: "assistant", n: TURNS },
        { role: "user", n: TURNS },
      ])
    }
    for (const project of [e.project, other]) {
      const status = db.query("SELECT status_json FROM halves WHERE half = 'server' AND directory = ?").get(project) as { status_json: string }
      expect(JSON.parse(status.status_json).capture).toMatchObject({ dropped: 0, failedBatches: 0 })
    }
    db.close()
  }, 180_000)
})

describe("a corrupt store", () => {
  test("garbage at the store path is moved aside, a fresh store is created, and the log and status say so", async () => {
    for (const side of ["-wal", "-shm"]) fs.rmSync(`${e.storePath}${side}`, { force: true })
    fs.writeFileSync(e.storePath, "GARBAGE ".repeat(1000))
    const server = await serve(e, {}, "serve-corrupt")
    try {
      const c = createOpencodeClient({ baseUrl: server.url, directory: e.project })
      const session = (await c.session.create({ body: {} })).data!
      await c.session.prompt({ path: { id: session.id }, body: { parts: [{ type: "text", text: "CALL_TOOL switchboard_status {}" }] } })
      const messages = (await c.session.messages({ path: { id: session.id } })).data ?? []
      const part = messages.flatMap((m) => m.parts).find((p) => p.type === "tool" && p.tool === "switchboard_status")
      if (part?.type !== "tool" || part.state.status !== "completed") throw new Error("status tool did not complete")
      expect(part.state.metadata).toMatchObject({ storeOk: true })
      expect(part.state.output).toContain("recovered: corrupt file moved to")
      const moved = fs.readdirSync(path.dirname(e.storePath)).filter((f) => f.startsWith("switchboard.db.corrupt-") && !/-(wal|shm)$/.test(f))
      expect(moved.length).toBe(1)
      expect(fs.readFileSync(path.join(path.dirname(e.storePath), moved[0]!), "utf8")).toStartWith("GARBAGE")
      expect(fs.readFileSync(path.join(e.logs, "serve-corrupt.err"), "utf8")).toContain("the store was unreadable")
    } finally {
      await server.stop()
    }
  }, 90_000)
})
