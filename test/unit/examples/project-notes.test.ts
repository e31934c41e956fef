import { describe, expect, test } from "bun:test"
import fs from "node:fs"
import path from "node:path"
import { contextPrimeResult } from "../../../src/host/result-schemas.ts"
import type { ContextPrimeResult, ExtensionDefinition } from "../../../src/host/types.ts"
import { tempDir } from "../helpers/tmp.ts"
import { fakeContext, loadExample } from "./fake-context.ts"

const def: ExtensionDefinition = await loadExample("project-notes.ts")
const prime = def.hooks!.contextPrime!
const root = tempDir()
let n = 0

function project(notes?: string, file = ".opencode/notes.md") {
  const dir = path.join(root, `p${++n}`)
  fs.mkdirSync(path.join(dir, ".opencode"), { recursive: true })
  if (notes !== undefined) fs.writeFileSync(path.join(dir, file), notes)
  return dir
}

async function run(dir: string, options?: unknown): Promise<ContextPrimeResult | undefined> {
  const value = await prime({ sessionID: "ses_1", messageID: "msg_1", text: "hi" }, fakeContext(def, options, dir))
  return contextPrimeResult.parse(value) ?? undefined
}

describe("examples/project-notes.ts", () => {
  test("injects the notes file with the default priority and a token estimate", async () => {
    const dir = project("# Notes\n\nUse bun, not npm.\n")
    const result = await run(dir)
    expect(result).toEqual({
      context: "Project notes from .opencode/notes.md (kept by the user; follow them):\n\n# Notes\n\nUse bun, not npm.",
      priority: 10,
      tokens: Math.ceil(result!.context.length / 4),
    })
  })

  test("no file, an empty file or a directory: nothing is injected", async () => {
    expect(await run(project())).toBeUndefined()
    expect(await run(project("  \n\n"))).toBeUndefined()
    const dir = project()
    fs.mkdirSync(path.join(dir, ".opencode", "notes.md"))
    expect(await run(dir)).toBeUndefined()
  })

  test("cached by mtime and size: the file is read again only when it changes", async () => {
    const dir = project("first")
    const file = path.join(dir, ".opencode", "notes.md")
    // A whole-second mtime, so setting it again below restores it exactly.
    fs.utimesSync(file, 1_700_000_000, 1_700_000_000)
    expect((await run(dir))?.context).toEndWith("first")
    // Same size and mtime: a cache hit, even though the bytes differ (proof the file was not read again).
    fs.writeFileSync(file, "FIRST")
    fs.utimesSync(file, 1_700_000_000, 1_700_000_000)
    expect((await run(dir))?.context).toEndWith("first")
    fs.writeFileSync(file, "second version")
    expect((await run(dir))?.context).toEndWith("second version")
  })

  test("long notes are cut at a line break before maxChars, and say so", async () => {
    const lines = Array.from({ length: 200 }, (_, i) => `line ${i} of the notes`)
    const dir = project(lines.join("\n"))
    const result = await run(dir, { maxChars: 1000 })
    const body = result!.context.split("\n\n")[1]!
    expect(body.length).toBeLessThanOrEqual(1000)
    expect(body.endsWith("of the notes")).toBe(true)
    expect(result!.context).toEndWith("[… cut at 1000 characters; the rest is in .opencode/notes.md]")
  })

  test("a file far larger than maxChars is read only in part", async () => {
    const dir = project("x".repeat(5_000_000))
    const result = await run(dir, { maxChars: 100 })
    expect(result!.context.length).toBeLessThan(300)
  })

  test("options: another file (relative or absolute) and priority", async () => {
    const dir = project("use tabs", "AGENT-NOTES.txt")
    expect(await run(dir, { file: "AGENT-NOTES.txt", priority: -1 })).toMatchObject({ priority: -1 })
    expect((await run(project(), { file: path.join(dir, "AGENT-NOTES.txt") }))?.context).toEndWith("use tabs")
    expect(() => fakeContext(def, { maxChars: 0 }, dir)).toThrow("options.maxChars")
  })
})
