import { describe, expect, test } from "bun:test"
import { fromToolCall, type ToolCall } from "../../../src/knowledge/extract.ts"
import type { Observation } from "../../../src/knowledge/types.ts"
import { loadTranscript, partsOf, toolCallOf } from "../../fixtures/transcripts/load.ts"

const ROOT = "/home/dev/shop"
const names = (o: Observation): string[] => o.entities.map((e) => `${e.type}:${e.name}`)
const links = (o: Observation): string[] => o.relations.map((r) => `${r.from.name} -${r.type}-> ${r.to.name}`)
const calls = (name: string): ToolCall[] => partsOf(loadTranscript(name)).tools.map(toolCallOf)
const bash = (command: string, extra: Partial<ToolCall> = {}): Observation =>
  fromToolCall({ tool: "bash", args: { command, description: "x" }, status: "completed", ...extra })

describe("fromToolCall: the failing-tests transcript", () => {
  const [test1, read, badEdit, edit, test2, tsc] = calls("failing-tests").map((c) => fromToolCall(c, { root: ROOT }))

  test("a failing test run: the command causes the error named in its output", () => {
    expect(names(test1!)).toEqual(["command:npm test", "error:TypeError"])
    expect(links(test1!)).toEqual(["npm test -causes-> TypeError"])
  })

  test("read and edit name their file relative to the root", () => {
    expect(read).toEqual({ entities: [{ type: "file", name: "src/config.ts" }], relations: [], facts: [] })
    expect(names(edit!)).toEqual(["file:src/config.ts"])
  })

  test("an edit that errored: its error, related to the file", () => {
    expect(names(badEdit!)).toEqual(["file:src/config.ts", "error:Error: oldString not found in content"])
    expect(links(badEdit!)).toEqual(["src/config.ts -related-> Error: oldString not found in content"])
  })

  test("a passing run has no error; a failing typecheck names the TS code", () => {
    expect(names(test2!)).toEqual(["command:npm test"])
    expect(names(tsc!)).toEqual(["command:tsc", "file:tsconfig.json", "error:TS2322"])
    expect(links(tsc!)).toEqual(["tsc -uses-> tsconfig.json", "tsc -causes-> TS2322"])
  })
})

describe("fromToolCall: every tool of the zoo", () => {
  const zoo = calls("tool-zoo").map((c) => fromToolCall(c, { root: ROOT }))
  const expected: [string[], string[]][] = [
    [["file:src/server/routes.ts", "file:src/server/health.test.ts", "file:src/server/old.ts"], []],
    [["file:src/db/schema.ts"], []],
    [["file:docs/DEPLOY.md"], []],
    [["file:src", "symbol:parseConfig"], []],
    [[], []],
    [["file:src/server"], []],
    [["url:https://bun.sh/docs/cli/test"], []],
    [["file:src/server"], []],
    [
      ["file:src/missing.ts", "error:Error: File not found: src/missing.ts"],
      ["src/missing.ts -related-> Error: File not found: src/missing.ts"],
    ],
    // grep exits 1 when nothing matched: an answer, not a failure.
    [["command:grep"], []],
    [
      ["command:git status", "error:fatal: not a git repository (or any of the parent directories): .git"],
      ["git status -causes-> fatal: not a git repository (or any of the parent directories): .git"],
    ],
    // No metadata.exit: the exit code comes from the output.
    [
      ["command:bun run build", 'error:error: Could not resolve: "./missing". Maybe you need to "bun install"?'],
      ['bun run build -causes-> error: Could not resolve: "./missing". Maybe you need to "bun install"?'],
    ],
    // The user declined: nothing failed.
    [["command:rm"], []],
    [["command:curl", "error:ECONNREFUSED"], ["curl -related-> ECONNREFUSED"]],
    [[], []],
    [[], []],
  ]
  expected.forEach(([entities, relations], i) => {
    const tool = partsOf(loadTranscript("tool-zoo")).tools[i]!.tool
    test(`#${i} ${tool}`, () => {
      expect(names(zoo[i]!)).toEqual(entities)
      expect(links(zoo[i]!)).toEqual(relations)
      expect(zoo[i]!.facts).toEqual([])
    })
  })
  test("the zoo is fully covered", () => expect(zoo).toHaveLength(expected.length))
})

