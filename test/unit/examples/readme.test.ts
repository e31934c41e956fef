// The README's "Writing extensions" section shows examples/clock.ts in full and tables of defaults: keep them true.
import { describe, expect, test } from "bun:test"
import fs from "node:fs"
import path from "node:path"
import { extensionEntrySchema, pluginOptionsSchema } from "../../../src/config/schema.ts"
import { DEFAULT_STABILITY } from "../../../src/host/types.ts"
import { EXAMPLES } from "./fake-context.ts"

const readme = fs.readFileSync(path.resolve(import.meta.dir, "../../../README.md"), "utf8")
const start = readme.indexOf("\n## Writing extensions\n")
const section = readme.slice(start, readme.indexOf("\n## ", start + 1))

describe("README: Writing extensions", () => {
  test("exists, after Configuration", () => {
    expect(start).toBeGreaterThan(readme.indexOf("\n## Configuration\n"))
  })

  test("its complete example is examples/clock.ts, byte for byte", () => {
    const block = section.match(/```ts\n([\s\S]*?)```/)?.[1]
    expect(block).toBe(fs.readFileSync(path.join(EXAMPLES, "clock.ts"), "utf8"))
  })

  test("the stability table gives DEFAULT_STABILITY", () => {
    for (const [field, value] of Object.entries(DEFAULT_STABILITY))
      expect(section).toContain(`| \`${field}\` | ${value} |`)
  })

  test("the options table covers every extension entry field and the extension-related top-level options", () => {
    for (const field of Object.keys(extensionEntrySchema.shape))
      expect(section).toContain(`| \`extensions.<name>.${field}\` |`)
    const defaults = pluginOptionsSchema.parse({})
    for (const key of ["discover", "hotReload", "contextBudgetTokens"] as const)
      expect(section).toContain(`| \`${key}\` | \`${defaults[key]}\` |`)
  })
})
