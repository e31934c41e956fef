// bin/switchboard, the POSIX sh launcher npm links as `switchboard`: Bun when it is on PATH, else opencode's own Bun
// (BUN_BE_BUN=1 opencode <script>), else exit 127 with how to install either. Run with a PATH holding nothing
// but the binaries under test, so it cannot lean on coreutils.
import { beforeAll, describe, expect, test } from "bun:test"
import fs from "node:fs"
import path from "node:path"
import { VERSION } from "../../../src/version.ts"
import { tempDir } from "../helpers/tmp.ts"
import { populated, sid } from "./fixture.ts"

const root = path.resolve(import.meta.dir, "../../..")
const launcher = path.join(root, "bin", "switchboard")
const script = path.join(root, "dist", "src", "cli", "bin.js")
const realOpencode = path.join(root, "node_modules", ".bin", "opencode")
const tmp = fs.realpathSync(tempDir("switchboard-launcher-"))

/** A directory holding only symlinks to the named binaries, to be the whole PATH. */
function pathWith(name: string, links: Record<string, string>): string {
  const dir = path.join(tmp, name)
  fs.mkdirSync(dir)
  for (const [link, target] of Object.entries(links)) fs.symlinkSync(target, path.join(dir, link))
  return dir
}

function fake(name: string, body: string): string {
  const file = path.join(tmp, `fake-${name}.sh`)
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 })
  return file
}

function launch(bin: string, args: string[], PATH: string, env: Record<string, string> = {}) {
  const home = path.join(tmp, "home")
  const proc = Bun.spawnSync([bin, ...args], { env: { PATH, HOME: home, ...env }, stdout: "pipe", stderr: "pipe" })
  return { code: proc.exitCode, stdout: proc.stdout.toString(), stderr: proc.stderr.toString() }
}

beforeAll(() => {
  // The launcher runs the built CLI: build it when dist/ is missing (as `npm run build` and prepack do).
  if (fs.existsSync(script)) return
  const bun = path.join(root, "node_modules", ".bin", "bun")
  const build = Bun.spawnSync([bun, "scripts/build.ts"], { cwd: root, stdout: "inherit", stderr: "inherit" })
  if (build.exitCode !== 0 || !fs.existsSync(script)) {
    throw new Error("dist/ is missing and `bun scripts/build.ts` failed: cannot test the launcher")
  }
}, 180_000)

describe("bin/switchboard", () => {
  test("with only opencode on PATH, runs on opencode's embedded Bun: `switchboard version` prints the version", () => {
    const r = launch(launcher, ["version"], pathWith("only-opencode", { opencode: realOpencode }))
    expect(r).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: "" })
  }, 60_000)

  test("through npm's bin symlink (node_modules/.bin/switchboard), with and without readlink on PATH", () => {
    const modules = path.join(tmp, "project", "node_modules")
    fs.mkdirSync(path.join(modules, ".bin"), { recursive: true })
    fs.symlinkSync(root, path.join(modules, "opencode-switchboard"))
    fs.symlinkSync("../opencode-switchboard/bin/switchboard", path.join(modules, ".bin", "switchboard"))
    const linked = path.join(modules, ".bin", "switchboard")
    const bare = pathWith("bare", { opencode: realOpencode })
    expect(launch(linked, ["version"], bare)).toMatchObject({ code: 0, stdout: `${VERSION}\n` })
    const readlink = Bun.which("readlink")
    if (readlink) {
      const withReadlink = pathWith("with-readlink", { opencode: realOpencode, readlink })
      expect(launch(linked, ["version"], withReadlink)).toMatchObject({ code: 0, stdout: `${VERSION}\n` })
    }
  }, 60_000)

  test("prefers bun when it is on PATH; opencode gets BUN_BE_BUN=1; both get the script and every argument", () => {
    const args = 'for a in "$@"; do echo "[$a]"; done'
    const bun = fake("bun", `echo bun; ${args}`)
    const opencode = fake("opencode", `echo "opencode BUN_BE_BUN=$BUN_BE_BUN"; ${args}`)
    const both = launch(launcher, ["events", "search", "a b", "$HOME"], pathWith("both", { bun, opencode }))
    expect(both.stdout).toBe(`bun\n[${script}]\n[events]\n[search]\n[a b]\n[$HOME]\n`)
    const only = launch(launcher, ["version"], pathWith("fake-opencode", { opencode }))
    expect(only.stdout).toBe(`opencode BUN_BE_BUN=1\n[${script}]\n[version]\n`)
  })

  test("neither bun nor opencode: exit 127 and how to install either", () => {
    const r = launch(launcher, ["version"], pathWith("empty", {}))
    expect(r.code).toBe(127)
    expect(r.stderr).toContain("needs Bun or opencode on PATH")
    expect(r.stderr).toContain("npm i -g opencode-ai")
    expect(r.stderr).toContain("bun.sh/install")
  })
})

describe("the CLI on opencode's embedded Bun", () => {
  const f = populated()
  const cli = path.join(root, "src", "cli", "bin.ts")

  test("reads the store with bun:sqlite (sessions --json)", () => {
    const r = launch(realOpencode, [cli, "sessions", "--json", "--dir", f.project], pathWith("oc-sessions", {}), {
      BUN_BE_BUN: "1",
      SWITCHBOARD_DATA_DIR: f.env.SWITCHBOARD_DATA_DIR!,
      SWITCHBOARD_PANE_ID: "p1",
      XDG_CONFIG_HOME: f.env.XDG_CONFIG_HOME!,
    })
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout).current).toBe(sid(1))
  }, 60_000)

  test("doctor asks the real opencode its version without passing BUN_BE_BUN on", () => {
    const oc = pathWith("oc-doctor", { opencode: realOpencode })
    const r = launch(realOpencode, [cli, "doctor", "--json", "--dir", f.project], oc, {
      BUN_BE_BUN: "1",
      SWITCHBOARD_DATA_DIR: f.env.SWITCHBOARD_DATA_DIR!,
      XDG_CONFIG_HOME: f.env.XDG_CONFIG_HOME!,
    })
    const report = JSON.parse(r.stdout)
    const pkg = JSON.parse(fs.readFileSync(path.join(root, "node_modules", "opencode-ai", "package.json"), "utf8"))
    expect(report.opencode).toEqual({ path: path.join(oc, "opencode"), version: pkg.version })
    expect(report.store).toMatchObject({ exists: true, quickCheck: "ok" })
  }, 60_000)
})
