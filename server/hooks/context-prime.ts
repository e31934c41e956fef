// experimental.chat.messages.transform → contextPrime. What extensions inject for a user message is computed once,
// attached to that message as a synthetic part, and replayed byte for byte on every later step and turn, so the
// prompt prefix never changes under the provider's cache (the system prompt is left alone).
import type { Hooks } from "@opencode-ai/plugin"
import type { Part, TextPart } from "@opencode-ai/sdk"
import { mergeContext } from "../../src/host/context-merge.ts"
import { dispatchParallel, implementsHook } from "../../src/host/dispatch.ts"
import { contextPrimeResult } from "../../src/host/result-schemas.ts"
import type { ContextPrimeRequest } from "../../src/host/types.ts"
import type { Compactions } from "../../src/host/compactions.ts"
import type { Host } from "../host.ts"

type Transform = NonNullable<Hooks["experimental.chat.messages.transform"]>

const MAX_CACHED = 1000
export const CONTEXT_PART_SUFFIX = "switchboard-context"

export interface InjectionRecord {
  messageID: string
  sessionID: string
  text: string
  included: string[]
  dropped: string[]
}

/** Blocks by user message id, oldest evicted first. An empty block is cached too: "nothing" is also stable. */
export class InjectionCache {
  private readonly blocks = new Map<string, InjectionRecord>()
  get(messageID: string) {
    return this.blocks.get(messageID)
  }
  set(record: InjectionRecord) {
    if (this.blocks.size >= MAX_CACHED) this.blocks.delete(this.blocks.keys().next().value!)
    this.blocks.set(record.messageID, record)
  }
  last(sessionID: string): InjectionRecord | undefined {
    return [...this.blocks.values()].reverse().find((r) => r.sessionID === sessionID)
  }
}

const textOf = (parts: Part[]) =>
  parts
    .filter((p): p is TextPart => p.type === "text" && !p.synthetic && !p.ignored)
    .map((p) => p.text)
    .join("\n\n")

function attach(message: { info: { id: string; sessionID: string }; parts: Part[] }, text: string) {
  const id = `${message.info.id}-${CONTEXT_PART_SUFFIX}`
  if (!text || message.parts.some((p) => p.id === id)) return
  message.parts.push({ id, sessionID: message.info.sessionID, messageID: message.info.id, type: "text", text, synthetic: true })
}

export function contextPrime(host: Host, cache: InjectionCache, compacting: Compactions): Transform {
  return async (_input, output) => {
    const users = output.messages.filter((m) => m.info.role === "user")
    const current = users.at(-1)
    if (!current) return
    // A compaction summarises the conversation; injected knowledge would only be summarised into it.
    if (compacting.has(current.info.sessionID)) return
    for (const m of users) {
      const record = cache.get(m.info.id)
      if (record) attach(m, record.text)
    }
    if (cache.get(current.info.id)) return
    const active = host.registry.active().filter((e) => implementsHook(e, "contextPrime"))
    if (active.length === 0) return
    const request: ContextPrimeRequest = { sessionID: current.info.sessionID, messageID: current.info.id, text: textOf(current.parts) }
    const results = await dispatchParallel(active, "contextPrime", request, contextPrimeResult)
    const merged = mergeContext(results, host.options.contextBudgetTokens)
    cache.set({ messageID: current.info.id, sessionID: current.info.sessionID, ...merged })
    attach(current, merged.text)
  }
}