describe("fromToolCall: bash commands", () => {
  const cases: [string, string, string[]][] = [
    ["git status", "git status", []],
    ["npm test", "npm test", []],
    ["bun run build", "bun run build", []],
    ["npm run test:unit -- --watch", "npm run test:unit", []],
    ["cd /repo && CI=1 sudo -E npm test", "npm test", []],
    ["sudo -u deploy ./scripts/ship.sh --prod", "scripts/ship.sh", ["scripts/ship.sh"]],
    ["bash scripts/ship.sh staging", "bash", ["scripts/ship.sh"]],
    ["bun scripts/build.ts", "bun", ["scripts/build.ts"]],
    ["./node_modules/.bin/tsc --noEmit", "tsc", []],
    ["/usr/bin/git -C /tmp/x log --oneline | head -5", "git log", []],
    ["env NODE_ENV=production timeout 30 node server.js", "node", ["server.js"]],
    ["ls -la src", "ls", []],
    ["cat notes", "cat", []],
    ['git commit -m "fix: parse config"', "git commit", []],
    ["cd /repo", "cd", []],
  ]
  for (const [command, name, files] of cases) {
    test(command, () => {
      const o = bash(command)
      expect(o.entities[0]).toEqual({ type: "command", name })
      expect(o.entities.filter((e) => e.type === "file").map((e) => e.name)).toEqual(files)
    })
  }

  test("an empty command gives nothing", () => expect(bash("   ").entities).toEqual([]))

  test("exit status from metadata, else from the output; non-zero without output lines uses the last line", () => {
    expect(names(bash("make", { output: "make: *** [all] Error 2", metadata: { exit: 2 } }))).toEqual([
      "command:make",
      "error:make: *** [all] Error 2",
    ])
    expect(names(bash("npm test", { output: "all good\nexit code 0" }))).toEqual(["command:npm test"])
    expect(names(bash("./run.sh", { output: "starting\nKilled\nexit code 137" }))).toEqual([
      "command:run.sh",
      "file:run.sh",
      "error:Killed",
    ])
    // No status at all: assume it went fine rather than invent a failure.
    expect(names(bash("npm test", { output: "1 fail" }))).toEqual(["command:npm test"])
  })

  test("the error line is bounded, stripped of colour codes and of the root", () => {
    const line = "\x1b[31merror\x1b[0m: cannot open /home/dev/shop/src/" + "x".repeat(400) + ".ts"
    const o = fromToolCall(
      { tool: "bash", args: { command: "bun test" }, status: "completed", output: line, metadata: { exit: 1 } },
      { root: ROOT },
    )
    const error = o.entities.find((e) => e.type === "error")!
    expect(error.name.startsWith("error: cannot open src/xxx")).toBe(true)
    expect(error.name.length).toBeLessThanOrEqual(160)
  })
})

describe("fromToolCall: paths and robustness", () => {
  test("without a root, opencode's relative title names an absolute file", () => {
    const call: ToolCall = { tool: "read", args: { filePath: "/x/y/src/a.ts" }, status: "completed", title: "src/a.ts" }
    expect(names(fromToolCall(call))).toEqual(["file:src/a.ts"])
    expect(names(fromToolCall({ ...call, title: "other.ts" }))).toEqual(["file:/x/y/src/a.ts"])
  })

  test("a unified diff in a patch body", () => {
    const patchText = "diff --git a/src/a.ts b/src/a.ts\n--- a/src/a.ts\n+++ b/src/a.ts\n@@ -1 +1 @@\n--- not a file\n"
    expect(names(fromToolCall({ tool: "patch", args: { patchText }, status: "completed" }))).toEqual(["file:src/a.ts"])
  })

  test("unknown tools give nothing but their error", () => {
    const ok: ToolCall = { tool: "github_create_issue", args: { title: "src/a.ts broke" }, status: "completed" }
    expect(fromToolCall(ok)).toEqual({ entities: [], relations: [], facts: [] })
    expect(names(fromToolCall({ ...ok, status: "error", error: "HTTPError: 502 Bad Gateway" }))).toEqual([
      "error:HTTPError",
    ])
  })

  test("malformed calls do not throw", () => {
    const odd = [
      { tool: "read", status: "completed" },
      { tool: "edit", args: { filePath: 42 }, status: "error", error: 7 },
      { tool: "bash", args: { command: ["ls"] }, status: "completed", metadata: { exit: "1" } },
      { tool: "multiedit", args: { filePath: "a.ts", edits: [null, 3, { filePath: {} }] }, status: "completed" },
      { tool: "apply_patch", args: { patchText: "\u0000".repeat(50_000) }, status: "completed" },
      { tool: undefined, status: "error", error: "x".repeat(100_000) },
    ] as unknown as ToolCall[]
    for (const call of odd) {
      const o = fromToolCall(call)
      for (const e of o.entities) expect(e.name.length).toBeLessThanOrEqual(200)
    }
  })
})
