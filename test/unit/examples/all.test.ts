// Every example is a single file a user copies into .opencode/switchboard/extensions/: it must load there, where the
// package root may not resolve (only `import type` from it, which Bun erases), and say how to install itself.
import { describe, expect, test } from "bun:test"
import fs from "node:fs"
import path from "node:path"
import { EXTENSION_NAME } from "../../../src/host/define.ts"
import { EXAMPLES, loadExample } from "./fake-context.ts"

const files = fs.readdirSync(EXAMPLES).filter((f) => f.endsWith(".ts"))

describe("examples/", () => {
  test("there are examples", () => {
    expect(files.length).toBeGreaterThanOrEqual(2)
  })

  for (const file of files) {
    const source = fs.readFileSync(path.join(EXAMPLES, file), "utf8")
    const name = file.slice(0, -3)

    test(`${file}: loads through the real loader, named after its file`, async () => {
      expect(name).toMatch(EXTENSION_NAME)
      expect((await loadExample(file)).name).toBe(name)
    })

    test(`${file}: imports only types from opencode-switchboard, and only packages opencode installs`, () => {
      const imports = [...source.matchAll(/^import (type )?.* from "([^"]+)"$/gm)]
      expect(imports.length).toBeGreaterThan(0)
      for (const [line, typeOnly, from] of imports) {
        if (from === "opencode-switchboard") expect(typeOnly, line).toBe("type ")
        else expect(from === "zod" || from!.startsWith("node:"), line).toBe(true)
      }
      // No relative imports: the file is copied alone.
      expect(source).not.toMatch(/from "\.\.?\//)
    })

    test(`${file}: its header says what it does and how to install it`, () => {
      expect(source.startsWith(`// ${name}: `)).toBe(true)
      expect(source).toContain(`.opencode/switchboard/extensions/${file}`)
    })
  }
})
