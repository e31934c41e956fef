// opencode's config files as opencode 1.18 finds them, lowest precedence first: the global dir, $OPENCODE_CONFIG /
// $OPENCODE_TUI_CONFIG, project files from the worktree root down to the directory, the .opencode dirs on the way,
// ~/.opencode, $OPENCODE_CONFIG_DIR. opencode.json(c) configures the server half, tui.json(c) the TUI half.
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { opencodeConfigDir } from "../paths.ts"
import { errorMessage } from "../result.ts"
import { projectOf } from "../sessions/project.ts"
import { PACKAGE_NAME } from "../version.ts"
import type { Env } from "./io.ts"
import { parseJsonc } from "./jsonc.ts"

export type ConfigKind = "server" | "tui"

export interface ConfigFile {
  path: string
  kind: ConfigKind
  scope: "global" | "project" | "env"
}

export interface PluginEntry {
  spec: string
  options?: unknown
}

export type ReadConfig = ConfigFile &
  ({ ok: true; plugins: PluginEntry[]; ours: PluginEntry[] } | { ok: false; error: string })

const BASENAME: Record<ConfigKind, string> = { server: "opencode", tui: "tui" }
const MAX_CONFIG_BYTES = 1_000_000

function inDir(dir: string, scope: ConfigFile["scope"]): ConfigFile[] {
  return (["server", "tui"] as const).flatMap((kind) =>
    [".json", ".jsonc"].map((ext) => ({ path: path.join(dir, BASENAME[kind] + ext), kind, scope })),
  )
}

/** Directories from the worktree root down to `dir` (opencode walks up from the directory and stops there). */
function projectDirs(dir: string): string[] {
  const root = projectOf(dir)
  const dirs = [path.resolve(dir)]
  while (dirs[0] !== root && path.dirname(dirs[0]!) !== dirs[0]) dirs.unshift(path.dirname(dirs[0]!))
  return dirs[0] === root ? dirs : [path.resolve(dir)]
}

export function configCandidates(dir: string, env: Env): ConfigFile[] {
  const home = env.HOME || os.homedir()
  const files = inDir(opencodeConfigDir(env), "global")
  if (env.OPENCODE_CONFIG) files.push({ path: path.resolve(env.OPENCODE_CONFIG), kind: "server", scope: "env" })
  if (env.OPENCODE_TUI_CONFIG) files.push({ path: path.resolve(env.OPENCODE_TUI_CONFIG), kind: "tui", scope: "env" })
  if (!env.OPENCODE_DISABLE_PROJECT_CONFIG) {
    const dirs = projectDirs(dir)
    for (const d of dirs) files.push(...inDir(d, "project"))
    for (const d of dirs) files.push(...inDir(path.join(d, ".opencode"), "project"))
  }
  files.push(...inDir(path.join(home, ".opencode"), "global"))
  if (env.OPENCODE_CONFIG_DIR) files.push(...inDir(path.resolve(env.OPENCODE_CONFIG_DIR), "env"))
  const seen = new Set<string>()
  return files.filter((f) => !seen.has(f.path) && seen.add(f.path))
}

/** Our package under any spec opencode accepts: the name, name@version, a path or URL ending in it. */
export function isOurs(spec: string): boolean {
  return spec === PACKAGE_NAME || spec.startsWith(`${PACKAGE_NAME}@`) || spec.includes(`/${PACKAGE_NAME}`)
}

function pluginEntries(config: unknown): PluginEntry[] | string {
  if (typeof config !== "object" || config === null || Array.isArray(config)) return "the file is not a JSON object"
  const list = (config as { plugin?: unknown }).plugin
  if (list === undefined) return []
  if (!Array.isArray(list)) return `"plugin" is not an array`
  return list.flatMap((entry): PluginEntry[] => {
    if (typeof entry === "string") return [{ spec: entry }]
    if (Array.isArray(entry) && typeof entry[0] === "string") return [{ spec: entry[0], options: entry[1] }]
    return []
  })
}

export function readConfig(file: ConfigFile): ReadConfig | undefined {
  let text: string
  try {
    const st = fs.statSync(file.path)
    if (!st.isFile()) return undefined
    if (st.size > MAX_CONFIG_BYTES) return { ...file, ok: false, error: `larger than ${MAX_CONFIG_BYTES} bytes` }
    text = fs.readFileSync(file.path, "utf8")
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code
    return code === "ENOENT" || code === "ENOTDIR" ? undefined : { ...file, ok: false, error: errorMessage(cause) }
  }
  const parsed = parseJsonc(text)
  if (!parsed.ok) return { ...file, ok: false, error: parsed.error }
  const plugins = pluginEntries(parsed.value)
  if (typeof plugins === "string") return { ...file, ok: false, error: plugins }
  return { ...file, ok: true, plugins, ours: plugins.filter((p) => isOurs(p.spec)) }
}

/** The config files that exist, lowest precedence first. */
export function readConfigs(dir: string, env: Env): ReadConfig[] {
  return configCandidates(dir, env).flatMap((f) => readConfig(f) ?? [])
}

/**
 * The store the server half uses: `store.path` from the last server config that sets it (opencode merges configs
 * in this order), else the default. The CLI must read the same file the plugin writes.
 */
export function storePathFrom(configs: ReadConfig[], dir: string, fallback: string): string {
  let found: string | undefined
  for (const c of configs) {
    if (!c.ok || c.kind !== "server") continue
    for (const p of c.ours) {
      const store = (p.options as { store?: { path?: unknown } } | undefined)?.store?.path
      if (typeof store === "string" && store.length > 0) found = store
    }
  }
  return found === undefined ? fallback : path.resolve(dir, found)
}
