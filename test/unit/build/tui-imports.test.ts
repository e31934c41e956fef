import { describe, expect, test } from "bun:test"
import fs from "node:fs"
import path from "node:path"
import { findForbiddenImports, rewriteHostImports } from "../../../scripts/tui-imports.ts"

const dist = path.resolve(import.meta.dir, "../../../dist")

describe("rewriteHostImports", () => {
  test("maps host modules to OpenTUI runtime-module ids and relative .ts(x) to .js", () => {
    const code = [
      'import { createComponent } from "@opentui/solid";',
      'import { createSignal } from "solid-js";',
      'import { x } from "../src/status/read.ts";',
      'import { y } from "./status-dialog.tsx";',
      'import fs from "node:fs";',
    ].join("\n")
    const out = rewriteHostImports(code)
    expect(out).toContain('from "opentui:runtime-module:%40opentui%2Fsolid"')
    expect(out).toContain('from "opentui:runtime-module:solid-js"')
    expect(out).toContain('from "../src/status/read.js"')
    expect(out).toContain('from "./status-dialog.js"')
    expect(out).toContain('from "node:fs"')
    expect(findForbiddenImports(out)).toEqual([])
  })

  test("flags imports by name and dynamic imports of solid-js or @opentui/*", () => {
    expect(findForbiddenImports('import { a } from "solid-js/store"')).toEqual(['imports "solid-js/store" by name'])
    expect(findForbiddenImports('const m = await import("@opentui/core")')).toEqual(['imports "@opentui/core" by name'])
  })

  test("flags a bundled copy of solid-js", () => {
    expect(findForbiddenImports("function createRenderEffect(fn) {}")).toEqual(["contains a bundled copy of solid-js"])
  })
})

describe("the built TUI (dist/tui.js and dist/tui/)", () => {
  test("imports neither solid-js nor @opentui/* by name and bundles no copy of them", () => {
    expect(fs.existsSync(path.join(dist, "tui.js"))).toBe(true)
    const files = [
      path.join(dist, "tui.js"),
      ...fs.readdirSync(path.join(dist, "tui"), { recursive: true, encoding: "utf8" }).map((f) => path.join(dist, "tui", f)),
    ].filter((f) => f.endsWith(".js"))
    expect(files.length).toBeGreaterThan(1)
    for (const f of files) expect({ file: f, problems: findForbiddenImports(fs.readFileSync(f, "utf8")) }).toEqual({ file: f, problems: [] })
    const all = files.map((f) => fs.readFileSync(f, "utf8")).join("\n")
    expect(all).toContain("opentui:runtime-module:%40opentui%2Fsolid")
    expect(all).not.toMatch(/<api\.ui\.DialogSelect|<\w+[^>]*\/>/)
  })

  test("every relative import of the built TUI resolves to a built file", () => {
    const tuiDir = path.join(dist, "tui")
    for (const f of fs.readdirSync(tuiDir, { recursive: true, encoding: "utf8" }).filter((x) => x.endsWith(".js"))) {
      const file = path.join(tuiDir, f)
      for (const m of fs.readFileSync(file, "utf8").matchAll(/from\s*"(\.[^"]+)"/g))
        expect(fs.existsSync(path.resolve(path.dirname(file), m[1]!))).toBe(true)
    }
  })
})
