import { describe, expect, test } from "bun:test"
import {
  DAY_MS,
  DEFAULT_WEIGHTS,
  estimateTokens,
  GRAPH_DIRECT,
  HALF_LIFE_MS,
  normaliseBm25,
  rank,
  recency,
  score,
  withinBudget,
  type Candidate,
} from "../../../src/knowledge/rank.ts"

const NOW = 1_800_000_000_000
const cand = (id: number, over: Partial<Candidate> = {}): Candidate => ({
  id,
  createdAt: NOW,
  pinned: false,
  graph: 0,
  ...over,
})

describe("normaliseBm25", () => {
  test("the best (most negative) is 1, others in proportion, missing ones 0", () => {
    expect(normaliseBm25([-4, -2, undefined, -1])).toEqual([1, 0.5, 0, 0.25])
  })
  test("no matches, or only zero scores, give zeros rather than NaN", () => {
    expect(normaliseBm25([undefined, undefined])).toEqual([0, 0])
    expect(normaliseBm25([0, -0])).toEqual([0, 0])
    expect(normaliseBm25([])).toEqual([])
  })
})

describe("recency", () => {
  test("halves every half-life (14 days by default)", () => {
    expect(HALF_LIFE_MS).toBe(14 * DAY_MS)
    expect(recency(NOW, NOW)).toBe(1)
    expect(recency(NOW - HALF_LIFE_MS, NOW)).toBeCloseTo(0.5, 10)
    expect(recency(NOW - 2 * HALF_LIFE_MS, NOW)).toBeCloseTo(0.25, 10)
    expect(recency(NOW - DAY_MS, NOW, DAY_MS)).toBeCloseTo(0.5, 10)
  })
  test("a timestamp in the future counts as now", () => {
    expect(recency(NOW + DAY_MS, NOW)).toBe(1)
  })
})

test("score is the weighted sum of the parts", () => {
  const parts = { bm25: 0.5, recency: 0.25, pin: 1, graph: 0.5 }
  const w = DEFAULT_WEIGHTS
  expect(score(parts)).toBeCloseTo(0.5 * w.bm25 + 0.25 * w.recency + w.pin + 0.5 * w.graph, 12)
  expect(score(parts, { bm25: 1, recency: 0, pin: 0, graph: 0 })).toBe(0.5)
})

describe("rank", () => {
  test("relevance, then recency, pin and graph each lift a candidate", () => {
    const ranked = rank(
      [
        cand(1, { bm25: -1 }),
        cand(2, { bm25: -2 }),
        cand(3, { bm25: -1, createdAt: NOW - 10 * HALF_LIFE_MS }),
        cand(4, { bm25: -1, pinned: true }),
        cand(5, { graph: GRAPH_DIRECT }),
      ],
      NOW,
    )
    expect(ranked.map((r) => r.candidate.id)).toEqual([4, 2, 5, 1, 3])
    expect(ranked[0]!.parts).toEqual({ bm25: 0.5, recency: 1, pin: 1, graph: 0 })
  })

  test("used_at refreshes recency: the later of created and used counts", () => {
    const old = NOW - 4 * HALF_LIFE_MS
    const [a, b] = rank([cand(1, { createdAt: old }), cand(2, { createdAt: old, usedAt: NOW })], NOW)
    expect(a!.candidate.id).toBe(2)
    expect(a!.parts.recency).toBe(1)
    expect(b!.parts.recency).toBeCloseTo(1 / 16, 10)
  })

  test("ties are broken by id ascending, whatever the input order", () => {
    const input = [cand(9, { bm25: -1 }), cand(3, { bm25: -1 }), cand(7, { bm25: -1 })]
    expect(rank(input, NOW).map((r) => r.candidate.id)).toEqual([3, 7, 9])
    expect(rank([...input].reverse(), NOW).map((r) => r.candidate.id)).toEqual([3, 7, 9])
  })
})

describe("budget", () => {
  test("about four characters a token, rounded up", () => {
    expect(estimateTokens("")).toBe(0)
    expect(estimateTokens("abcd")).toBe(1)
    expect(estimateTokens("abcde")).toBe(2)
  })

  test("takes items in order while they fit and stops at the first that does not", () => {
    const costs = [3, 4, 2, 1]
    expect(withinBudget(costs, 7, 10, (c) => c)).toEqual([3, 4])
    expect(withinBudget(costs, 8, 10, (c) => c)).toEqual([3, 4])
    expect(withinBudget(costs, 2, 10, (c) => c)).toEqual([])
    expect(withinBudget(costs, 100, 10, (c) => c)).toEqual(costs)
  })

  test("the limit caps the count", () => {
    expect(withinBudget([1, 1, 1, 1], 100, 2, (c) => c)).toEqual([1, 1])
    expect(withinBudget([1, 1], 100, 0, (c) => c)).toEqual([])
  })
})
