// experimental.chat.messages.transform → contextPrime. What extensions inject for a user message is computed once,
// attached to that message as a synthetic part, and replayed byte for byte on every later step and turn, so the
// prompt prefix never changes under the provider's cache (the system prompt is left alone).
import type { Database } from "bun:sqlite"
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

/**
 * Blocks by user message id, oldest evicted first, written through to the store so a restarted opencode sends the
 * same bytes for old messages. An empty block is kept too: "nothing" is also stable.
 */
export class InjectionCache {
  private readonly blocks = new Map<string, InjectionRecord>()

  constructor(
    private readonly db: () => Database | undefined = () => undefined,
    private readonly project = "",
  ) {}

  get(messageID: string): InjectionRecord | undefined {
    const found = this.blocks.get(messageID)
    if (found) return found
    const row = this.read(messageID)
    if (row) this.remember(row)
    return row
  }

  set(record: InjectionRecord) {
    this.remember(record)
    try {
      this.db()
        ?.query(
          `INSERT OR IGNORE INTO injections (message_id, session_id, project, text, included, dropped, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(record.messageID, record.sessionID, this.project, record.text, JSON.stringify(record.included), JSON.stringify(record.dropped), Date.now())
    } catch {
      // the in-memory copy still keeps this process byte-stable
    }
  }

  private remember(record: InjectionRecord) {
    if (this.blocks.size >= MAX_CACHED) this.blocks.delete(this.blocks.keys().next().value!)
    this.blocks.set(record.messageID, record)
  }

  private read(messageID: string): InjectionRecord | undefined {
    try {
      const row = this.db()
        ?.query("SELECT message_id, session_id, text, included, dropped FROM injections WHERE message_id = ?")
        .get(messageID) as { message_id: string; session_id: string; text: string; included: string; dropped: string } | null
      if (!row) return undefined
      return { messageID: row.message_id, sessionID: row.session_id, text: row.text, included: JSON.parse(row.included), dropped: JSON.parse(row.dropped) }
    } catch {
      return undefined
    }
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
