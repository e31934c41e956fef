import { Database } from "bun:sqlite"
import { describe, expect, test } from "bun:test"
import path from "node:path"
import { DAY_MS, HALF_LIFE_MS } from "../../../src/knowledge/rank.ts"
import { indexText, matchExpression, queryTerms } from "../../../src/knowledge/sqlite-match.ts"
import { openKnowledge } from "../../../src/knowledge/sqlite-store.ts"
import type { EntityRef, KnowledgeStore } from "../../../src/knowledge/types.ts"
import { tempDir } from "../helpers/tmp.ts"

const root = tempDir("switchboard-recall-")
const T0 = 1_800_000_000_000
let files = 0

// A real temporary file in WAL mode, a clock the test moves, and unrelated facts so that bm25's document
// frequencies look like a real store's rather than a three-row one's.
function fixture() {
  const db = new Database(path.join(root, `r${files++}.db`), { create: true, readwrite: true, strict: true })
  db.run("PRAGMA journal_mode = WAL")
  const clock = { now: T0 }
  const store = openKnowledge(db, "/proj", () => clock.now)
  const words = ["lint", "format", "docker", "ci", "release", "branch", "review", "schema", "logging", "retry"]
  for (let i = 0; i < 40; i++) {
    const text = `note ${i} on ${words[i % words.length]} and ${words[(i * 7 + 3) % words.length]}`
    store.addFact({ text, source: "import" })
  }
  return { db, store, clock }
}

const file = (name: string): EntityRef => ({ type: "file", name })
const remember = (text: string, ...entities: EntityRef[]) => ({ text, source: "remember" as const, entities })
const ids = (store: KnowledgeStore, text: string, more: { entities?: EntityRef[]; budgetTokens?: number } = {}) =>
  store.recall({ text, budgetTokens: 10_000, now: T0 + DAY_MS, ...more }).map((h) => h.fact.id)

describe("recall ranking", () => {
  test("bm25: the fact that matches more of the query ranks first", () => {
    const { store } = fixture()
    const one = store.addFact({ text: "the websocket server restarts on crash", source: "remember" })
    const both = store.addFact({ text: "websocket reconnect uses exponential backoff", source: "remember" })
    expect(ids(store, "how does websocket reconnect work?")).toEqual([both, one])
  })

  test("recency: of two equal matches the newer ranks first; recall refreshes what it returns", () => {
    const { store, clock } = fixture()
    const old = store.addFact({ text: "migrations run at startup", source: "remember" })
    clock.now = T0 + 3 * HALF_LIFE_MS
    const recent = store.addFact({ text: "migrations run at shutdown", source: "remember" })
    const hits = store.recall({ text: "migrations run", budgetTokens: 1000, now: clock.now })
    expect(hits.map((h) => h.fact.id)).toEqual([recent, old])
    expect(hits[1]!.parts.recency).toBeCloseTo(0.125, 6)
    expect(hits.map((h) => h.fact.usedAt)).toEqual([clock.now, clock.now])
    const [again] = store.recall({ text: "migrations startup", budgetTokens: 1000, now: clock.now })
    expect(again!.parts.recency).toBe(1)
  })

  test("pin: a pinned fact outranks an equal, newer match, and comes back even without a match", () => {
    const { store, clock } = fixture()
    const pinned = store.addFact({ text: "tests use a temp dir per file", source: "remember", pinned: true })
    clock.now = T0 + DAY_MS
    const newer = store.addFact({ text: "tests use a fake clock per file", source: "remember" })
    expect(ids(store, "tests per file")).toEqual([pinned, newer])
    const hits = store.recall({ text: "nothing in common", budgetTokens: 1000, now: T0 })
    expect(hits.map((h) => [h.fact.id, h.parts.pin])).toEqual([[pinned, 1]])
  })

  test("graph: facts linked to a named entity come back without matching words; neighbours at half weight", () => {
    const { store } = fixture()
    const direct = store.addFact(remember("keep the exports sorted", file("src/index.ts")))
    const hop = store.addFact(remember("generated, never hand-edited", file("schema.json")))
    store.link(file("src/index.ts"), file("schema.json"), "related")
    store.addFact({ text: "unlinked remark", source: "remember", entities: [file("other.ts")] })
    const hits = store.recall({ text: "please tidy this up", entities: [file("src/index.ts")], budgetTokens: 1000 })
    expect(hits.map((h) => [h.fact.id, h.parts.graph])).toEqual([
      [direct, 1],
      [hop, 0.5],
    ])
    expect(hits[0]!.fact.entities).toEqual([file("src/index.ts")])
    expect(ids(store, "tidy", { entities: [file("unknown.ts")] })).toEqual([])
  })

  test("budget: facts are taken in rank order while they fit; limit caps the count", () => {
    const { store } = fixture()
    // 40, 40 and 8 characters: 10, 10 and 2 tokens.
    const a = store.addFact({ text: "budget budget budget budget budget alpha", source: "remember" })
    const b = store.addFact({ text: "budget budget budget beta padding words.", source: "remember" })
    const c = store.addFact({ text: "budget g", source: "remember" })
    expect(ids(store, "budget")).toEqual([a, b, c])
    expect(ids(store, "budget", { budgetTokens: 20 })).toEqual([a, b])
    expect(ids(store, "budget", { budgetTokens: 19 })).toEqual([a])
    expect(ids(store, "budget", { budgetTokens: 9 })).toEqual([])
    expect(store.recall({ text: "budget", budgetTokens: 1000, limit: 2 }).map((h) => h.fact.id)).toEqual([a, b])
    expect(store.recall({ text: "budget", budgetTokens: 1000, limit: 0 })).toEqual([])
  })

  test("ties keep a deterministic order: id ascending, every time", () => {
    const { store } = fixture()
    const made = ["zeta", "alpha", "mid"].map((w) => store.addFact({ text: `tie ${w} case`, source: "remember" }))
    const query = { text: "tie case", budgetTokens: 1000, now: T0 }
    const first = store.recall(query)
    expect(new Set(first.map((h) => h.score)).size).toBe(1)
    expect(first.map((h) => h.fact.id)).toEqual(made)
    expect(store.recall(query).map((h) => h.fact.id)).toEqual(made)
  })
})

