// OpenMind against the real opencode, in tmux: /remember stores a fact with no model turn; the next question gets
// it injected exactly once, with the same bytes on every step of the turn; a secret never reaches any store; /learn
// makes the model save through openmind_save, and the fact shows in /memory and `switchboard memory search`.
import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import fs from "node:fs"
import path from "node:path"
import { REPO, type E2EEnv } from "./harness/env.ts"
import type { MockLLM } from "./harness/mock-llm.ts"
import type { Tui } from "./harness/tmux.ts"
import { startTuiWorld, stopTuiWorld } from "./harness/world.ts"

const FAKE_KEY = "sk-ant-api03-E2EFAKEKEYxq7Lw2mZp9Rt4Vb6Nc8Dh1Jk3Fg5Ys0Ua2We4Qi6Oo8Pa-FAKEFAKE"
let mock: MockLLM
let e: E2EEnv
let tui: Tui

beforeAll(async () => {
  ;({ mock, e, tui } = await startTuiWorld("openmind"))
}, 180_000)

afterAll(() => stopTuiWorld({ mock, e, tui }))

const modelInput = (n: number) => JSON.stringify((mock.requests[n]!.body as { messages: unknown[] }).messages)
const occurrences = (text: string, needle: string) => text.split(needle).length - 1

function cli(args: string[]) {
  const out = Bun.spawnSync([path.join(REPO, "node_modules/.bin/bun"), path.join(REPO, "dist/src/cli/bin.js"), ...args], {
    cwd: e.project,
    env: e.env,
    stdout: "pipe",
    stderr: "pipe",
    timeout: 30_000,
  })
  return { code: out.exitCode, stdout: out.stdout.toString(), stderr: out.stderr.toString() }
}

describe("OpenMind", () => {
  test("/remember stores a fact with no model turn", async () => {
    const before = mock.requests.length
    await tui.slash("/remember")
    await tui.waitFor("Remember", 10_000)
    tui.type("deploys go through scripts/ship.sh")
    await Bun.sleep(300)
    tui.key("Enter")
    await tui.waitFor("Remembered", 10_000)
    expect(mock.requests.length).toBe(before)
  }, 60_000)

  test("'how do we deploy?': the fact reaches the model exactly once, with identical bytes on the next step", async () => {
    mock.script([{ tool: { name: "switchboard_status", args: {} } }, { text: "DEPLOY_ANSWER" }])
    const first = mock.requests.length
    tui.type("how do we deploy?")
    tui.key("Enter")
    await tui.waitFor("DEPLOY_ANSWER", 45_000)
    const turn = mock.requests.map((r, i) => ({ r, i })).filter(({ r, i }) => i >= first && r.kind !== "title")
    expect(turn.map(({ r }) => r.kind)).toEqual(["scripted-tool", "scripted-text"])
    const [a, b] = turn.map(({ i }) => modelInput(i))
    expect(occurrences(a!, "scripts/ship.sh")).toBe(1)
    expect(occurrences(b!, "scripts/ship.sh")).toBe(1)
    const blockA = a!.slice(a!.indexOf("<switchboard-context>"), a!.indexOf("</switchboard-context>"))
    const blockB = b!.slice(b!.indexOf("<switchboard-context>"), b!.indexOf("</switchboard-context>"))
    expect(blockA).toContain("deploys go through scripts/ship.sh")
    expect(blockB).toBe(blockA)
  }, 90_000)

  test("a message with a fake API key: the key is nowhere in any switchboard store file", async () => {
    tui.type(`my anthropic key is ${FAKE_KEY} keep it safe`)
    tui.key("Enter")
    await tui.waitFor("MOCK_REPLY: my anthropic key", 30_000)
    await Bun.sleep(1500)
    const dir = path.dirname(e.storePath)
    const files = fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).map((f) => path.join(dir, f)).filter((f) => fs.statSync(f).isFile())
    expect(files.some((f) => f.endsWith("openmind.db"))).toBe(true)
    const body = FAKE_KEY.slice(14, 40)
    for (const f of files) expect({ file: f, leaked: fs.readFileSync(f).includes(Buffer.from(body)) }).toEqual({ file: f, leaked: false })
  }, 60_000)

  test("/learn: the model calls openmind_save, and the fact shows in /memory and switchboard memory search", async () => {
    mock.script([
      { tool: { name: "openmind_save", args: { fact: "the build runs bun scripts/build.ts", entities: [{ type: "command", name: "bun scripts/build.ts" }] } } },
      { text: "LEARN_DONE" },
    ])
    await tui.slash("/learn")
    await Bun.sleep(700)
    tui.key("Enter")
    await tui.waitFor("LEARN_DONE", 45_000)
    const saved = mock.requests.find((r) => r.kind === "scripted-tool" && JSON.stringify(r.body).includes("openmind_save"))
    expect(saved?.tools).toContain("openmind_save")
    const before = mock.requests.length
    await tui.slash("/memory")
    await tui.waitFor("Memory", 10_000)
    tui.type("build")
    const screen = await tui.waitFor("the build runs bun scripts/build.ts", 10_000)
    expect(screen).toContain("learn")
    tui.key("Escape")
    expect(mock.requests.length).toBe(before)
    const found = cli(["memory", "search", "build", "--dir", e.project])
    expect(found.code).toBe(0)
    expect(found.stdout).toContain("the build runs bun scripts/build.ts")
  }, 120_000)
})
