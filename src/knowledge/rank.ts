// Recall's ranking, pure: no SQLite here, so the math is tested on its own. A candidate's score is a weighted sum
// of four parts, each in [0, 1]: bm25 relevance (normalised over the candidates), recency (exponential decay),
// pin, and graph proximity to the entities of the query.

export const DAY_MS = 86_400_000
/** A fact untouched for two weeks counts half as recent as one from today. */
export const HALF_LIFE_MS = 14 * DAY_MS
/** Graph proximity: linked to an entity the query names, or to one of that entity's neighbours. */
export const GRAPH_DIRECT = 1
export const GRAPH_NEIGHBOUR = 0.5
export const DEFAULT_LIMIT = 12

export interface Weights {
  bm25: number
  recency: number
  pin: number
  graph: number
}

// Relevance leads; a direct entity link nearly matches it (the user named the thing); a pin lifts a fact over
// weak matches but not over strong ones; recency breaks near-ties and favours what is current.
export const DEFAULT_WEIGHTS: Readonly<Weights> = { bm25: 1, recency: 0.3, pin: 0.6, graph: 0.8 }

export interface Candidate {
  id: number
  /** SQLite's bm25(): negative, lower is better. Undefined when full-text search did not find the fact. */
  bm25?: number
  createdAt: number
  usedAt?: number
  pinned: boolean
  /** GRAPH_DIRECT, GRAPH_NEIGHBOUR or 0. */
  graph: number
}

export interface Parts {
  bm25: number
  recency: number
  pin: number
  graph: number
}

export interface Ranked<T extends Candidate> {
  candidate: T
  score: number
  parts: Parts
}

/** Relevances in [0, 1]: -bm25 divided by the best among the candidates; 0 for facts search did not find. */
export function normaliseBm25(raw: readonly (number | undefined)[]): number[] {
  let best = 0
  for (const b of raw) if (b !== undefined && -b > best) best = -b
  return raw.map((b) => (b === undefined || best <= 0 ? 0 : Math.max(0, -b) / best))
}

/** 1 now, 0.5 after one half-life; a timestamp in the future counts as now. */
export function recency(at: number, now: number, halfLifeMs = HALF_LIFE_MS): number {
  const age = Math.max(0, now - at)
  return Math.pow(0.5, age / halfLifeMs)
}

export function score(parts: Parts, weights: Readonly<Weights> = DEFAULT_WEIGHTS): number {
  return (
    weights.bm25 * parts.bm25 + weights.recency * parts.recency + weights.pin * parts.pin + weights.graph * parts.graph
  )
}

/** Score desc, then id asc: the same input always comes out in the same order. */
export function compareRanked<T extends Candidate>(a: Ranked<T>, b: Ranked<T>): number {
  return b.score - a.score || a.candidate.id - b.candidate.id
}

export function rank<T extends Candidate>(
  candidates: readonly T[],
  now: number,
  weights: Readonly<Weights> = DEFAULT_WEIGHTS,
  halfLifeMs = HALF_LIFE_MS,
): Ranked<T>[] {
  const relevance = normaliseBm25(candidates.map((c) => c.bm25))
  const ranked = candidates.map((candidate, i) => {
    const parts: Parts = {
      bm25: relevance[i]!,
      // Last recalled counts as touched: what keeps being useful stays fresh.
      recency: recency(Math.max(candidate.createdAt, candidate.usedAt ?? 0), now, halfLifeMs),
      pin: candidate.pinned ? 1 : 0,
      graph: candidate.graph,
    }
    return { candidate, score: score(parts, weights), parts }
  })
  return ranked.sort(compareRanked)
}

/** About four characters a token. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4)
}

/** Takes items in order while they fit the budget, at most `limit`; stops at the first that does not fit. */
export function withinBudget<T>(
  ranked: readonly T[],
  budgetTokens: number,
  limit: number,
  tokens: (item: T) => number,
): T[] {
  const taken: T[] = []
  let used = 0
  for (const item of ranked) {
    if (taken.length >= limit) break
    const cost = tokens(item)
    if (used + cost > budgetTokens) break
    used += cost
    taken.push(item)
  }
  return taken
}