test("on a large store a common word ranks its newest matches, a rare one all; a word in most facts is skipped", () => {
  const { db, store } = fixture()
  const old = store.addFact({ text: "cache entries for zebra are pinned to the old layout", source: "remember" })
  // 7,200 rows: "cache" in one in twelve (600, common), "noise" in all (ubiquitous).
  const made = db.transaction(() =>
    Array.from({ length: 7200 }, (_, i) => {
      return store.addFact({ text: `noise row ${i}${i % 12 === 0 ? " cache" : ""}`, source: "import" })
    }),
  )()
  const firstCache = made[0]!
  const hits = store.recall({ text: "cache zebra", budgetTokens: 10_000, limit: 50, now: T0 })
  expect(hits[0]!.fact.id).toBe(old)
  expect(hits).toHaveLength(50)
  const cacheOnly = store.recall({ text: "cache", budgetTokens: 10_000, limit: 200, now: T0 })
  expect(cacheOnly.length).toBe(200)
  expect(cacheOnly.some((h) => h.fact.id === firstCache || h.fact.id === old)).toBe(false)
  expect(store.recall({ text: "noise", budgetTokens: 10_000, now: T0 })).toEqual([])
  expect(store.search("noise", 3).facts.map((f) => f.id)).toEqual(made.slice(-3).reverse())
})

describe("hostile input", () => {
  const inputs = [
    "",
    "   ",
    '"',
    '"unbalanced',
    "*",
    "foo*",
    "NEAR(",
    "NEAR(a b, 2)",
    "-",
    "-foo",
    "a:b",
    "text: hello",
    "((",
    "(foo",
    "foo)",
    "AND",
    "OR NOT AND",
    "^start",
    "{a b}",
    "'; DROP TABLE facts; --",
    "c'est déjà vu — naïve café",
    "\u0000\u0001",
    "🙂 emoji 🙂",
    "x".repeat(10_000),
  ]

  test("recall and search never throw, whatever the text", () => {
    const { db, store } = fixture()
    store.addFact({ text: "NEAR and AND are words too", source: "remember", entities: [file("a:b")] })
    for (const text of inputs) {
      expect(() => store.recall({ text, budgetTokens: 500, entities: [file(text)] })).not.toThrow()
      expect(() => store.search(text, 5)).not.toThrow()
    }
    expect(store.search("NEAR(", 5).facts).toHaveLength(1)
    expect(db.query("SELECT count(*) AS n FROM facts").get()).toEqual({ n: 41 })
  })

  test("terms: lowercased, distinct, no stop words or single characters, edges trimmed of punctuation", () => {
    expect(queryTerms("How do I run ./scripts/ship.sh? Then run it.")).toEqual(["run", "scripts/ship.sh"])
    expect(queryTerms("a b c -- ... // Foo.Bar foo.bar")).toEqual(["foo.bar"])
    expect(queryTerms("snake_case x9 ü")).toEqual(["snake_case", "x9"])
    expect(matchExpression(queryTerms("NEAR( \"x\" * OR yy:zz"))).toBe('"near" OR "yy" OR "zz"')
    expect(matchExpression(['say "hi"'])).toBe('"say ""hi"""')
    expect(matchExpression(queryTerms("the of and"))).toBeUndefined()
    expect(matchExpression([])).toBeUndefined()
  })

  test("indexed text: paths whole, with their directory prefixes, suffixes and parts; edges trimmed", () => {
    expect(indexText("Run ./scripts/ship.sh.")).toBe("run scripts/ship.sh scripts ship.sh ship sh")
    expect(indexText("src/store/writer.ts")).toBe(
      "src/store/writer.ts src writer.ts src/store store/writer.ts store writer ts",
    )
    expect(indexText("foo.bar-baz, c'est ÇA")).toBe("foo.bar-baz foo bar baz c est ça")
    expect(indexText("")).toBe("")
  })
})
