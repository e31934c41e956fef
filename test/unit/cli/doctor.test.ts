import { describe, expect, test } from "bun:test"
import { Database } from "bun:sqlite"
import fs from "node:fs"
import path from "node:path"
import { opencodeVersion } from "../../../src/cli/opencode.ts"
import { SCHEMA_VERSION } from "../../../src/store/migrations.ts"
import { fakeBin, populated, run, world, type Fixture } from "./fixture.ts"

function config(file: string, text: string) {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, text)
}

/** opencode 1.18.33 on PATH, the plugin listed in both project files (the server one as JSONC with a comment). */
function healthy(f: Fixture) {
  fakeBin(f, "opencode", 'echo "1.18.33"')
  const jsonc = '{\n  // installed by opencode plugin\n  "plugin": ["opencode-switchboard@0.1.0",],\n}\n'
  config(path.join(f.project, ".opencode", "opencode.jsonc"), jsonc)
  config(path.join(f.project, ".opencode", "tui.json"), '{ "plugin": ["opencode-switchboard"] }')
}

const good = populated()
healthy(good)

describe("switchboard doctor", () => {
  test("all well: exit 0, and the report has the store, opencode, configs and pane", async () => {
    const r = await run(good, ["doctor", "--json"])
    const report = JSON.parse(r.out.join("\n"))
    expect(report.problems).toEqual([])
    expect(r.code).toBe(0)
    expect(report.store).toMatchObject({ path: good.store, from: "default", exists: true, quickCheck: "ok" })
    expect(report.store.schemaVersion).toBe(SCHEMA_VERSION)
    expect(report.store.rows).toMatchObject({ sessions: 4, messages: 3, tool_calls: 4, events: 7 })
    expect(report.store.sizes.db).toBeGreaterThan(0)
    expect(report.opencode).toEqual({ path: path.join(good.binDir, "opencode"), version: "1.18.33" })
    expect(report.configs.map((c: { kind: string; ok: boolean }) => [c.kind, c.ok])).toEqual([["server", true], ["tui", true]])
    expect(report.pane).toEqual({ key: "pane:p1", source: "SWITCHBOARD_PANE_ID" })
  })

  test("the human report ends with no problems found", async () => {
    const r = await run(good, ["doctor"])
    expect(r.out[0]).toBe("switchboard doctor 0.1.0")
    expect(r.out.join("\n")).toContain("quick_check ok")
    expect(r.out.join("\n")).toContain("lists opencode-switchboard@0.1.0")
    expect(r.out.at(-1)).toBe("no problems found")
  })

  test("listed for the server but not the TUI: exit 1 with the --force fix", async () => {
    const f = populated()
    healthy(f)
    fs.rmSync(path.join(f.project, ".opencode", "tui.json"))
    const r = await run(f, ["doctor"])
    expect(r.code).toBe(1)
    const text = r.out.join("\n")
    expect(text).toContain("listed in opencode.json but not tui.json")
    expect(text).toContain("fix: run `opencode plugin opencode-switchboard --force`")
  })

  test("global configs are read from $XDG_CONFIG_HOME/opencode, and the fix then says -g", async () => {
    const f = populated()
    fakeBin(f, "opencode", 'echo "opencode 1.18.40"')
    config(path.join(f.env.XDG_CONFIG_HOME!, "opencode", "opencode.json"), '{ "plugin": [["opencode-switchboard", {}]] }')
    const r = await run(f, ["doctor", "--json"])
    const report = JSON.parse(r.out.join("\n"))
    expect(report.opencode.version).toBe("1.18.40")
    expect(report.problems).toEqual([
      { problem: expect.stringContaining("not tui.json"), fix: "run `opencode plugin opencode-switchboard --force -g`" },
    ])
  })

  test("nothing installed, no opencode, no store: each is a problem with a fix", async () => {
    const f = world()
    const r = await run(f, ["doctor", "--json"])
    expect(r.code).toBe(1)
    const problems = JSON.parse(r.out.join("\n")).problems.map((p: { problem: string }) => p.problem)
    expect(problems).toEqual([
      `no store at ${f.store}`,
      "opencode is not on PATH",
      "opencode-switchboard is not listed in any opencode.json or tui.json",
    ])
    expect(fs.existsSync(f.store)).toBe(false)
  })

  test("an old opencode, a broken config file and a corrupt store are reported", async () => {
    const f = populated()
    healthy(f)
    fakeBin(f, "opencode", 'echo "1.2.3"')
    config(path.join(f.project, "tui.json"), '{ "plugin": [ }')
    const db = new Database(f.store)
    db.run("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    const bytes = fs.readFileSync(f.store)
    bytes.fill(0x41, 4096)
    fs.writeFileSync(f.store, bytes)
    const report = JSON.parse((await run(f, ["doctor", "--json"])).out.join("\n"))
    const problems: string[] = report.problems.map((p: { problem: string }) => p.problem)
    expect(problems.some((p) => p.includes("opencode 1.2.3 is outside"))).toBe(true)
    expect(problems.some((p) => p.startsWith(`${path.join(f.project, "tui.json")} cannot be read`))).toBe(true)
    expect(problems).toContain("the store failed its integrity check: database disk image is malformed")
    expect(report.problems.find((p: { problem: string }) => p.problem.includes("integrity")).fix).toContain(".corrupt")
  })

  test("the store path follows the plugin's store.path option", async () => {
    const f = world()
    const custom = path.join(f.root, "custom", "sb.db")
    const plugin = [["opencode-switchboard", { store: { path: custom } }]]
    config(path.join(f.project, "opencode.json"), JSON.stringify({ plugin }))
    const report = JSON.parse((await run(f, ["doctor", "--json"])).out.join("\n"))
    expect(report.store).toMatchObject({ path: custom, from: "config", exists: false })
  })
})

describe("opencodeVersion", () => {
  test("a binary that hangs is given up on after the timeout", async () => {
    const f = world()
    const bin = fakeBin(f, "opencode", "exec /bin/sleep 10")
    const started = Date.now()
    const version = await opencodeVersion(bin, f.env, 300)
    expect(version).toEqual({ ok: false, error: `\`${bin} --version\` gave no answer within 0.3 s` })
    expect(Date.now() - started).toBeLessThan(3000)
  })

  test("BUN_BE_BUN is not passed on (it would turn opencode into bun)", async () => {
    const f = world()
    const bin = fakeBin(f, "opencode", 'if [ -n "$BUN_BE_BUN" ]; then echo "bun 1.3.14"; else echo "1.18.33"; fi')
    expect(await opencodeVersion(bin, { ...f.env, BUN_BE_BUN: "1" })).toEqual({ ok: true, value: "1.18.33" })
  })
})
