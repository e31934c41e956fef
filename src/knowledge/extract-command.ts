// Shell commands and error lines, reduced to stable names: "cd /repo && CI=1 sudo npm test -- --watch" is the command
// "npm test", and a failing run's output is its first error line (or the error name in it), so repeated runs of the
// same thing land on the same entities instead of one per invocation.
import { bound, normalisePath, relativiseIn, stripAnsi } from "./extract-util.ts"
import { isPathToken, knownErrorToken } from "./extract-vocab.ts"

// Tools whose second word is a subcommand ("git status", "npm test"); for anything else the second word is an
// argument ("cat notes", "ls src") and is dropped.
const SUBCOMMANDS = new Set(
  ("npm npx pnpm pnpx yarn bun bunx deno git gh cargo go docker kubectl helm terraform pip pip3 uv poetry make just " +
    "dotnet brew apt apt-get rustup opencode switchboard systemctl").split(" "),
)
const OTHER_CLIS = new Set(
  ("node python python3 pytest tsc eslint prettier vitest jest biome curl wget ruby bundle rails mvn gradle rustc " +
    "sh bash zsh ls cat rg grep find sed awk").split(" "),
)
// Runners whose "run"/"exec"/"x" needs the script name to mean anything: "bun run build" ≠ "bun run test".
const RUNNERS = new Set(["npm", "pnpm", "yarn", "bun", "deno"])
const RUN_WORDS = new Set(["run", "exec", "x", "dlx", "run-script"])
// Setup steps before the command that matters, skipped when something follows them.
const TRIVIAL = new Set(["cd", "pushd", "popd", "export", "set", "unset", "source", ".", "true", ":", "sleep"])
const WRAPPERS = new Set(["sudo", "env", "time", "nohup", "exec", "command", "builtin", "nice", "timeout", "xargs"])
const FLAG_WITH_VALUE = new Set(["-C", "-c", "--cwd", "--prefix", "--dir", "--filter", "-F", "-w", "--workspace"])
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/
const SUBCOMMAND = /^[a-z][\w:.-]*$/
// Commands for which exit status 1 means "no" rather than "failed" (no match, files differ, not found).
export const EXIT_ONE_IS_ANSWER = new Set(["grep", "rg", "test", "[", "diff", "cmp", "which", "pgrep", "git diff"])

export function isKnownCli(word: string): boolean {
  return SUBCOMMANDS.has(word) || OTHER_CLIS.has(word)
}

export interface Command {
  /** At most the first two words (three for "bun run build"), wrappers and env assignments stripped. */
  name: string
  /** Files named in the arguments (a script it runs, a file it reads), at most three. */
  files: string[]
}

function words(segment: string): string[] {
  const tokens = segment.trim().replace(/^[({]+\s*/, "").split(/\s+/).filter(Boolean)
  let i = 0
  while (i < tokens.length) {
    const t = tokens[i]!
    if (ASSIGNMENT.test(t)) i++
    else if (WRAPPERS.has(t)) {
      i++
      // Wrapper flags and their values ("sudo -u deploy", "timeout 30").
      while (i < tokens.length && (tokens[i]!.startsWith("-") || /^\d+[smh]?$/.test(tokens[i]!))) {
        i += /^-[ug]$/.test(tokens[i]!) ? 2 : 1
      }
    } else break
  }
  return tokens.slice(i).map((t) => t.replace(/^["']|["']$/g, ""))
}

export function commandOf(commandLine: string): Command | undefined {
  const segments = bound(commandLine, 2000).split(/&&|\|\||[;|\n]/)
  let chosen: string[] | undefined
  for (const segment of segments) {
    const w = words(segment)
    if (!w.length) continue
    chosen ??= w
    if (!TRIVIAL.has(w[0]!)) {
      chosen = w
      break
    }
  }
  if (!chosen) return undefined
  let first = chosen[0]!
  const files: string[] = []
  if (first.includes("/")) {
    // A script ("./scripts/ship.sh") is named by its path; a binary ("node_modules/.bin/tsc") by its basename.
    const base = first.slice(first.lastIndexOf("/") + 1)
    const script = base.includes(".") && isPathToken(first)
    if (script) files.push(normalisePath(first))
    first = script ? normalisePath(first) : base
  }
  if (!first) return undefined
  let name = first
  let rest = 1
  if (SUBCOMMANDS.has(first)) {
    // Global flags before the subcommand: "git -C /x status" is "git status", and /x is no file of the project.
    while (chosen[rest]?.startsWith("-")) rest += FLAG_WITH_VALUE.has(chosen[rest]!) ? 2 : 1
    const second = chosen[rest]
    if (second && SUBCOMMAND.test(second) && !isPathToken(second)) {
      name += " " + second
      rest++
      const third = chosen[rest]
      if (third && RUNNERS.has(first) && RUN_WORDS.has(second) && SUBCOMMAND.test(third)) {
        name += " " + third
        rest++
      }
    }
  }
  // "cd /repo" says where, not what: no file.
  for (const arg of TRIVIAL.has(first) ? [] : chosen.slice(rest, rest + 12)) {
    if (files.length >= 3) break
    if (!arg.startsWith("-") && isPathToken(arg)) files.push(normalisePath(arg))
  }
  return { name, files: files.filter(Boolean) }
}

const EXIT_IN_OUTPUT = /\bexit(?:ed)?(?: with)?(?: code| status)?:?\s+(\d{1,3})\b/i

/** The exit status: opencode's `metadata.exit`, else an "exit code N" in the output. */
export function exitCodeOf(metadata: Record<string, unknown> | undefined, output: string): number | undefined {
  const exit = metadata?.exit
  if (typeof exit === "number" && Number.isFinite(exit)) return exit
  const m = EXIT_IN_OUTPUT.exec(bound(output))
  return m ? Number(m[1]) : undefined
}

const ERROR_WORDS =
  "error|errors|failed|failure|fatal|exception|panic(?:ked)?|traceback|cannot|can't|could not|not found|" +
  "no such file|permission denied|refused|segmentation fault|assertion"
const ERROR_LINE = new RegExp(`\\b(?:${ERROR_WORDS})\\b|npm ERR!|\\(fail\\)`, "i")
const NOT_AN_ERROR_LINE = /\b0 (?:errors?|fail(?:ed|ures?)?)\b|\bno errors?\b|\berrors?: 0\b/i

/**
 * A stable name for what went wrong: an error name in the first error line ("TypeError", "ENOENT", "TS2322"), else
 * that line itself, trimmed and bounded. `errorLinesOnly` is for command output, where the first line that looks
 * like an error wins; a tool's error message is all error, so its first line will do.
 */
export function errorNameOf(text: string, root: string | undefined, errorLinesOnly: boolean): string | undefined {
  const lines = stripAnsi(bound(text)).split("\n", 2000)
  let line: string | undefined
  for (const l of lines) {
    if (!l.trim()) continue
    if (!errorLinesOnly || (ERROR_LINE.test(l) && !NOT_AN_ERROR_LINE.test(l))) {
      line = l
      break
    }
  }
  // Output with no recognisable error line: its last line is usually the verdict ("Aborted", "Killed").
  line ??= errorLinesOnly ? lines.findLast((l) => l.trim() && !EXIT_IN_OUTPUT.test(l)) : undefined
  if (!line) return undefined
  const token = knownErrorToken(line)
  if (token) return token
  const cleaned = relativiseIn(line, root)
    .replace(/^[\s>✗×✖!*|-]+/u, "")
    .replace(/\s+/g, " ")
    .trim()
  return cleaned.length > 160 ? cleaned.slice(0, 159) + "…" : cleaned || undefined
}
