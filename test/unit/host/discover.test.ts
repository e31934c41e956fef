import { afterEach, beforeEach, describe, expect, test } from "bun:test"
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { parsePluginOptions } from "../../../src/config/schema.ts"
import { defaultGlobalConfigDir, discoverCandidates } from "../../../src/host/discover.ts"
import type { ExtensionDefinition } from "../../../src/host/types.ts"

let root: string
let project: string
let globalDir: string
let home: string
let notices: string[]

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "switchboard-discover-"))
  project = join(root, "project")
  globalDir = join(root, "config", "opencode")
  home = join(root, "home")
  notices = []
  await mkdir(project, { recursive: true })
})
afterEach(async () => {
  await rm(root, { recursive: true, force: true })
})

async function put(path: string, code: string) {
  await mkdir(dirname(path), { recursive: true })
  await writeFile(path, code)
  return path
}
const projectExt = (file: string) => join(project, ".opencode", "switchboard", "extensions", file)
const globalExt = (file: string) => join(globalDir, "switchboard", "extensions", file)
const extension = (name: string, description = name) =>
  `export default { name: "${name}", description: "${description}" }`

async function discover(raw: unknown = {}, builtins: { name: string; definition: ExtensionDefinition }[] = []) {
  const { options, entryErrors } = parsePluginOptions(raw)
  return discoverCandidates({
    directory: project,
    options,
    entryErrors,
    builtins,
    globalConfigDir: globalDir,
    homeDir: home,
    onNotice: (message) => notices.push(message),
  })
}
const summary = (candidates: Awaited<ReturnType<typeof discover>>) =>
  candidates.map((c) => ({ name: c.name, kind: c.source.kind, location: c.source.location, error: c.configError }))

