// switchboard doctor: what is installed and where, what is wrong, and how to fix each thing. Exit 0 when nothing
// is wrong, 1 otherwise.
import path from "node:path"
import { formatBytes } from "../status/report.ts"
import { PACKAGE_NAME, VERSION } from "../version.ts"
import type { ReadConfig } from "./config-files.ts"
import type { Context } from "./context.ts"
import { gather, type DoctorFacts, type StoreCheck } from "./doctor-checks.ts"
import { compareVersions, versionParts } from "./opencode.ts"
import { table } from "./table.ts"

export interface Problem {
  problem: string
  fix: string
}

/** package.json's engines.opencode: >=1.18.0 <2. */
const OPENCODE_MIN: [number, number, number] = [1, 18, 0]
const OPENCODE_BELOW_MAJOR = 2
const INSTALL = `opencode plugin ${PACKAGE_NAME}`

function storeProblems(s: StoreCheck): Problem[] {
  if (!s.exists) {
    return [
      {
        problem: `no store at ${s.path}`,
        fix:
          "start opencode in this project with switchboard installed (its server half creates the store); " +
          "if the store lives elsewhere, set SWITCHBOARD_DATA_DIR or the plugin's store.path",
      },
    ]
  }
  if (s.error) {
    return [{ problem: `the store cannot be read: ${s.error}`, fix: `check that ${s.path} is yours and readable` }]
  }
  const problems: Problem[] = []
  const version = s.schemaVersion
  if (version !== undefined && version < s.expectedSchema) {
    problems.push({
      problem: `the store has schema v${version}; this CLI expects v${s.expectedSchema}`,
      fix: `update the plugin (${INSTALL} --force) and start opencode once: the server half migrates the store`,
    })
  }
  if (version !== undefined && version > s.expectedSchema) {
    problems.push({
      problem: `the store has schema v${version}, newer than this CLI (v${s.expectedSchema})`,
      fix: `update the CLI: npm i -g ${PACKAGE_NAME}@latest`,
    })
  }
  if (s.quickCheck !== undefined && s.quickCheck !== "ok") {
    problems.push({
      problem: `the store failed its integrity check: ${s.quickCheck.slice(0, 200)}`,
      fix: `quit opencode and move it aside (mv ${s.path} ${s.path}.corrupt); the server half starts a fresh one`,
    })
  }
  return problems
}

function opencodeProblems(o: DoctorFacts["opencode"]): Problem[] {
  if (!o.path) {
    const how = "npm i -g opencode-ai, or curl -fsSL https://opencode.ai/install | bash"
    return [{ problem: "opencode is not on PATH", fix: `install it (${how}) and put it on PATH` }]
  }
  if (o.error) return [{ problem: o.error, fix: `check that \`${o.path} --version\` works` }]
  const parts = versionParts(o.version ?? "")
  if (parts && (compareVersions(parts, OPENCODE_MIN) < 0 || parts[0] >= OPENCODE_BELOW_MAJOR)) {
    return [
      {
        problem: `opencode ${o.version} is outside what switchboard supports (>=1.18.0 <2)`,
        fix: "run `opencode upgrade` (or install a 1.x release from 1.18 on)",
      },
    ]
  }
  return []
}

function configProblems(configs: ReadConfig[]): Problem[] {
  const problems: Problem[] = []
  for (const c of configs) {
    if (c.ok) continue
    problems.push({ problem: `${c.path} cannot be read: ${c.error}`, fix: "fix it: opencode cannot load it" })
  }
  const listing = (kind: ReadConfig["kind"]) => configs.filter((c) => c.ok && c.kind === kind && c.ours.length > 0)
  const server = listing("server")
  const tui = listing("tui")
  // When the one listing there is global, the missing half belongs in the global config too.
  const global = (found: ReadConfig[]) => (found.every((c) => c.scope === "global") ? " -g" : "")
  if (server.length === 0 && tui.length === 0) {
    problems.push({
      problem: `${PACKAGE_NAME} is not listed in any opencode.json or tui.json`,
      fix: `run \`${INSTALL}\` in the project (add -g for every project)`,
    })
  } else if (tui.length === 0) {
    problems.push({
      problem: "listed in opencode.json but not tui.json: the TUI half (dialogs) is not loaded",
      fix: `run \`${INSTALL} --force${global(server)}\``,
    })
  } else if (server.length === 0) {
    problems.push({
      problem: "listed in tui.json but not opencode.json: the server half (store, extensions, tracking) is not loaded",
      fix: `run \`${INSTALL} --force${global(tui)}\``,
    })
  }
  return problems
}

