// Pairs the two ways opencode tells of a tool call ending, so each call is reported exactly once:
// `tool.execute.after` for successes, and a tool part whose state turns to "error" (opencode has no error hook).
import type { PostToolCallEvent } from "./types.ts"

interface Started {
  tool: string
  sessionID: string
  args: Record<string, unknown>
  at: number
}

const MAX_TRACKED = 2000

/** Insertion-ordered, bounded: the oldest entries go first once full. */
class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly limit: number) {
    super()
  }
  override set(key: K, value: V): this {
    if (!this.has(key) && this.size >= this.limit) {
      const oldest = this.keys().next()
      if (!oldest.done) this.delete(oldest.value)
    }
    return super.set(key, value)
  }
}

export class ToolCallTracker {
  private readonly started = new BoundedMap<string, Started>(MAX_TRACKED)
  private readonly reported = new BoundedMap<string, true>(MAX_TRACKED)

  constructor(private readonly now: () => number = Date.now) {}

  begin(callID: string, tool: string, sessionID: string, args: Record<string, unknown>) {
    this.started.set(callID, { tool, sessionID, args, at: this.now() })
  }

  /** Updates the arguments an extension rewrote in preToolCall. */
  rewrite(callID: string, args: Record<string, unknown>) {
    const s = this.started.get(callID)
    if (s) s.args = args
  }

  private finish(callID: string): Started | undefined | false {
    if (this.reported.has(callID)) return false
    this.reported.set(callID, true)
    const s = this.started.get(callID)
    this.started.delete(callID)
    return s
  }

  completed(input: {
    callID: string
    tool: string
    sessionID: string
    args?: unknown
    title?: string
    output?: string
    metadata?: unknown
  }): PostToolCallEvent | undefined {
    const s = this.finish(input.callID)
    if (s === false) return undefined
    return {
      tool: input.tool,
      sessionID: input.sessionID,
      callID: input.callID,
      args: s?.args ?? asRecord(input.args),
      status: "completed",
      title: input.title,
      output: input.output,
      metadata: asRecord(input.metadata),
      durationMs: s ? this.now() - s.at : undefined,
    }
  }

  failed(input: { callID: string; tool: string; sessionID: string; args?: unknown; error: string; durationMs?: number }): PostToolCallEvent | undefined {
    const s = this.finish(input.callID)
    if (s === false) return undefined
    return {
      tool: input.tool,
      sessionID: input.sessionID,
      callID: input.callID,
      args: s?.args ?? asRecord(input.args),
      status: "error",
      error: input.error,
      durationMs: input.durationMs ?? (s ? this.now() - s.at : undefined),
    }
  }
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
}
