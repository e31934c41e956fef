import { describe, expect, test } from "bun:test"
import { preToolCallResult } from "../../../src/host/result-schemas.ts"
import type { ExtensionDefinition, PreToolCallEvent } from "../../../src/host/types.ts"
import { fakeContext, loadExample } from "./fake-context.ts"

const def: ExtensionDefinition = await loadExample("guard-rm.ts")
const pre = def.hooks!.preToolCall!

const bash = (command: string, tool = "bash"): PreToolCallEvent => ({
  tool,
  sessionID: "ses_1",
  callID: "call_1",
  args: { command, description: "does things" },
})

async function check(command: string, options?: unknown, tool?: string) {
  const ctx = fakeContext(def, options, "/proj")
  // The host validates every result before applying it; so does this test.
  const result = preToolCallResult.parse(await pre(bash(command, tool), ctx))
  return { result, ctx }
}

const REFUSED = [
  ["rm -rf /", "deletes the root directory"],
  ["rm -rf /*", "deletes the root directory"],
  ["sudo rm -rf /", "deletes the root directory"],
  ["sudo -u root rm -r -f //", "deletes the root directory"],
  ["/bin/rm -Rf /usr", "deletes the top-level directory /usr"],
  ["\\rm -rf /etc/*", "deletes the top-level directory /etc"],
  ["rm -r -f ~", "deletes your home directory"],
  ["rm -fr $HOME/", "deletes your home directory"],
  ['rm --recursive --force "${HOME}"', "deletes your home directory"],
  ["cd src && rm -rf .", "deletes the whole current or parent directory"],
  ["echo ok; rm -rf ..", "deletes the whole current or parent directory"],
  ["rm -rf *", "deletes the whole current or parent directory"],
  ['rm -rf "$BUILD_DIR"/*', "is the root directory when $BUILD_DIR is empty"],
  ["rm -rf ${OUT}/", "is the root directory when ${OUT} is empty"],
  ["rm -r --no-preserve-root /tmp/x", "rm --no-preserve-root"],
  ["timeout 10 rm -rf -- /", "deletes the root directory"],
  ["ls | xargs echo; (rm -rf ~)", "deletes your home directory"],
] as const

const ALLOWED = [
  "rm -rf node_modules",
  "rm -rf ./dist",
  "rm -rf /tmp/build-123",
  'rm -rf "$BUILD_DIR/out"',
  "rm -f /",
  "rm notes.txt",
  'echo "rm -rf /"',
  "echo rm -rf /",
  "git rm -r --cached .",
  "grep -r 'rm -rf /' .",
  "ls -la /",
]

describe("examples/guard-rm.ts", () => {
  for (const [command, why] of REFUSED) {
    test(`refuses: ${command}`, async () => {
      const { result, ctx } = await check(command)
      expect(result?.args.description).toBe("does things")
      const rewritten = result?.args.command as string
      expect(rewritten).toStartWith("echo 'refused by guard-rm: ")
      expect(rewritten).toEndWith(" >&2; exit 1")
      expect(rewritten).toContain(why.replaceAll("'", "'\\''"))
      expect(ctx.logs[0]).toMatchObject({ level: "warn", extra: { command } })
      const payload = expect.objectContaining({ tool: "bash", callID: "call_1" })
      expect(ctx.emitted).toEqual([{ topic: "guard-rm:refused", payload }])
    })
  }

  for (const command of ALLOWED) {
    test(`allows: ${command}`, async () => {
      const { result, ctx } = await check(command)
      expect(result).toBeUndefined()
      expect(ctx.emitted).toEqual([])
    })
  }

  test("the rewritten command really only prints the refusal (run in a shell)", async () => {
    const { result } = await check("rm -rf '/'\"'\"'")
    const { result: quoted } = await check("rm -rf \"$X\"/")
    for (const r of [result, quoted]) {
      const proc = Bun.spawnSync(["sh", "-c", r!.args.command as string])
      expect(proc.exitCode).toBe(1)
      expect(proc.stdout.toString()).toBe("")
      expect(proc.stderr.toString()).toStartWith("refused by guard-rm: rm -r ")
    }
  })

  test("other tools and arguments that are not a command string are left alone", async () => {
    expect((await check("rm -rf /", undefined, "edit")).result).toBeUndefined()
    const ctx = fakeContext(def, undefined, "/proj")
    const argv = { tool: "bash", sessionID: "s", callID: "c", args: { command: ["rm", "-rf", "/"] } }
    expect(await pre(argv, ctx)).toBeUndefined()
  })

  test("options: extra patterns (string or {pattern, flags, reason}), other tools, built-ins off", async () => {
    const options = {
      patterns: ["\\bgit\\s+push\\b.*--force\\b", { pattern: "\\bMKFS\\b", flags: "i", reason: "formats a disk" }],
      tools: ["bash", "shell"],
    }
    expect((await check("git push origin main --force", options)).result?.args.command).toContain("matches /")
    expect((await check("sudo mkfs.ext4 /dev/sda1", options, "shell")).result?.args.command).toContain("formats a disk")
    expect((await check("git push origin main", options)).result).toBeUndefined()
    expect((await check("rm -rf /", { builtins: false })).result).toBeUndefined()
  })

  test("a pattern that does not compile keeps the extension from loading, with the reason", () => {
    const load = (patterns: unknown) => () => fakeContext(def, { patterns }, "/proj")
    expect(load(["(unclosed"])).toThrow("options.patterns.0: not a valid regular expression")
    expect(load([{ pattern: "x", flags: "g" }])).toThrow("options.patterns.0.flags")
  })
})
