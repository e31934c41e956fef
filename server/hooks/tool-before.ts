// tool.execute.before → preToolCall: extensions may rewrite the arguments, each seeing the previous rewrite.
import type { Hooks } from "@opencode-ai/plugin"
import { dispatchSequential } from "../../src/host/dispatch.ts"
import { preToolCallResult } from "../../src/host/result-schemas.ts"
import type { PreToolCallEvent, PreToolCallResult } from "../../src/host/types.ts"
import type { Host } from "../host.ts"

type ToolBefore = NonNullable<Hooks["tool.execute.before"]>

const asArgs = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {})

export function toolBefore(host: Host): ToolBefore {
  return async (input, output) => {
    let args = asArgs(output.args)
    host.tools.begin(input.callID, input.tool, input.sessionID, args)
    const active = host.registry.active()
    if (active.length === 0) return
    const results = await dispatchSequential<PreToolCallEvent, PreToolCallResult | undefined | null>(
      active,
      "preToolCall",
      (previous) => {
        const last = previous.at(-1)?.value?.args
        if (last) args = last
        return { tool: input.tool, sessionID: input.sessionID, callID: input.callID, args: structuredClone(args) }
      },
      preToolCallResult,
    )
    const rewritten = [...results].reverse().find((r) => r.value?.args)?.value?.args
    if (!rewritten) return
    output.args = rewritten
    host.tools.rewrite(input.callID, rewritten)
  }
}
