// experimental.session.compacting → compacting: extensions may add lines to the compaction prompt's context.
import type { Hooks } from "@opencode-ai/plugin"
import { dispatchParallel } from "../../src/host/dispatch.ts"
import { compactingResult } from "../../src/host/result-schemas.ts"
import type { Compactions } from "../../src/host/compactions.ts"
import type { Host } from "../host.ts"

type Compacting = NonNullable<Hooks["experimental.session.compacting"]>

export function compactingHook(host: Host, compacting: Compactions): Compacting {
  return async (input, output) => {
    compacting.start(input.sessionID)
    const active = host.registry.active()
    if (active.length === 0) return
    const results = await dispatchParallel(active, "compacting", { sessionID: input.sessionID }, compactingResult)
    for (const r of results) output.context.push(...(r.value?.context ?? []))
  }
}
