// project-notes: gives the model a small notes file of yours (conventions, commands, what not to touch) with every
// message you send, without putting it in the system prompt. Switchboard attaches it to your message as a hidden
// part and replays those exact bytes on every later turn, so the provider's prompt cache stays warm; an edit to the
// file reaches the model from your next message on. The file is read again only when its mtime or size changes.
//
// Install: copy this file to `.opencode/switchboard/extensions/project-notes.ts` in a project (or to
// `~/.config/opencode/switchboard/extensions/` for every project), write `.opencode/notes.md`, and restart
// opencode. Options, all optional, in opencode.json:
//
//   ["opencode-switchboard", { "extensions": { "project-notes": { "options": {
//     "file": "docs/agent-notes.md", "maxChars": 6000, "priority": 10
//   } } } }]
//
// With several context extensions, the higher `priority` goes first and survives the token budget first
// (`contextBudgetTokens`, 2000 by default); keep `maxChars` well under four times that budget.
import type { ExtensionDefinition } from "opencode-switchboard"
import { open, stat } from "node:fs/promises"
import { homedir } from "node:os"
import { join, resolve } from "node:path"
import { z } from "zod"

const options = z.object({
  /** The notes file: relative to the project directory, absolute, or starting with `~/`. */
  file: z.string().min(1).default(".opencode/notes.md"),
  /** Longer notes are cut at the last line break before this many characters, with a note saying so. */
  maxChars: z.number().int().positive().max(100_000).default(6000),
  priority: z.number().finite().default(10),
})
type Options = z.infer<typeof options>

interface Cached {
  path: string
  mtimeMs: number
  size: number
  maxChars: number
  context: string
}
let cache: Cached | undefined

export function notesPath(file: string, directory: string): string {
  return resolve(directory, file === "~" || file.startsWith("~/") ? join(homedir(), file.slice(1)) : file)
}

/** Reads at most what `maxChars` can need (4 bytes a character in UTF-8), so a huge file costs no more. */
async function readStart(path: string, maxChars: number, signal: AbortSignal) {
  const handle = await open(path, "r")
  try {
    const buffer = Buffer.alloc(maxChars * 4 + 4)
    signal.throwIfAborted()
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0)
    return { text: buffer.subarray(0, bytesRead).toString("utf8"), bytes: bytesRead }
  } finally {
    await handle.close()
  }
}

/** `more`: the file goes on past what was read. */
export function render(file: string, text: string, maxChars: number, more: boolean): string {
  const header = `Project notes from ${file} (kept by the user; follow them):`
  const notes = text.trim()
  if (notes.length <= maxChars && !more) return `${header}\n\n${notes}`
  const head = notes.slice(0, maxChars)
  const lineEnd = head.lastIndexOf("\n")
  const kept = (lineEnd > maxChars / 2 ? head.slice(0, lineEnd) : head).trimEnd()
  return `${header}\n\n${kept}\n\n[… cut at ${maxChars} characters; the rest is in ${file}]`
}

export default {
  name: "project-notes",
  version: "1.0.0",
  description: "Attaches a project notes file to every message",
  options,

  hooks: {
    async contextPrime(_req, ctx) {
      const { file, maxChars, priority } = ctx.options
      const path = notesPath(file, ctx.directory)
      let info
      try {
        info = await stat(path)
      } catch {
        cache = undefined
        return // no notes file: nothing to add
      }
      if (!info.isFile()) return
      const { mtimeMs, size } = info
      let current = cache
      const fresh = current?.path === path && current.mtimeMs === mtimeMs && current.size === size
      if (!fresh || current!.maxChars !== maxChars) {
        const { text, bytes } = await readStart(path, maxChars, ctx.signal)
        const context = text.trim() ? render(file, text, maxChars, bytes < size) : ""
        current = cache = { path, mtimeMs, size, maxChars, context }
      }
      const context = current!.context
      if (!context) return
      return { context, priority, tokens: Math.ceil(context.length / 4) }
    },
  },
} satisfies ExtensionDefinition<Options>
