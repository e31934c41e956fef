// Extension tools → opencode tools named `<extension>_<tool>`. opencode 1.18.33 does not validate plugin tool
// arguments, so we do, before execute. Each call resolves the extension's current instance, so a hot reload
// takes effect at once; the set of names is fixed when opencode builds its tool list (at start-up).
import { tool, type ToolContext as OpencodeToolContext, type ToolDefinition } from "@opencode-ai/plugin"
import { z } from "zod"
import { structuredResult } from "../src/host/result-schemas.ts"
import type { CallResult, StructuredResult, ToolContext } from "../src/host/types.ts"
import { describeIssues } from "../src/zod-issues.ts"
import type { Host } from "./host.ts"

const failure = (name: string, output: string, kind: string): StructuredResult => ({
  title: `${name}: ${kind}`,
  output,
  metadata: { error: kind },
})

function explain(name: string, result: Exclude<CallResult<unknown>, { kind: "ok" }>, timeoutMs: number): StructuredResult {
  switch (result.kind) {
    case "error":
      return failure(name, `The tool failed: ${result.error}`, "error")
    case "timeout":
      return failure(name, `The tool timed out after ${timeoutMs} ms.`, "timeout")
    case "rejected":
      return failure(name, `The tool is unavailable right now: ${result.reason}`, "rejected")
    case "invalid":
      return failure(name, `The tool returned a result switchboard could not use: ${result.issues}`, "invalid")
  }
}

function extensionTool(host: Host, extension: string, key: string, args: z.ZodRawShape, description: string): ToolDefinition {
  const name = `${extension}_${key}`
  return tool({
    description,
    args,
    async execute(raw, oc: OpencodeToolContext) {
      const ext = host.registry.get(extension)
      if (!ext) {
        const why = host.registry.info(extension)?.reason ?? "not loaded"
        return failure(name, `Extension "${extension}" is not active (${why}).`, "inactive")
      }
      const def = ext.definition.tools?.[key]
      if (!def) return failure(name, `Extension "${extension}" no longer provides the tool "${key}" (it was reloaded).`, "gone")
      const parsed = z.object(def.args).safeParse(raw)
      if (!parsed.success) return failure(name, `Invalid arguments: ${describeIssues(parsed.error)}`, "invalid-arguments")
      const result = await ext.invoke(
        `tool:${key}`,
        (ctx) => {
          const toolCtx: ToolContext = {
            ...ctx,
            signal: AbortSignal.any([ctx.signal, oc.abort]),
            sessionID: oc.sessionID,
            messageID: oc.messageID,
            callID: (oc as { callID?: string }).callID ?? "",
            agent: oc.agent,
            progress: (update) => {
              try {
                oc.metadata(update)
              } catch {
                // opencode 1.18.33 drops plugin tool metadata (upstream #37877); progress is best effort
              }
            },
          }
          return def.execute(parsed.data, toolCtx)
        },
        structuredResult,
      )
      if (result.kind !== "ok") return explain(name, result, ext.stability.timeoutMs)
      return result.value
    },
  })
}

/** Fills opencode's tool map with every active extension's tools; names already taken are skipped and logged. */
export function registerExtensionTools(host: Host, target: Record<string, ToolDefinition>, log: (m: string) => void) {
  for (const ext of host.registry.active()) {
    for (const [key, def] of Object.entries(ext.definition.tools ?? {})) {
      const name = `${ext.name}_${key}`
      if (name in target) {
        log(`switchboard: tool "${name}" of extension "${ext.name}" clashes with an existing tool; not registered`)
        continue
      }
      target[name] = extensionTool(host, ext.name, key, def.args, def.description)
    }
  }
}
