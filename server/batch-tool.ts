// switchboard_batch: several of our tools at once, in parallel, one combined structured result. Only ours:
// switchboard_status and the extension tools we registered, each through the same guarded path as a direct call.
// One entry failing (unknown tool, bad args, timeout) never stops the others.
import { tool, type ToolContext as OpencodeToolContext, type ToolDefinition } from "@opencode-ai/plugin"
import { z } from "zod"
import type { StructuredResult } from "../src/host/types.ts"
import { errorMessage } from "../src/result.ts"
import { withTimeout } from "../src/timeout.ts"
import { describeIssues } from "../src/zod-issues.ts"
import type { Host } from "./host.ts"
import { registeredTool, type ToolRun } from "./tools.ts"

export const BATCH_TOOL = "switchboard_batch"
export const MAX_CALLS = 10
/** switchboard_status waits up to 3 s for start-up; bound it a little above that. */
const STATUS_BOUND_MS = 5000
/** The guarded runner already bounds each extension call; this backstop only covers our own overhead. */
const SLACK_MS = 1000

const callSchema = z.object({
  tool: z.string().min(1).describe("an opencode tool name: switchboard_status or <extension>_<tool>"),
  args: z.record(z.string(), z.unknown()).optional().describe("the tool's arguments"),
})
const argsShape = { calls: z.array(callSchema).min(1).max(MAX_CALLS) }

export interface BatchEntry {
  tool: string
  ok: boolean
  title?: string
  metadata?: Record<string, unknown>
  error?: string
}

interface Runnable {
  run(args: unknown, oc: OpencodeToolContext): Promise<ToolRun>
  boundMs: number
}

const failed = (toolName: string, error: string, output: string): ToolRun => ({
  ok: false,
  error,
  value: { title: `${toolName}: ${error}`, output, metadata: { error } },
})

/** A batch entry's tool, or why it cannot run; only our own tools qualify. */
function resolve(host: Host, tools: Record<string, ToolDefinition>, name: string): Runnable | ToolRun {
  if (name === BATCH_TOOL) return failed(name, "not-allowed", `${BATCH_TOOL} cannot run inside a batch.`)
  const status = tools.switchboard_status
  if (name === "switchboard_status" && status)
    return {
      boundMs: STATUS_BOUND_MS,
      run: async (args, oc) => {
        try {
          return { ok: true, value: (await status.execute((args ?? {}) as never, oc)) as string | StructuredResult }
        } catch (cause) {
          return failed(name, "error", `The tool failed: ${errorMessage(cause)}`)
        }
      },
    }
  const ext = registeredTool(host, name)
  if (ext) return { boundMs: ext.timeoutMs() ?? STATUS_BOUND_MS, run: (args, oc) => ext.run(args ?? {}, oc) }
  return failed(
    name,
    "unknown-tool",
    `"${name}" is not a switchboard tool; a batch runs only switchboard_status and extension tools (<extension>_<tool>).`,
  )
}

const asStructured = (value: string | StructuredResult): StructuredResult => (typeof value === "string" ? { output: value } : value)

export function batchTool(host: Host, tools: Record<string, ToolDefinition>): ToolDefinition {
  return tool({
    description:
      "Run several switchboard tools in parallel (switchboard_status and extension tools <extension>_<tool>, at most " +
      `${MAX_CALLS}) and get one combined result with a section per call. A failing call does not stop the others.`,
    args: argsShape,
    async execute(raw, oc: OpencodeToolContext) {
      // opencode 1.18.33 does not validate plugin tool arguments.
      const parsed = z.object(argsShape).safeParse(raw)
      if (!parsed.success)
        return failed(BATCH_TOOL, "invalid-arguments", `Invalid arguments: ${describeIssues(parsed.error)}`).value
      const calls = parsed.data.calls
      const resolved = calls.map((c) => resolve(host, tools, c.tool))
      // The whole batch is bounded by the longest bound of the tools involved (they run side by side).
      const boundMs = Math.max(0, ...resolved.map((r) => ("run" in r ? r.boundMs : 0))) + SLACK_MS
      const progress = host.progress.start(BATCH_TOOL, (update) => oc.metadata(update))
      let done = 0
      // Entries report their own progress as toasts; opencode's metadata for this call is the batch's "k/N done".
      const inner: OpencodeToolContext = { ...oc, metadata: () => {} }
      const runs = await Promise.all(
        resolved.map(async (r, i): Promise<ToolRun> => {
          const name = calls[i]!.tool
          const outcome: ToolRun =
            "run" in r
              ? await withTimeout(r.run(calls[i]!.args, inner), boundMs, name).then((t) =>
                  t.ok ? t.value : failed(name, "timeout", `The batch stopped waiting after ${boundMs} ms.`),
                )
              : r
          done++
          progress.report({ title: `${done}/${calls.length} done`, metadata: { done, total: calls.length } })
          return outcome
        }),
      )
      progress.finish()
      const results: BatchEntry[] = runs.map((run, i) => {
        const s = asStructured(run.value)
        return {
          tool: calls[i]!.tool,
          ok: run.ok,
          ...(s.title !== undefined ? { title: s.title } : {}),
          ...(s.metadata !== undefined ? { metadata: s.metadata } : {}),
          ...(run.ok ? {} : { error: run.error }),
        }
      })
      const okCount = results.filter((r) => r.ok).length
      return {
        title: `batch: ${okCount} ok, ${results.length - okCount} failed`,
        output: runs.map((run, i) => `## ${calls[i]!.tool}\n${asStructured(run.value).output}`).join("\n\n"),
        metadata: { results },
      }
    },
  })
}
