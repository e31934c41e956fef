// npm start: the pinned opencode TUI in the directory you ran it from, with this checkout's plugin loaded
// in both halves. Uses OPENCODE_CONFIG_CONTENT and OPENCODE_TUI_CONFIG, which opencode layers over your
// own config, so no config file of yours is edited; your providers and settings stay as they are.
import fs from "node:fs"
import os from "node:os"
import path from "node:path"

const root = path.resolve(import.meta.dir, "..")
const cwd = process.env.INIT_CWD ?? process.cwd()

const build = Bun.spawnSync([process.execPath, path.join(root, "scripts/build.ts")], { stdout: "inherit", stderr: "inherit" })
if (build.exitCode !== 0) process.exit(build.exitCode ?? 1)

// A package directory given by path: opencode reads exports["./server"] and exports["./tui"] from it.
const tuiConfigDir = fs.mkdtempSync(path.join(os.tmpdir(), "switchboard-start-"))
const tuiConfig = path.join(tuiConfigDir, "tui.json")
fs.writeFileSync(tuiConfig, JSON.stringify({ plugin: [root] }))

const inherited = process.env.OPENCODE_CONFIG_CONTENT ? JSON.parse(process.env.OPENCODE_CONFIG_CONTENT) : {}
const config = { ...inherited, plugin: [...(inherited.plugin ?? []), root] }

const proc = Bun.spawn([path.join(root, "node_modules/.bin/opencode"), ...process.argv.slice(2)], {
  cwd,
  env: { ...process.env, OPENCODE_CONFIG_CONTENT: JSON.stringify(config), OPENCODE_TUI_CONFIG: tuiConfig },
  stdio: ["inherit", "inherit", "inherit"],
})
const code = await proc.exited
fs.rmSync(tuiConfigDir, { recursive: true, force: true })
process.exit(code)
