// Extension tools → opencode tools named `<extension>_<tool>`. opencode 1.18.33 does not validate plugin tool
// arguments, so we do, before execute. Each call resolves the extension's current instance, so a hot reload
// takes effect at once; the set of names is fixed when opencode builds its tool list (at start-up).
import { tool, type ToolContext as OpencodeToolContext, type ToolDefinition } from "@opencode-ai/plugin"
import { z } from "zod"
import { structuredResult } from "../src/host/result-schemas.ts"
import type { CallResult, StructuredResult, ToolContext } from "../src/host/types.ts"
import { describeIssues } from "../src/zod-issues.ts"
import type { Host } from "./host.ts"

/** One tool call's outcome: a failure carries its kind, so callers (the batch) need not guess from metadata. */
export type ToolRun =
  | { ok: true; value: string | StructuredResult }
  | { ok: false; error: string; value: StructuredResult }

const failure = (name: string, output: string, kind: string): ToolRun => ({
  ok: false,
  error: kind,
  value: { title: `${name}: ${kind}`, output, metadata: { error: kind } },
})

function explain(name: string, result: Exclude<CallResult<unknown>, { kind: "ok" }>, timeoutMs: number): ToolRun {
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

/** Runs one extension tool the one way: active check, argument validation, guarded invoke, failures explained. */
async function runExtensionTool(
  host: Host,
  extension: string,
  key: string,
  raw: unknown,
  oc: OpencodeToolContext,
): Promise<ToolRun> {
  const name = `${extension}_${key}`
  const ext = host.registry.get(extension)
  if (!ext) {
    const why = host.registry.info(extension)?.reason ?? "not loaded"
    return failure(name, `Extension "${extension}" is not active (${why}).`, "inactive")
  }
  const def = ext.definition.tools?.[key]
  if (!def) return failure(name, `Extension "${extension}" no longer provides the tool "${key}" (it was reloaded).`, "gone")
  const parsed = z.object(def.args).safeParse(raw)
  if (!parsed.success) return failure(name, `Invalid arguments: ${describeIssues(parsed.error)}`, "invalid-arguments")
  const progress = host.progress.start(name, (update) => oc.metadata(update))
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
        progress: (update) => progress.report(update),
      }
      return def.execute(parsed.data, toolCtx)
    },
    structuredResult,
  )
  progress.finish()
  if (result.kind !== "ok") return explain(name, result, ext.stability.timeoutMs)
  return { ok: true, value: result.value }
}

function extensionTool(host: Host, extension: string, key: string, args: z.ZodRawShape, description: string): ToolDefinition {
  return tool({
    description,
    args,
    async execute(raw, oc: OpencodeToolContext) {
      return (await runExtensionTool(host, extension, key, raw, oc)).value
    },
  })
}

/** An extension tool by its opencode name, as registered; the batch runs it through the same path. */
export interface RegisteredTool {
  extension: string
  key: string
  run(raw: unknown, oc: OpencodeToolContext): Promise<ToolRun>
  /** The guarded runner's bound for this tool's extension right now (undefined when it is not active). */
  timeoutMs(): number | undefined
}

const registered = new WeakMap<Host, Map<string, RegisteredTool>>()

/** The extension tools registerExtensionTools gave opencode, by opencode name. */
export function registeredTool(host: Host, name: string): RegisteredTool | undefined {
  return registered.get(host)?.get(name)
}

/** Fills opencode's tool map with every active extension's tools; names already taken are skipped and logged. */
export function registerExtensionTools(host: Host, target: Record<string, ToolDefinition>, log: (m: string) => void) {
  const mine = registered.get(host) ?? new Map<string, RegisteredTool>()
  registered.set(host, mine)
  for (const ext of host.registry.active()) {
    for (const [key, def] of Object.entries(ext.definition.tools ?? {})) {
      const name = `${ext.name}_${key}`
      if (name in target) {
        log(`switchboard: tool "${name}" of extension "${ext.name}" clashes with an existing tool; not registered`)
        continue
      }
      const extension = ext.name
      target[name] = extensionTool(host, extension, key, def.args, def.description)
      mine.set(name, {
        extension,
        key,
        run: (raw, oc) => runExtensionTool(host, extension, key, raw, oc),
        timeoutMs: () => host.registry.get(extension)?.stability.timeoutMs,
      })
    }
  }
}
