// tool.execute.after → postToolCall for calls that succeeded (failures arrive as tool parts; see event.ts).
import type { Hooks } from "@opencode-ai/plugin"
import { dispatchParallel } from "../../src/host/dispatch.ts"
import { noResult } from "../../src/host/result-schemas.ts"
import type { PostToolCallEvent } from "../../src/host/types.ts"
import type { Host } from "../host.ts"

type ToolAfter = NonNullable<Hooks["tool.execute.after"]>

export function reportToolCall(host: Host, event: PostToolCallEvent | undefined) {
  if (!event) return
  const active = host.registry.active()
  if (active.length === 0) return
  // Observers only: opencode need not wait for them.
  void dispatchParallel(active, "postToolCall", event, noResult)
}

export function toolAfter(host: Host): ToolAfter {
  return async (input, output) => {
    reportToolCall(
      host,
      host.tools.completed({
        callID: input.callID,
        tool: input.tool,
        sessionID: input.sessionID,
        args: input.args,
        title: output.title,
        output: typeof output.output === "string" ? output.output : undefined,
        metadata: output.metadata,
      }),
    )
  }
}
