// Finds every extension the user could mean: config entries (path/package), files in the project's and
// the user's extension directories, and built-ins. Nothing is imported here; each Candidate loads lazily.
// Precedence for one name: config "path"/"package" > project file > global file > built-in; whatever
// loses is reported as shadowed, so a surprising override is never silent.
import type { Dirent } from "node:fs"
import { lstat, readdir, stat } from "node:fs/promises"
import { createRequire } from "node:module"
import { homedir } from "node:os"
import { extname, join, resolve } from "node:path"
import type { ExtensionEntry, PluginOptions } from "../config/schema.ts"
import { attempt, attemptAsync, err, ok, type Result } from "../result.ts"
import type { Candidate } from "./candidate.ts"
import { EXTENSION_NAME, validateDefinition } from "./define.ts"
import { loadDefinitionFromFile, loadDefinitionFromPackage } from "./loader.ts"
import type { ExtensionDefinition } from "./types.ts"

export const PROJECT_EXTENSIONS_DIR = join(".opencode", "switchboard", "extensions")
const GLOBAL_EXTENSIONS_DIR = join("switchboard", "extensions")
const DISCOVERED_EXTS = [".ts", ".js"]
const CONFIGURED_EXTS = [".ts", ".js", ".mjs"]

export interface BuiltinExtension {
  name: string
  definition: ExtensionDefinition
}

export interface DiscoverInput {
  /** The project directory: config paths are relative to it, packages resolve from it. */
  directory: string
  options: PluginOptions
  /** From parsePluginOptions: each becomes a candidate that fails with the message. */
  entryErrors?: Record<string, string>
  builtins?: BuiltinExtension[]
  /** opencode's global config directory; defaults to defaultGlobalConfigDir(). */
  globalConfigDir?: string
  /** For `~` in config paths; defaults to os.homedir(). */
  homeDir?: string
  /** Skipped files and shadowed extensions, one readable line each. */
  onNotice?: (message: string) => void
}

/** `$XDG_CONFIG_HOME/opencode`, else `~/.config/opencode` (where opencode keeps its global config). */
export function defaultGlobalConfigDir(env: Record<string, string | undefined> = process.env, home = homedir()) {
  return join(env.XDG_CONFIG_HOME || join(home, ".config"), "opencode")
}

/** Where one name's code would come from; `error` means it was found but cannot be used. */
interface Source {
  kind: Candidate["source"]["kind"]
  location?: string
  /** Human wording for notices: "built-in", "project file /x/foo.ts"… */
  origin: string
  /** Why the extension's own name must equal the candidate name ("its file name", "the config key"). */
  nameFrom: string
  error?: string
  load?: () => Promise<Result<ExtensionDefinition>>
}

export async function discoverCandidates(input: DiscoverInput): Promise<Candidate[]> {
  const notice = input.onNotice ?? (() => {})
  const { options } = input
  const entryErrors = input.entryErrors ?? {}
  const sources = new Map<string, Source>()
  const put = (name: string, source: Source) => {
    const previous = sources.get(name)
    if (previous) notice(`extension "${name}": the ${previous.origin} is shadowed by the ${source.origin}`)
    sources.set(name, source)
  }

  for (const builtin of input.builtins ?? []) put(builtin.name, builtinSource(builtin))
  if (options.discover) {
    const projectDir = resolve(input.directory, PROJECT_EXTENSIONS_DIR)
    const globalDir = resolve(input.globalConfigDir ?? defaultGlobalConfigDir(), GLOBAL_EXTENSIONS_DIR)
    // The same directory seen twice would only shadow itself.
    if (globalDir !== projectDir) for (const [name, s] of await scanDirectory(globalDir, "global", notice)) put(name, s)
    for (const [name, source] of await scanDirectory(projectDir, "project", notice)) put(name, source)
  }
  for (const [name, entry] of Object.entries(options.extensions)) {
    const source = await configuredSource(name, entry, input)
    if (source) put(name, source)
  }

  const names = [...new Set([...sources.keys(), ...Object.keys(options.extensions), ...Object.keys(entryErrors)])]
  return names.sort(byCodePoint).map((name) => {
    const entry = options.extensions[name]
    const source = sources.get(name)
    const configError = entryErrors[name] ?? source?.error ?? (source ? undefined : unknownName(name, options))
    const load = source?.load
    const candidate: Candidate = {
      name,
      // A broken entry with nothing found on disk has no real source; "file" is the closest honest kind.
      source: source ? { kind: source.kind, location: source.location } : { kind: "file" },
      enabled: entry?.enabled ?? true,
      rawOptions: entry?.options,
      stability: entry?.stability,
      configError,
      load:
        configError !== undefined || !load
          ? async () => err(configError ?? `extensions.${name}: nothing to load`)
          : async () => checkName(await load(), name, source),
    }
    return candidate
  })
}

function unknownName(name: string, options: PluginOptions): string {
  const off = options.discover ? "" : '; auto-discovery is off ("discover": false)'
  return (
    `extensions.${name}: no extension by this name (give "path" or "package", ` +
    `or add .opencode/switchboard/extensions/${name}.ts)${off}`
  )
}

