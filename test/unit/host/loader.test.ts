import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { mkdtemp, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { freshSpecifier, loadDefinitionFromFile, loadDefinitionFromPackage } from "../../../src/host/loader.ts"

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "switchboard-loader-"))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const write = async (file: string, code: string) => {
  const path = join(dir, file)
  await writeFile(path, code)
  return path
}

describe("loadDefinitionFromFile", () => {
  test("loads a default export", async () => {
    const path = await write("plain.ts", `export default { name: "plain", description: "hi" }`)
    const loaded = await loadDefinitionFromFile(path)
    expect(loaded).toEqual({ ok: true, value: { name: "plain", description: "hi" } })
  })

  test("accepts a named export `extension`", async () => {
    const path = await write("named.js", `export const extension = { name: "named" }`)
    const loaded = await loadDefinitionFromFile(path)
    expect(loaded.ok && loaded.value.name).toBe("named")
  })

  test("a reload picks up the new code (Bun's module cache is busted)", async () => {
    const path = await write("reload.ts", `export default { name: "reload", description: "first" }`)
    const first = await loadDefinitionFromFile(path)
    expect(first.ok && first.value.description).toBe("first")
    await write("reload.ts", `export default { name: "reload", description: "second" }`)
    const second = await loadDefinitionFromFile(path)
    expect(second.ok && second.value.description).toBe("second")
    // And again, in case only the first re-import was fresh.
    await write("reload.ts", `export default { name: "reload", description: "third" }`)
    const third = await loadDefinitionFromFile(path)
    expect(third.ok && third.value.description).toBe("third")
  })

  test("a module that throws on import is an error result with its message", async () => {
    const path = await write("throws.ts", `throw new Error("cannot start: no API key")`)
    const loaded = await loadDefinitionFromFile(path)
    expect(loaded.ok).toBe(false)
    if (!loaded.ok) expect(loaded.error).toBe(`${path}: import failed: cannot start: no API key`)
  })

  test("a syntax error names the problem and its position", async () => {
    const path = await write("syntax.ts", `export default { name: "syntax",, }`)
    const loaded = await loadDefinitionFromFile(path)
    expect(loaded.ok).toBe(false)
    if (!loaded.ok) expect(loaded.error).toMatch(/import failed: .*\(line 1, column \d+\)/)
  })

  test("an export that is not an extension gives the validateDefinition message", async () => {
    const path = await write("bad.ts", `export default { name: "Bad Name", hooks: { preMessage: 5 } }`)
    const loaded = await loadDefinitionFromFile(path)
    expect(loaded.ok).toBe(false)
    if (!loaded.ok) {
      expect(loaded.error).toStartWith(`${path}: not a valid extension: `)
      expect(loaded.error).toContain("name: expected lower-case letters")
      expect(loaded.error).toContain("hooks.preMessage: expected a function")
    }
  })

  test("a module without a usable export says what was expected", async () => {
    const path = await write("none.ts", `export const something = 1`)
    const loaded = await loadDefinitionFromFile(path)
    expect(loaded).toEqual({
      ok: false,
      error: `${path}: no extension exported (expected a default export or an export named "extension")`,
    })
  })

  test("a missing file is an error result", async () => {
    const loaded = await loadDefinitionFromFile(join(dir, "missing.ts"))
    expect(loaded.ok).toBe(false)
    if (!loaded.ok) expect(loaded.error).toContain("cannot read the file")
  })
})

describe("loadDefinitionFromPackage", () => {
  test("imports the resolved entry of a package", async () => {
    const manifest = JSON.stringify({ name: "sb-pkg", main: "index.js" })
    await Bun.write(join(dir, "node_modules", "sb-pkg", "package.json"), manifest)
    await Bun.write(join(dir, "node_modules", "sb-pkg", "index.js"), `export default { name: "sb-pkg" }`)
    const loaded = await loadDefinitionFromPackage(Bun.resolveSync("sb-pkg", dir))
    expect(loaded.ok && loaded.value.name).toBe("sb-pkg")
  })
})

test("freshSpecifier uses a plain path with a query under Bun (a file:// query does not bust Bun's cache)", () => {
  expect(freshSpecifier("/x/ext.ts", "1-2")).toBe("/x/ext.ts?v=1-2")
  expect(freshSpecifier("/odd?dir/ext.ts", "1-2")).toBe("/odd?dir/ext.ts")
})