describe("discoverCandidates", () => {
  test("finds project and global files, built-ins, sorted by name, and applies config by name", async () => {
    await put(projectExt("zeta.ts"), extension("zeta"))
    await put(globalExt("alpha.js"), extension("alpha"))
    await put(projectExt("README.md"), "not code")
    await put(projectExt("types.d.ts"), "export {}")
    const candidates = await discover(
      { extensions: { zeta: { enabled: false, options: { level: 2 }, stability: { timeoutMs: 100 } } } },
      [{ name: "memory", definition: { name: "memory" } }],
    )
    expect(summary(candidates)).toEqual([
      { name: "alpha", kind: "file", location: globalExt("alpha.js"), error: undefined },
      { name: "memory", kind: "builtin", location: undefined, error: undefined },
      { name: "zeta", kind: "file", location: projectExt("zeta.ts"), error: undefined },
    ])
    const zeta = candidates[2]!
    expect(zeta.enabled).toBe(false)
    expect(zeta.rawOptions).toEqual({ level: 2 })
    expect(zeta.stability).toEqual({ timeoutMs: 100 })
    expect(candidates[0]!.enabled).toBe(true)
    const loaded = await zeta.load()
    expect(loaded.ok && loaded.value.name).toBe("zeta")
    const builtin = await candidates[1]!.load()
    expect(builtin.ok).toBe(true)
    expect(notices).toEqual([])
  })

  test("a project file shadows a global file of the same name, and the shadowed one is reported", async () => {
    await put(projectExt("notes.ts"), extension("notes", "project"))
    await put(globalExt("notes.ts"), extension("notes", "global"))
    const candidates = await discover()
    expect(summary(candidates)).toEqual([
      { name: "notes", kind: "file", location: projectExt("notes.ts"), error: undefined },
    ])
    const loaded = await candidates[0]!.load()
    expect(loaded.ok && loaded.value.description).toBe("project")
    expect(notices).toEqual([
      `extension "notes": the global file ${globalExt("notes.ts")} ` +
        `is shadowed by the project file ${projectExt("notes.ts")}`,
    ])
  })

  test("a symlink is refused with a reason", async () => {
    const real = await put(join(root, "elsewhere", "linked.ts"), extension("linked"))
    await mkdir(dirname(projectExt("x")), { recursive: true })
    await symlink(real, projectExt("linked.ts"))
    const [candidate] = await discover()
    expect(candidate?.name).toBe("linked")
    expect(candidate?.configError).toContain("is a symbolic link; links are refused")
    const loaded = await candidate!.load()
    expect(loaded.ok).toBe(false)
  })

  test("a file whose name is not a valid extension name is reported and skipped", async () => {
    await put(projectExt("My Tool.ts"), extension("my-tool"))
    await put(projectExt("helper.test.ts"), extension("x"))
    expect(await discover()).toEqual([])
    expect(notices).toHaveLength(2)
    expect(notices[0]).toContain(`${projectExt("My Tool.ts")}: skipped, "My Tool" is not a valid extension name`)
    expect(notices[1]).toContain('"helper.test" is not a valid extension name')
  })

  test("foo.ts next to foo.js is ambiguous", async () => {
    await put(projectExt("dup.ts"), extension("dup"))
    await put(projectExt("dup.js"), extension("dup"))
    const [candidate] = await discover()
    expect(candidate?.configError).toContain("are both in")
  })

  test("a config entry for an unknown name is a candidate with a config error", async () => {
    const candidates = await discover({ extensions: { ghost: { enabled: true } } })
    expect(summary(candidates)).toEqual([
      {
        name: "ghost",
        kind: "file",
        location: undefined,
        error:
          'extensions.ghost: no extension by this name (give "path" or "package", ' +
          "or add .opencode/switchboard/extensions/ghost.ts)",
      },
    ])
    const loaded = await candidates[0]!.load()
    expect(loaded).toEqual({ ok: false, error: candidates[0]!.configError! })
  })

  test("entry errors become candidates with the message, even for a discovered file", async () => {
    await put(projectExt("foo.ts"), extension("foo"))
    const candidates = await discover({
      extensions: { foo: { stability: { timeoutMs: -5 } }, bar: { path: "a.ts", package: "b" } },
    })
    expect(summary(candidates)).toEqual([
      {
        name: "bar",
        kind: "file",
        location: undefined,
        error: 'extensions.bar: give either "path" or "package", not both',
      },
      {
        name: "foo",
        kind: "file",
        location: projectExt("foo.ts"),
        error: "extensions.foo.stability.timeoutMs: expected a positive integer, got -5",
      },
    ])
  })

  test("config paths: relative to the project, ~ expanded, checked", async () => {
    await put(join(project, "ext", "rel.ts"), extension("rel"))
    await put(join(home, "exts", "tilde.mjs"), extension("tilde"))
    await put(join(project, "notes.txt"), "x")
    await mkdir(join(project, "folder.ts"))
    const candidates = await discover({
      extensions: {
        rel: { path: "ext/rel.ts" },
        tilde: { path: "~/exts/tilde.mjs" },
        txt: { path: "notes.txt" },
        missing: { path: "nope.ts" },
        nul: { path: "a\0b.ts" },
        dir: { path: "folder.ts" },
        renamed: { path: "ext/rel.ts" },
      },
    })
    const byName = Object.fromEntries(candidates.map((c) => [c.name, c]))
    expect(byName.rel?.source).toEqual({ kind: "file", location: join(project, "ext", "rel.ts") })
    expect(byName.rel?.configError).toBeUndefined()
    expect(byName.tilde?.source).toEqual({ kind: "file", location: join(home, "exts", "tilde.mjs") })
    expect(byName.txt?.configError).toBe('extensions.txt.path: expected a .ts, .js or .mjs file, got "notes.txt"')
    expect(byName.missing?.configError).toBe(`extensions.missing.path: ${join(project, "nope.ts")} does not exist`)
    expect(byName.nul?.configError).toBe("extensions.nul.path: contains a NUL byte")
    expect(byName.dir?.configError).toBe(`extensions.dir.path: ${join(project, "folder.ts")} is not a regular file`)
    const tilde = await byName.tilde!.load()
    expect(tilde.ok).toBe(true)
    // The file's extension calls itself "rel"; configured as "renamed" it must not load under a false name.
    const renamed = await byName.renamed!.load()
    expect(renamed).toEqual({
      ok: false,
      error: `${join(project, "ext", "rel.ts")}: the extension is named "rel", but the config key says "renamed"`,
    })
  })

  test("a config path shadows a discovered file and a built-in, reported", async () => {
    await put(projectExt("memo.ts"), extension("memo", "discovered"))
    await put(join(project, "mine", "memo.ts"), extension("memo", "configured"))
    const candidates = await discover({ extensions: { memo: { path: "mine/memo.ts" } } }, [
      { name: "memo", definition: { name: "memo" } },
    ])
    expect(candidates).toHaveLength(1)
    const loaded = await candidates[0]!.load()
    expect(loaded.ok && loaded.value.description).toBe("configured")
    expect(notices).toHaveLength(2)
    expect(notices[0]).toContain("the built-in is shadowed by the project file")
    expect(notices[1]).toContain("is shadowed by the configured file")
  })

  test("packages resolve from the project directory", async () => {
    const manifest = JSON.stringify({ name: "sb-ext", main: "main.js" })
    await put(join(project, "node_modules", "sb-ext", "package.json"), manifest)
    await put(join(project, "node_modules", "sb-ext", "main.js"), extension("pkg"))
    const candidates = await discover({
      extensions: { pkg: { package: "sb-ext" }, gone: { package: "sb-not-installed" } },
    })
    const [gone, pkg] = candidates
    expect(pkg?.source).toEqual({ kind: "package", location: join(project, "node_modules", "sb-ext", "main.js") })
    const loaded = await pkg!.load()
    expect(loaded.ok && loaded.value.name).toBe("pkg")
    expect(gone?.source.kind).toBe("package")
    expect(gone?.configError).toStartWith(`extensions.gone.package: cannot resolve "sb-not-installed" from ${project}`)
  })

  test("discover: false skips both directories", async () => {
    await put(projectExt("auto.ts"), extension("auto"))
    const candidates = await discover({ discover: false, extensions: { auto: { enabled: true } } })
    expect(candidates).toHaveLength(1)
    expect(candidates[0]!.configError).toContain('auto-discovery is off ("discover": false)')
  })
})

test("defaultGlobalConfigDir honours XDG_CONFIG_HOME", () => {
  expect(defaultGlobalConfigDir({ XDG_CONFIG_HOME: "/xdg" }, "/home/u")).toBe(join("/xdg", "opencode"))
  expect(defaultGlobalConfigDir({}, "/home/u")).toBe(join("/home/u", ".config", "opencode"))
})
