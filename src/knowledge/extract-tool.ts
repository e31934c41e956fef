// Entities from one of opencode's built-in tool calls. Arguments are the reliable part (the file an edit touched, the
// command bash ran); outputs are only read for what went wrong. Unknown tools (MCP, plugins) give nothing but their
// error, since their argument shapes mean nothing here.
import { commandOf, EXIT_ONE_IS_ANSWER, errorNameOf, exitCodeOf } from "./extract-command.ts"
import { bound, type ExtractOptions, ObservationBuilder } from "./extract-util.ts"
import { isPathToken, isSymbolName } from "./extract-vocab.ts"
import type { EntityRef, Observation } from "./types.ts"

export interface ToolCall {
  tool: string
  args?: Record<string, unknown>
  status: "completed" | "error"
  output?: string
  error?: string
  title?: string
  metadata?: Record<string, unknown>
}

const FILE_TOOLS = new Set(["read", "edit", "write", "multiedit", "list"])
const PATCH_TOOLS = new Set(["patch", "apply_patch"])
const MAX_PATCH_FILES = 20
// Both patch dialects: opencode's "*** Update File: x" envelope and unified diffs ("+++ b/x", "diff --git a/x b/x").
const PATCH_FILE = new RegExp(
  "^\\*\\*\\* (?:Add|Update|Delete) File: (.+)$|^\\*\\*\\* Move to: (.+)$" +
    "|^(?:\\+\\+\\+|---) (?:[ab]/)?(\\S+)|^diff --git a/(\\S+) b/\\S+",
  "gm",
)
const GLOB_CHARS = /[*?{}[\]]/
// Not failures of anything the project owns: the user said no, or stopped the run.
const NOT_AN_ERROR = /rejected permission|user dismissed|user (?:has )?(?:cancell?ed|aborted)|\baborted\b|interrupted/i

const str = (v: unknown): string | undefined => (typeof v === "string" && v.trim() ? v : undefined)

/**
 * The file a file tool names. opencode sets a read/edit/write call's title to the path relative to the worktree, so
 * an absolute `filePath` ending in that title is named by the title even when the caller gave no root.
 */
function filePathOf(args: Record<string, unknown>, title: string | undefined): string | undefined {
  const raw = str(args.filePath) ?? str(args.file_path) ?? str(args.filepath) ?? str(args.path)
  if (!raw || !title || !raw.startsWith("/") || title.startsWith("/") || title.startsWith("..")) return raw
  return raw.endsWith("/" + title) ? title : raw
}

function patchFiles(b: ObservationBuilder, text: string): EntityRef | undefined {
  let first: EntityRef | undefined
  let n = 0
  for (const m of bound(text).matchAll(PATCH_FILE)) {
    const path = (m[1] ?? m[2] ?? m[3] ?? m[4] ?? "").trim()
    // "---"/"+++" may also be a removed or added line inside a hunk: only a path-shaped one counts.
    if (!path || path === "/dev/null" || ((m[3] || m[4]) && !isPathToken(path, true))) continue
    const ref = b.entity("file", path)
    first ??= ref
    if (++n >= MAX_PATCH_FILES) break
  }
  return first
}

function searchTool(b: ObservationBuilder, tool: string, args: Record<string, unknown>): EntityRef | undefined {
  let subject = b.entity("file", str(args.path))
  const pattern = str(args.pattern)?.slice(0, 300)
  if (!pattern) return subject
  if (tool === "glob") {
    // A literal pattern is a file; otherwise its literal leading directories ("src/**/*.ts" → src).
    const literal = pattern.split("/").findIndex((s) => GLOB_CHARS.test(s))
    const path = literal < 0 ? pattern : pattern.split("/").slice(0, literal).join("/")
    subject = b.entity("file", path) ?? subject
  } else {
    // Grepping for an identifier says that symbol matters ("parseConfig\\(" → parseConfig).
    const name = pattern.replace(/\\?\(.*$/, "").replace(/^\\b|\\b$/g, "")
    if (isSymbolName(name)) b.entity("symbol", name)
  }
  return subject
}

function bash(b: ObservationBuilder, call: ToolCall, root: string | undefined): EntityRef | undefined {
  const command = commandOf(str(call.args?.command) ?? "")
  if (!command) return undefined
  const subject = b.entity("command", command.name)
  for (const file of command.files) b.relate(subject, b.entity("file", file), "uses")
  const output = str(call.metadata?.output) ?? call.output ?? ""
  const exit = exitCodeOf(call.metadata, output)
  if (exit === undefined || exit === 0) return subject
  if (exit === 1 && (EXIT_ONE_IS_ANSWER.has(command.name) || EXIT_ONE_IS_ANSWER.has(command.name.split(" ")[0]!))) {
    return subject
  }
  b.relate(subject, b.entity("error", errorNameOf(output, root, true)), "causes")
  return subject
}

export function fromToolCall(call: ToolCall, options: ExtractOptions = {}): Observation {
  const b = new ObservationBuilder(options.root)
  const tool = typeof call.tool === "string" ? call.tool.toLowerCase() : ""
  const args = call.args && typeof call.args === "object" ? call.args : {}
  let subject: EntityRef | undefined
  if (FILE_TOOLS.has(tool)) {
    subject = b.entity("file", filePathOf(args, call.title))
    if (tool === "multiedit" && Array.isArray(args.edits)) {
      for (const edit of args.edits.slice(0, MAX_PATCH_FILES)) {
        if (edit && typeof edit === "object") b.entity("file", (edit as Record<string, unknown>).filePath)
      }
    }
  } else if (PATCH_TOOLS.has(tool)) {
    subject = patchFiles(b, str(args.patchText) ?? str(args.patch) ?? str(args.input) ?? "")
  } else if (tool === "grep" || tool === "glob") {
    subject = searchTool(b, tool, args)
  } else if (tool === "webfetch") {
    subject = b.entity("url", str(args.url))
  } else if (tool === "bash") {
    subject = bash(b, call, options.root)
  }
  const error = call.status === "error" ? str(call.error) : undefined
  if (error && !NOT_AN_ERROR.test(error.slice(0, 500))) {
    b.relate(subject, b.entity("error", errorNameOf(error, options.root, false)), "related")
  }
  return b.build()
}
