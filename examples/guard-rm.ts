// guard-rm: refuses shell commands that would delete the root directory, a top-level system directory, your home
// directory or the whole working directory (`rm -rf /`, `sudo rm -r ~`, `rm -rf "$EMPTY"/*`, `rm -rf .`…). Before
// opencode runs such a `bash` call, its command is replaced by one that only prints why it was refused and exits
// with status 1, so the model sees the refusal and nothing is deleted. Each refusal is logged and emitted on the
// switchboard bus as `guard-rm:refused` ({tool, sessionID, callID, reason}) for other extensions.
//
// It reads the command as text, with a small tokeniser, not a shell: `eval`, scripts, `xargs rm`, `find -delete`
// and the like get through. Like every switchboard hook it fails open: if it throws, times out or its breaker is
// open, the command runs unchanged. It is a seat belt against accidents, not a sandbox: use opencode's `permission`
// settings to decide what may run at all.
//
// Install: copy this file to `.opencode/switchboard/extensions/guard-rm.ts` in a project (or to
// `~/.config/opencode/switchboard/extensions/` for every project) and restart opencode. Options, all optional,
// in opencode.json:
//
//   ["opencode-switchboard", { "extensions": { "guard-rm": { "options": {
//     "patterns": ["\\bgit\\s+push\\s+.*--force\\b", { "pattern": "\\bmkfs\\b", "reason": "formats a disk" }],
//     "tools": ["bash"],
//     "builtins": true
//   } } } }]
//
// `patterns` are JavaScript regular expressions tested against the whole command; a pattern that does not compile
// keeps the extension from loading, and switchboard says which one and why.
import type { ExtensionDefinition } from "opencode-switchboard"
import { z } from "zod"

const compiles = (pattern: string, flags?: string) => {
  try {
    new RegExp(pattern, flags)
    return true
  } catch {
    return false
  }
}

const rule = z
  .union([
    z.string().min(1),
    z.object({
      pattern: z.string().min(1),
      flags: z.string().regex(/^[imsu]*$/, "expected regular expression flags among i, m, s, u").optional(),
      reason: z.string().min(1).optional(),
    }),
  ])
  .transform((r) => (typeof r === "string" ? { pattern: r, flags: undefined, reason: undefined } : r))
  .refine((r) => compiles(r.pattern, r.flags), { message: "not a valid regular expression" })
  .transform((r) => ({ regex: new RegExp(r.pattern, r.flags), reason: r.reason ?? `matches /${r.pattern}/` }))

const options = z.object({
  /** Extra regular expressions (strings, or {pattern, flags, reason}) that refuse a command. */
  patterns: z.array(rule).default([]),
  /** Tools whose `command` argument is checked. */
  tools: z.array(z.string().min(1)).default(["bash"]),
  /** false: only `patterns` apply, not the built-in `rm` checks. */
  builtins: z.boolean().default(true),
})
type Options = z.infer<typeof options>

// ---------------------------------------------------------------- reading a command line

