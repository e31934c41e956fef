// npm run build: server, CLI and library through tsc (JS + .d.ts); the TUI through babel-preset-solid,
// ahead of time, because opencode runs no JSX transform for plugins inside node_modules.
import { transformAsync } from "@babel/core"
import fs from "node:fs"
import path from "node:path"
import { rewriteHostImports, findForbiddenImports } from "./tui-imports.ts"

const root = path.resolve(import.meta.dir, "..")
const dist = path.join(root, "dist")

function sh(cmd: string[]) {
  const proc = Bun.spawnSync(cmd, { cwd: root, stdout: "inherit", stderr: "inherit" })
  if (proc.exitCode !== 0) throw new Error(`${cmd.join(" ")} exited with ${proc.exitCode}`)
}

function tuiSources(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => /\.(tsx|ts)$/.test(f) && !f.endsWith(".d.ts"))
    .map((f) => path.join(dir, f))
}

async function buildTui() {
  const srcDir = path.join(root, "tui")
  for (const file of tuiSources(srcDir)) {
    const source = fs.readFileSync(file, "utf8")
    const out = await transformAsync(source, {
      filename: file,
      babelrc: false,
      configFile: false,
      presets: [
        ["babel-preset-solid", { moduleName: "@opentui/solid", generate: "universal" }],
        ["@babel/preset-typescript", { isTSX: file.endsWith(".tsx"), allExtensions: true, onlyRemoveTypeImports: false }],
      ],
    })
    if (!out?.code) throw new Error(`babel produced nothing for ${file}`)
    const code = rewriteHostImports(out.code)
    const target = path.join(dist, "tui", path.relative(srcDir, file)).replace(/\.tsx?$/, ".js")
    fs.mkdirSync(path.dirname(target), { recursive: true })
    fs.writeFileSync(target, code)
  }
  fs.writeFileSync(path.join(dist, "tui.js"), 'export { default } from "./tui/index.js"\n')
}

function checkTui() {
  const files = [path.join(dist, "tui.js"), ...fs.readdirSync(path.join(dist, "tui"), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".js"))
    .map((f) => path.join(dist, "tui", f))]
  const problems = files.flatMap((f) => findForbiddenImports(fs.readFileSync(f, "utf8")).map((p) => `${path.relative(root, f)}: ${p}`))
  if (problems.length > 0) throw new Error(`the TUI build would load a second Solid runtime:\n${problems.join("\n")}`)
}

fs.rmSync(dist, { recursive: true, force: true })
sh([path.join(root, "node_modules/.bin/tsc"), "-p", "tsconfig.build.json"])
await buildTui()
checkTui()
fs.chmodSync(path.join(dist, "src/cli/bin.js"), 0o755)
console.log("build: dist/ ready")
