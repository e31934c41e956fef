// Merges what extensions inject into one block: highest priority first, ties by extension name, cut at a token
// budget. Deterministic by construction, so the same state always yields the same bytes (prompt caches stay warm).
import type { Contribution } from "./dispatch.ts"
import type { ContextPrimeResult } from "./types.ts"

/** A rough, stable size estimate (about four characters a token); only used for budgeting. */
export const estimateTokens = (text: string): number => Math.ceil(text.length / 4)

export interface MergedContext {
  text: string
  included: string[]
  dropped: string[]
  tokens: number
}

const escapeAttr = (s: string) => s.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`)

export function mergeContext(contributions: Contribution<ContextPrimeResult | undefined | null>[], budgetTokens: number): MergedContext {
  const candidates = contributions
    .flatMap((c) => (c.value && c.value.context.trim() ? [{ extension: c.extension, ...c.value }] : []))
    .sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0) || (a.extension < b.extension ? -1 : a.extension > b.extension ? 1 : 0))
  const included: string[] = []
  const dropped: string[] = []
  const blocks: string[] = []
  let tokens = 0
  for (const c of candidates) {
    const size = c.tokens ?? estimateTokens(c.context)
    if (tokens + size > budgetTokens) {
      dropped.push(c.extension)
      continue
    }
    tokens += size
    included.push(c.extension)
    blocks.push(`<context from="${escapeAttr(c.extension)}">\n${c.context.trim()}\n</context>`)
  }
  const text = blocks.length === 0 ? "" : `<switchboard-context>\n${blocks.join("\n")}\n</switchboard-context>`
  return { text, included, dropped, tokens }
}