/** Keeps one extension from posing as another: the name decides options, storage and tool names. */
function checkName(
  loaded: Result<ExtensionDefinition>,
  name: string,
  source: Source | undefined,
): Result<ExtensionDefinition> {
  if (!loaded.ok || loaded.value.name === name) return loaded
  const where = source?.location ?? source?.origin ?? name
  return err(`${where}: the extension is named "${loaded.value.name}", but ${source?.nameFrom} says "${name}"`)
}

function builtinSource({ name, definition }: BuiltinExtension): Source {
  return {
    kind: "builtin",
    origin: "built-in",
    nameFrom: "the built-in list",
    load: async () => validateDefinition(definition),
  }
}

/** Top-level *.ts / *.js files of one extension directory, by name. A missing directory is simply empty. */
async function scanDirectory(
  dir: string,
  scope: "project" | "global",
  notice: (message: string) => void,
): Promise<Map<string, Source>> {
  const found = new Map<string, Source>()
  const listed = await attemptAsync(() => readdir(dir, { withFileTypes: true }))
  if (!listed.ok) {
    if (!/ENOENT|ENOTDIR/.test(listed.error)) notice(`cannot read ${dir}: ${listed.error}`)
    return found
  }
  const files = listed.value
    .map((dirent: Dirent) => dirent.name)
    .filter((file) => DISCOVERED_EXTS.includes(extname(file)) && !file.endsWith(".d.ts"))
    .sort(byCodePoint)
  for (const file of files) {
    const path = join(dir, file)
    const name = file.slice(0, -extname(file).length)
    if (!EXTENSION_NAME.test(name)) {
      notice(
        `${path}: skipped, "${name}" is not a valid extension name ` +
          "(lower-case letters, digits, - or _, starting with a letter, at most 40)",
      )
      continue
    }
    const origin = `${scope} file ${path}`
    const nameFrom = "its file name"
    const twin = found.get(name)
    if (twin) {
      // foo.ts next to foo.js: guessing which one the user edits would be wrong half the time.
      const error = `${twin.location} and ${path} are both in ${dir}; keep one`
      found.set(name, { kind: "file", location: path, origin, nameFrom, error })
      continue
    }
    const error = await discoveredFileProblem(path)
    found.set(name, { kind: "file", location: path, origin, nameFrom, error, load: () => loadDefinitionFromFile(path) })
  }
  return found
}

/** lstat, not stat: a link could point auto-discovery at code outside the extension directories. */
async function discoveredFileProblem(path: string): Promise<string | undefined> {
  const info = await attemptAsync(() => lstat(path))
  if (!info.ok) return `cannot read ${path}: ${info.error}`
  if (info.value.isSymbolicLink()) {
    return (
      `${path} is a symbolic link; links are refused in extension directories ` +
      '(copy the file, or name it in the config with "path")'
    )
  }
  if (!info.value.isFile()) return `${path} is not a regular file`
  return undefined
}

/** A config entry with "path" or "package"; undefined for an entry that only configures by name. */
async function configuredSource(
  name: string,
  entry: ExtensionEntry,
  input: DiscoverInput,
): Promise<Source | undefined> {
  const nameFrom = "the config key"
  if (entry.package !== undefined) {
    const resolved = resolvePackage(entry.package, input.directory)
    const origin = `package "${entry.package}" (extensions.${name}.package)`
    if (!resolved.ok) {
      const error =
        `extensions.${name}.package: cannot resolve "${entry.package}" from ${input.directory}: ` + resolved.error
      return { kind: "package", origin, nameFrom, error }
    }
    const location = resolved.value
    return { kind: "package", location, origin, nameFrom, load: () => loadDefinitionFromPackage(location) }
  }
  if (entry.path === undefined) return undefined
  const checked = await checkConfiguredPath(entry.path, input)
  const prefix = `extensions.${name}.path`
  const origin = `configured file ${checked.ok ? checked.value : entry.path} (${prefix})`
  if (!checked.ok) return { kind: "file", origin, nameFrom, error: `${prefix}: ${checked.error}` }
  const location = checked.value
  return { kind: "file", location, origin, nameFrom, load: () => loadDefinitionFromFile(location) }
}

/** An absolute path to an existing regular .ts/.js/.mjs file (links allowed: the user named it). */
async function checkConfiguredPath(raw: string, input: DiscoverInput): Promise<Result<string>> {
  // A NUL byte would be cut off by the OS and open a different file than the one validated.
  if (raw.includes("\0")) return err("contains a NUL byte")
  const home = input.homeDir ?? homedir()
  const expanded = raw === "~" ? home : raw.startsWith("~/") ? join(home, raw.slice(2)) : raw
  const path = resolve(input.directory, expanded)
  if (!CONFIGURED_EXTS.includes(extname(path))) return err(`expected a .ts, .js or .mjs file, got "${raw}"`)
  const info = await attemptAsync(() => stat(path))
  if (!info.ok) return err(/ENOENT/.test(info.error) ? `${path} does not exist` : `cannot read ${path}: ${info.error}`)
  if (!info.value.isFile()) return err(`${path} is not a regular file`)
  return ok(path)
}

function resolvePackage(pkg: string, directory: string): Result<string> {
  if (typeof Bun !== "undefined") return attempt(() => Bun.resolveSync(pkg, directory))
  // Outside Bun: Node's resolver from a file inside the project directory.
  return attempt(() => createRequire(join(resolve(directory), "package.json")).resolve(pkg))
}

/** Locale-independent order, so the candidate list is the same on every machine. */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
