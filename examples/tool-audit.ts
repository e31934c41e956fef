// tool-audit: counts every tool call and every failure per tool, and keeps the tally in the switchboard store, so it
// survives restarts. The model can read it through the tool `tool-audit_stats`, `/tool-stats` asks the model for a
// summary, and the panel `tools` lists the same figures for the TUI.
//
// Install: copy this file to `.opencode/switchboard/extensions/tool-audit.ts` in a project (or to
// `~/.config/opencode/switchboard/extensions/` for every project) and restart opencode. The file name is the
// extension's name. Options are optional; in opencode.json:
//
//   ["opencode-switchboard", { "extensions": { "tool-audit": { "options": { "ignore": ["todoread"] } } } }]
//
// The tally is kept per project directory (the store itself is shared by every project).
import type { ExtensionContext, ExtensionDefinition } from "opencode-switchboard"
import { z } from "zod"

const options = z.object({
  /** Tools not to count, by their exact name (e.g. "todoread"). */
  ignore: z.array(z.string().min(1)).default([]),
  /** Error messages are cut to this many characters before they are stored. */
  errorChars: z.number().int().positive().max(2000).default(200),
})
type Options = z.infer<typeof options>

export interface ToolStats {
  calls: number
  failures: number
  /** Sum of the durations opencode reported, over `timed` calls (some calls carry no duration). */
  totalMs: number
  timed: number
  lastError?: string
  lastErrorAt?: number
}

export interface Tally {
  directory: string
  since: number
  tools: Record<string, ToolStats>
}

// Store keys are limited to 512 characters; a longer directory keeps its (more distinctive) end.
const tallyKey = (directory: string) => `tally:${directory.slice(-500)}`

const emptyTally = (directory: string): Tally => ({ directory, since: Date.now(), tools: {} })

async function readTally(ctx: ExtensionContext<Options>): Promise<Tally> {
  return (await ctx.store.get<Tally>(tallyKey(ctx.directory))) ?? emptyTally(ctx.directory)
}

// postToolCall runs for parallel tool calls at once; read-modify-write through one queue so no count is lost.
let queue: Promise<unknown> = Promise.resolve()
function update(ctx: ExtensionContext<Options>, change: (tally: Tally) => void): Promise<void> {
  const next = queue.then(async () => {
    const tally = await readTally(ctx)
    change(tally)
    await ctx.store.set(tallyKey(ctx.directory), tally)
  })
  queue = next.catch(() => undefined)
  return next
}

interface Row extends ToolStats {
  tool: string
  avgMs?: number
}

/** Most failures first, then most calls, then by name: the order people look for trouble in. */
function rows(tally: Tally): Row[] {
  return Object.entries(tally.tools)
    .map(([tool, s]) => ({ tool, ...s, avgMs: s.timed > 0 ? Math.round(s.totalMs / s.timed) : undefined }))
    .sort((a, b) => b.failures - a.failures || b.calls - a.calls || (a.tool < b.tool ? -1 : a.tool > b.tool ? 1 : 0))
}

const percent = (part: number, whole: number) => (whole === 0 ? "0%" : `${Math.round((part / whole) * 100)}%`)

function describeRow(r: Row): string {
  const avg = r.avgMs === undefined ? "" : `, avg ${r.avgMs} ms`
  return `${r.calls} calls, ${r.failures} failed (${percent(r.failures, r.calls)})${avg}`
}

export default {
  name: "tool-audit",
  version: "1.0.0",
  description: "Counts tool calls and failures per tool",
  options,

  hooks: {
    async postToolCall(e, ctx) {
      if (ctx.options.ignore.includes(e.tool)) return
      await update(ctx, (tally) => {
        const s = (tally.tools[e.tool] ??= { calls: 0, failures: 0, totalMs: 0, timed: 0 })
        s.calls++
        if (e.durationMs !== undefined) {
          s.totalMs += e.durationMs
          s.timed++
        }
        if (e.status === "error") {
          s.failures++
          s.lastError = (e.error ?? "unknown error").slice(0, ctx.options.errorChars)
          s.lastErrorAt = Date.now()
        }
      })
    },
  },

  tools: {
    stats: {
      description:
        "Tool call statistics for this project: calls, failures, failure rate, average duration and the last " +
        "error of each tool, most failures first.",
      args: { tool: z.string().optional().describe("Only this tool (exact name); all tools when left out") },
      async execute(args, ctx) {
        const tally = await readTally(ctx)
        const all = rows(tally)
        const selected = args.tool === undefined ? all : all.filter((r) => r.tool === args.tool)
        const calls = selected.reduce((n, r) => n + r.calls, 0)
        const failures = selected.reduce((n, r) => n + r.failures, 0)
        const since = new Date(tally.since).toISOString()
        const lines = selected.map((r) => {
          const last = r.lastError ? `; last error: ${r.lastError}` : ""
          return `${r.tool}: ${describeRow(r)}${last}`
        })
        const none = args.tool === undefined ? "No tool calls counted yet." : `No calls of "${args.tool}" counted.`
        return {
          title: `${calls} tool call${calls === 1 ? "" : "s"}, ${failures} failed`,
          output: lines.length === 0 ? none : [`Since ${since}:`, ...lines].join("\n"),
          metadata: { since: tally.since, calls, failures, tools: selected },
        }
      },
    },
  },

  commands: {
    "tool-stats": {
      description: "Summarise which tools fail most often in this project",
      template:
        "Call the tool-audit_stats tool, then summarise in a short table which tools fail most often and what " +
        "their last errors have in common. $ARGUMENTS",
    },
  },

  panels: {
    tools: {
      title: "Tool calls",
      description: "Calls and failures per tool in this project",
      async load(ctx) {
        const tally = await readTally(ctx)
        return {
          items: rows(tally).map((r) => ({
            title: r.tool,
            description: describeRow(r),
            footer: r.lastError,
            category: r.failures > 0 ? "failing" : "ok",
          })),
          empty: "No tool calls counted yet.",
        }
      },
    },
  },
} satisfies ExtensionDefinition<Options>