/** Splits a command line into simple commands of words, with quotes removed; ;, &, |, newlines and () separate. */
export function simpleCommands(line: string): string[][] {
  const commands: string[][] = []
  let words: string[] = []
  let word = ""
  let inWord = false
  let quote: "'" | '"' | undefined
  const endWord = () => {
    if (inWord) words.push(word)
    word = ""
    inWord = false
  }
  const endCommand = () => {
    endWord()
    if (words.length > 0) commands.push(words)
    words = []
  }
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!
    if (quote) {
      if (c === quote) quote = undefined
      else if (c === "\\" && quote === '"' && i + 1 < line.length) word += line[++i]
      else word += c
    } else if (c === "'" || c === '"') {
      quote = c
      inWord = true
    } else if (c === "\\" && i + 1 < line.length) {
      word += line[++i]
      inWord = true
    } else if (/[;&|\n()`]/.test(c)) endCommand()
    else if (/\s/.test(c)) endWord()
    else {
      word += c
      inWord = true
    }
  }
  endCommand()
  return commands
}

/** Words that run the next word as the command (`sudo rm …`). */
const WRAPPERS = new Set(["sudo", "doas", "command", "builtin", "exec", "nice", "nohup", "time", "env", "ionice",
  "stdbuf", "timeout", "then", "do", "else", "{", "!"])

/** The arguments of `rm` when this simple command runs rm, after any wrappers, their options and assignments. */
function rmArguments(words: string[]): string[] | undefined {
  let optionArgument = false
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!
    if (w === "rm" || w.endsWith("/rm")) return words.slice(i + 1)
    const skippable =
      WRAPPERS.has(w) || w.startsWith("-") || /^[A-Za-z_]\w*=/.test(w) || /^\d+[smhd]?$/.test(w) || optionArgument
    if (!skippable) return undefined
    // `sudo -u root rm`: the word after an option may be its value.
    optionArgument = w.startsWith("-") && !w.includes("=")
  }
  return undefined
}

/** Why deleting `target` recursively would be a disaster, or undefined when it is an ordinary path. */
export function dangerousTarget(target: string): string | undefined {
  const t = target.replace(/\/{2,}/g, "/")
  if (/^\/(\.|\*|\.\*)?$/.test(t)) return "deletes the root directory"
  if (/^\/[^/]+\/?(\*|\.\*)?$/.test(t)) return `deletes the top-level directory ${t.replace(/\/?(\*|\.\*)?$/, "")}`
  if (/^(~|\$HOME|\$\{HOME\})\/?(\*|\.\*)?$/.test(t)) return "deletes your home directory"
  if (/^(\.{1,2}\/?|\.\*|\*|\.{1,2}\/\*)$/.test(t)) return "deletes the whole current or parent directory"
  if (/^\$\{?[A-Za-z_]\w*\}?\/(\*|\.\*)?$/.test(t))
    return `is the root directory when ${t.replace(/\/.*$/, "")} is empty`
  return undefined
}

/** The built-in check: a recursive rm of a dangerous target, or rm told not to protect the root. */
export function builtinReason(command: string): string | undefined {
  for (const words of simpleCommands(command)) {
    const args = rmArguments(words)
    if (!args) continue
    let recursive = false
    let endOfOptions = false
    const targets: string[] = []
    for (const a of args) {
      if (!endOfOptions && a === "--") endOfOptions = true
      else if (!endOfOptions && a === "--no-preserve-root") return "rm --no-preserve-root"
      else if (!endOfOptions && a === "--recursive") recursive = true
      else if (!endOfOptions && /^-[^-]/.test(a)) recursive ||= /[rR]/.test(a)
      else if (endOfOptions || !a.startsWith("--")) targets.push(a)
    }
    if (!recursive) continue
    for (const target of targets) {
      const why = dangerousTarget(target)
      if (why) return `rm -r ${target} ${why}`
    }
  }
  return undefined
}

/** The reason to refuse `command`, or undefined to let it run. */
export function refusal(command: string, opts: Options): string | undefined {
  if (opts.builtins) {
    const why = builtinReason(command)
    if (why) return why
  }
  return opts.patterns.find((p) => p.regex.test(command))?.reason
}

const shellQuote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`

export default {
  name: "guard-rm",
  version: "1.0.0",
  description: "Refuses shell commands that would delete /, ~ or the whole working directory",
  options,

  hooks: {
    async preToolCall(e, ctx) {
      if (!ctx.options.tools.includes(e.tool)) return
      const command = e.args.command
      if (typeof command !== "string") return
      const reason = refusal(command, ctx.options)
      if (!reason) return
      ctx.log.warn(`refused a ${e.tool} command: ${reason}`, { command, sessionID: e.sessionID, callID: e.callID })
      // Not awaited: a slow subscriber must not make this hook time out, which would let the command through.
      void ctx.bus.emit("guard-rm:refused", { tool: e.tool, sessionID: e.sessionID, callID: e.callID, reason })
      // The original command is not echoed: printing it back through a shell would need it quoted perfectly.
      const message = `refused by guard-rm: ${reason}. Nothing was run; do not retry this command.`
      return { args: { ...e.args, command: `echo ${shellQuote(message)} >&2; exit 1` } }
    },
  },
} satisfies ExtensionDefinition<Options>
