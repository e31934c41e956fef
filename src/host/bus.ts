// Topic bus between extensions. Every delivery goes through the guarded runner (hook "bus:<topic>"), so a throwing
// or hanging subscriber costs only its own timeout: the emitter and the other subscribers never see it.
// Payloads are passed as-is, not copied (copying every payload would cost every emit): treat them as read-only.
import { AsyncLocalStorage } from "node:async_hooks"
import type { Runner } from "./runner.ts"
import type { Bus, CallResult, Stability } from "./types.ts"

export type BusHandler = (payload: unknown, signal: AbortSignal) => unknown

export interface DeliveryFailure {
  extension: string
  kind: Exclude<CallResult<unknown>["kind"], "ok">
  reason: string
}

export interface DeliveryReport {
  delivered: number
  failed: number
  failures: DeliveryFailure[]
  /** Set when the emit was refused outright (runaway re-emission). */
  dropped?: string
}

export interface HostBus {
  /** `signal` is the subscriber's lifetime signal; aborting it aborts deliveries in flight. */
  subscribe(extension: string, topic: string, handler: BusHandler, stability: Stability, signal?: AbortSignal): void
  unsubscribeAll(extension: string): void
  emit(from: string, topic: string, payload: unknown): Promise<DeliveryReport>
  /** The `Bus` an extension sees in its context: emit bound to its name. */
  bind(from: string): Bus
  topics(extension: string): string[]
}

interface Subscription {
  extension: string
  handler: BusHandler
  stability: Stability
  signal: AbortSignal | undefined
}

/** Emits nested inside deliveries deeper than this are dropped: it breaks a→a or a→b→a loops. */
export const MAX_EMIT_DEPTH = 8

const reasonOf = (result: CallResult<unknown>): string => {
  switch (result.kind) {
    case "error":
      return result.error
    case "timeout":
      return `timed out after ${Math.round(result.ms)} ms`
    case "invalid":
      return result.issues
    case "rejected":
      return result.reason
    case "ok":
      return ""
  }
}

export function createBus(runner: Runner): HostBus {
  const byTopic = new Map<string, Subscription[]>()
  const depth = new AsyncLocalStorage<number>()

  const emit = async (from: string, topic: string, payload: unknown): Promise<DeliveryReport> => {
    const level = (depth.getStore() ?? 0) + 1
    if (level > MAX_EMIT_DEPTH) {
      return { delivered: 0, failed: 0, failures: [], dropped: `"${from}" emitted "${topic}" ${level} levels deep` }
    }
    // A snapshot: subscribing or unsubscribing during delivery affects the next emit, not this one.
    const subscribers = byTopic.get(topic)?.slice() ?? []
    const hook = `bus:${topic}`
    const results = await Promise.all(
      subscribers.map((sub) =>
        depth.run(level, () =>
          runner.call(sub.extension, hook, (signal) => sub.handler(payload, signal), {
            stability: sub.stability,
            signal: sub.signal,
          }),
        ),
      ),
    )
    const report: DeliveryReport = { delivered: 0, failed: 0, failures: [] }
    results.forEach((result, i) => {
      if (result.kind === "ok") report.delivered++
      else {
        report.failed++
        report.failures.push({ extension: subscribers[i]!.extension, kind: result.kind, reason: reasonOf(result) })
      }
    })
    return report
  }

  return {
    subscribe(extension, topic, handler, stability, signal) {
      const list = byTopic.get(topic) ?? []
      list.push({ extension, handler, stability, signal })
      byTopic.set(topic, list)
    },
    unsubscribeAll(extension) {
      for (const [topic, list] of byTopic) {
        const kept = list.filter((sub) => sub.extension !== extension)
        if (kept.length) byTopic.set(topic, kept)
        else byTopic.delete(topic)
      }
    },
    emit,
    bind: (from) => ({
      emit: async (topic, payload) => {
        await emit(from, topic, payload)
      },
    }),
    topics: (extension) =>
      [...byTopic].filter(([, list]) => list.some((sub) => sub.extension === extension)).map(([topic]) => topic),
  }
}
