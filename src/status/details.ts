// What the /extensions detail view shows about one extension, published by the server half with its heartbeat.
// Options are shown as they are in effect, minus anything that looks like a secret.
import { z } from "zod"
import type { MetricsSnapshot } from "../host/metrics.ts"
import type { ExtensionInfo } from "../host/registry-entry.ts"
import type { ExtensionDefinition } from "../host/types.ts"
import { boundValue } from "../store/truncate.ts"

export const extensionDetails = z.object({
  description: z.string().optional(),
  dependencies: z.array(z.string()),
  options: z.unknown(),
  stability: z.record(z.string(), z.number()),
  tools: z.array(z.string()),
  commands: z.array(z.string()),
  panels: z.array(z.object({ key: z.string(), title: z.string() })),
  topics: z.array(z.string()),
  lastError: z.object({ message: z.string(), at: z.number(), hook: z.string() }).optional(),
  transitions: z.array(z.object({ from: z.string(), to: z.string(), at: z.number(), reason: z.string() })),
})
export type ExtensionDetails = z.infer<typeof extensionDetails>

const SECRET_KEY = /(pass(word)?|secret|token|api[-_]?key|auth|credential|private[-_]?key|cookie|session[-_]?key)/i

/** Values under keys that name secrets are replaced; the shape stays visible so users can check their config. */
export function redactOptions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactOptions)
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) && v !== null && typeof v !== "object" ? "[redacted]" : redactOptions(v)]),
    )
  return value
}

export function describeDetails(info: ExtensionInfo, definition: ExtensionDefinition | undefined, metrics: MetricsSnapshot): ExtensionDetails {
  const hooks = metrics[info.name]?.hooks ?? {}
  const lastError = Object.entries(hooks)
    .flatMap(([hook, h]) => (h.lastError ? [{ message: h.lastError.message, at: h.lastError.at, hook }] : []))
    .sort((a, b) => b.at - a.at)[0]
  return {
    description: info.description,
    dependencies: info.dependencies,
    options: boundValue(redactOptions(info.options ?? {}), { field: 200, items: 20, depth: 4 }).value,
    stability: { ...info.stability },
    tools: info.contributes.tools,
    commands: info.contributes.commands,
    panels: info.contributes.panels.map((key) => ({ key, title: definition?.panels?.[key]?.title ?? key })),
    topics: info.contributes.topics,
    lastError: lastError ? { ...lastError, message: lastError.message.slice(0, 500) } : undefined,
    transitions: (info.breaker?.transitions ?? []).slice(-5).map((t) => ({ ...t, reason: t.reason.slice(0, 300) })),
  }
}

export function parseDetails(status: Record<string, unknown>): Record<string, ExtensionDetails> {
  const parsed = z.record(z.string(), extensionDetails).safeParse(status.details)
  return parsed.success ? parsed.data : {}
}
