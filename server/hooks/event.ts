// The event hook: every bus event goes to `event` hooks; a finished assistant message becomes postMessage;
// a tool part that ends in error becomes postToolCall (opencode has no error hook); compaction ends here too.
import type { Hooks } from "@opencode-ai/plugin"
import { z } from "zod"
import { dispatchParallel } from "../../src/host/dispatch.ts"
import { noResult } from "../../src/host/result-schemas.ts"
import type { BusEvent, PostMessageEvent } from "../../src/host/types.ts"
import type { Compactions } from "../../src/host/compactions.ts"
import type { Host } from "../host.ts"
import { reportToolCall } from "./tool-after.ts"

type EventHook = NonNullable<Hooks["event"]>

// Event payloads are untrusted input: only the fields we use are checked, and anything else is passed through.
const assistantInfo = z.object({
  id: z.string(),
  sessionID: z.string(),
  role: z.literal("assistant"),
  providerID: z.string().default(""),
  modelID: z.string().default(""),
  cost: z.number().default(0),
  finish: z.string().optional(),
  error: z.object({ name: z.string().optional(), data: z.unknown().optional() }).passthrough().optional(),
  time: z.object({ created: z.number(), completed: z.number().optional() }),
  tokens: z
    .object({
      input: z.number().default(0),
      output: z.number().default(0),
      reasoning: z.number().default(0),
      cache: z.object({ read: z.number().default(0), write: z.number().default(0) }).default({ read: 0, write: 0 }),
    })
    .default({ input: 0, output: 0, reasoning: 0, cache: { read: 0, write: 0 } }),
})

const toolErrorPart = z.object({
  type: z.literal("tool"),
  callID: z.string(),
  tool: z.string(),
  sessionID: z.string(),
  state: z.object({
    status: z.literal("error"),
    input: z.unknown().optional(),
    error: z.string().default("unknown error"),
    time: z.object({ start: z.number(), end: z.number() }).partial().optional(),
  }),
})

const MAX_SEEN = 2000

function errorText(error: z.infer<typeof assistantInfo>["error"]): string | undefined {
  if (!error) return undefined
  const message = (error.data as { message?: unknown } | undefined)?.message
  return typeof message === "string" ? `${error.name ?? "Error"}: ${message}` : (error.name ?? "Error")
}

export function eventHook(host: Host, compacting: Compactions, capture: (type: string, properties: Record<string, unknown>) => void): EventHook {
  const finished = new Set<string>()
  return async ({ event }) => {
    const raw = event as unknown as { type?: unknown; properties?: unknown }
    if (typeof raw.type !== "string") return
    const properties = (raw.properties && typeof raw.properties === "object" ? raw.properties : {}) as Record<string, unknown>
    capture(raw.type, properties)
    host.notes.observe(raw.type, properties)
    const active = host.registry.active()

    if (raw.type === "message.part.updated") {
      const part = toolErrorPart.safeParse(properties.part)
      if (part.success) {
        const { state } = part.data
        const duration = state.time?.start && state.time.end ? state.time.end - state.time.start : undefined
        reportToolCall(
          host,
          host.tools.failed({ ...part.data, args: state.input, error: state.error, durationMs: duration }),
        )
      }
    }
    if (raw.type === "session.compacted" && typeof properties.sessionID === "string") compacting.end(properties.sessionID)
    if (active.length === 0) return

    if (raw.type === "message.updated") {
      const info = assistantInfo.safeParse(properties.info)
      if (info.success && info.data.time.completed && !finished.has(info.data.id)) {
        if (finished.size >= MAX_SEEN) finished.clear()
        finished.add(info.data.id)
        const m = info.data
        const post: PostMessageEvent = {
          sessionID: m.sessionID,
          messageID: m.id,
          providerID: m.providerID,
          modelID: m.modelID,
          tokens: m.tokens,
          cost: m.cost,
          finish: m.finish,
          error: errorText(m.error),
          durationMs: m.time.completed! - m.time.created,
        }
        void dispatchParallel(active, "postMessage", post, noResult)
      }
    }
    const busEvent: BusEvent = { type: raw.type, properties }
    await dispatchParallel(active, "event", busEvent, noResult)
  }
}