export function diagnose(facts: DoctorFacts): Problem[] {
  return [...storeProblems(facts.store), ...opencodeProblems(facts.opencode), ...configProblems(facts.configs)]
}

function storeLines(s: StoreCheck): string[] {
  const lines = [`store     ${s.path}${s.from === "config" ? " (store.path from the plugin options)" : ""}`]
  if (!s.exists) return [...lines, "          does not exist"]
  const version = s.schemaVersion === undefined ? "unknown" : `v${s.schemaVersion}`
  const schema = `schema ${version} (this CLI: v${s.expectedSchema})`
  const check = s.quickCheck === undefined ? "" : `, quick_check ${s.quickCheck.slice(0, 80)}`
  const wal = s.sizes.wal === undefined ? "" : ` + ${formatBytes(s.sizes.wal)} WAL`
  lines.push(`          ${schema}${check}`, `          ${formatBytes(s.sizes.db)}${wal}`)
  if (s.rows) lines.push(`          rows: ${Object.entries(s.rows).map(([t, n]) => `${t} ${n}`).join(", ")}`)
  return lines
}

function configLines(configs: ReadConfig[]): string[] {
  if (configs.length === 0) return ["configs   none found"]
  const entries = (c: ReadConfig) => {
    if (!c.ok) return `unreadable: ${c.error}`
    if (c.ours.length > 0) return `lists ${c.ours.map((p) => p.spec).join(", ")}`
    return `${c.plugins.length} other plugin${c.plugins.length === 1 ? "" : "s"}`
  }
  const columns = [{ header: "SCOPE" }, { header: "HALF" }, { header: "FILE" }, { header: "PLUGIN ENTRIES", max: 60 }]
  const rows = table(columns, configs.map((c) => [c.scope, c.kind, c.path, entries(c)]))
  return ["configs", ...rows.map((line) => `  ${line}`)]
}

function render(facts: DoctorFacts, problems: Problem[]): string[] {
  const o = facts.opencode
  const from = facts.project !== facts.directory ? ` (from ${facts.directory})` : ""
  const lines = [
    `switchboard doctor ${VERSION}`,
    `project   ${facts.project}${from}`,
    ...storeLines(facts.store),
    `opencode  ${o.path ? `${o.path} ${o.version ?? `(${o.error})`}` : "not found on PATH"}`,
    `pane      ${facts.pane.key} (from ${facts.pane.source})`,
    ...configLines(facts.configs),
    "",
  ]
  if (problems.length === 0) return [...lines, "no problems found"]
  lines.push(`${problems.length} problem${problems.length === 1 ? "" : "s"}:`)
  for (const p of problems) lines.push(`  - ${p.problem}`, `    fix: ${p.fix}`)
  return lines
}

export async function doctor(ctx: Context): Promise<number> {
  if (ctx.positionals.length > 0) {
    ctx.rt.err(`switchboard doctor: unexpected argument "${ctx.positionals[0]}"`)
    return 2
  }
  const facts = await gather(path.resolve(ctx.dir), ctx.rt.env)
  const problems = diagnose(facts)
  if (ctx.json) ctx.rt.out(JSON.stringify({ version: VERSION, ...facts, problems }, null, 2))
  else for (const line of render(facts, problems)) ctx.rt.out(line)
  return problems.length === 0 ? 0 : 1
}
