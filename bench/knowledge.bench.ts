// OpenMind's knowledge store: one file grown through observe() to 10k, 100k and 1M facts (fixed-seed corpus of
// paths, commands, packages and decisions); at each size, recall latency over 200 queries, size on disk and the
// generation rate; at 100k, the per-message cost of injection (recall + formatting the block).
// Prints figures; asserts nothing about speed. Alone: ./node_modules/.bin/bun bench/knowledge.bench.ts
import { Database } from "bun:sqlite"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { percentile } from "../src/host/metrics.ts"
import { DAY_MS } from "../src/knowledge/rank.ts"
import { openKnowledge } from "../src/knowledge/sqlite-store.ts"
import type { EntityRef, KnowledgeStore, Observation, RecallHit, RecallQuery } from "../src/knowledge/types.ts"

const SIZES = [10_000, 100_000, 1_000_000]
const QUERIES = 200
const BATCH = 10_000
const BUDGET_TOKENS = 600
const SPAN_MS = 90 * DAY_MS
const PROJECT = "/bench/project"

// mulberry32: the same corpus and queries on every run.
function prng(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (n: number) => Math.floor(next() * n)
  return { next, int, pick: <T>(xs: readonly T[]) => xs[int(xs.length)]! }
}

const words = (s: string) => s.split(" ")
const DIRS = words("src src/store src/knowledge src/cli src/host server tui/components test/unit scripts lib/core")
const STEMS = words(
  "index open writer queries retention config session capture dialog metrics timeout render parser router cache " +
    "auth client server schema migrate export import format status worker queue event logger health registry",
)
const EXTS = words(".ts .tsx .json .sh .md .test.ts")
const TOOLS = ["bun test", "bun run build", "npm run lint", "tsc --noEmit", "git rebase -i", "docker compose up"]
const MORE_TOOLS = ["./scripts/ship.sh", "bun bench/run.ts", "sqlite3 .recover", "gh pr create", "make release"]
const PACKAGES = words("zod react solid-js bun:sqlite hono vite esbuild typescript commander picocolors pino ws undici")
const CONCEPTS = words(
  "retry backoff caching invalidation batching pagination streaming redaction validation migration rollback " +
    "debounce throttling sharding locking checkpointing tokenizer ranking recency dedupe tracing sampling",
)
const ERRORS = ["SQLITE_BUSY", "ENOENT", "EADDRINUSE", "TypeError", "timeout exceeded", "out of memory", "ECONNRESET"]

interface Pools {
  files: string[]
  commands: string[]
}

// Files are met as the project grows: about one new file per 50 facts, older ones still mentioned.
const activeFiles = (p: Pools, facts: number) => Math.min(p.files.length, Math.max(200, Math.ceil(facts / 50)))
const pickFile = (p: Pools, r: ReturnType<typeof prng>, facts: number) => p.files[r.int(activeFiles(p, facts))]!

function pools(size: number, r: ReturnType<typeof prng>): Pools {
  const files = Array.from({ length: Math.max(200, size / 50) }, (_, i) => {
    const dir = DIRS[i % DIRS.length]!
    return `${dir}/${r.pick(STEMS)}${i >= STEMS.length ? `-${i}` : ""}${r.pick(EXTS)}`
  })
  const commands = [...TOOLS, ...MORE_TOOLS].flatMap((t) => [t, `${t} --verbose`, `${t} --watch`])
  return { files, commands }
}

function observation(p: Pools, r: ReturnType<typeof prng>, i: number): Observation {
  const file = pickFile(p, r, i)
  const other = pickFile(p, r, i)
  const command = r.pick(p.commands)
  const pkg = r.pick(PACKAGES)
  const concept = r.pick(CONCEPTS)
  const err = r.pick(ERRORS)
  const f = (name: string): EntityRef => ({ type: "file", name })
  const templates: [string, EntityRef[]][] = [
    [`always run \`${command}\` before committing changes to ${file}`, [f(file), { type: "command", name: command }]],
    [`we use ${pkg} for ${concept} in ${file} (see #${i})`, [f(file), { type: "package", name: pkg }]],
    [`never edit ${file} by hand; \`${command}\` regenerates it (line ${r.int(900)})`, [f(file)]],
    [`${err} in ${file} was fixed by adding ${concept} around the call at line ${r.int(900)}`, [f(file)]],
    [`decision ${i}: prefer ${concept} over ${r.pick(CONCEPTS)} in ${file}; ${other} keeps the old way`, [f(file)]],
  ]
  const [text, entities] = templates[r.int(templates.length)]!
  return {
    entities: [...entities, { type: "concept", name: concept }],
    relations: [{ from: f(file), to: f(other), type: r.next() < 0.5 ? "depends_on" : "mentioned_with" }],
    facts: [text],
  }
}

// Half the queries share words with the corpus, half name entities (as the extractors would) with vague words.
function queries(p: Pools, r: ReturnType<typeof prng>, facts: number): RecallQuery[] {
  return Array.from({ length: QUERIES }, (_, i) => {
    const file = pickFile(p, r, facts)
    if (i % 2 === 0) {
      const text = r.pick([
        `why does ${file} fail with ${r.pick(ERRORS)}?`,
        `how do we handle ${r.pick(CONCEPTS)} with ${r.pick(PACKAGES)}`,
        `should I run ${r.pick(p.commands)} after editing ${file}`,
      ])
      return { text, budgetTokens: BUDGET_TOKENS }
    }
    const entities: EntityRef[] = [{ type: "file", name: file }, { type: "command", name: r.pick(p.commands) }]
    return { text: "can you clean this up and make it pass", entities, budgetTokens: BUDGET_TOKENS }
  })
}

/** A typical injected block: one line per fact, inside a tag the model is told about. */
function formatBlock(hits: RecallHit[]): string {
  if (hits.length === 0) return ""
  return `<memory>\n${hits.map((h) => `- ${h.fact.text.replaceAll("\n", " ")}`).join("\n")}\n</memory>`
}

interface Latency {
  p50ms: number
  p95ms: number
  hits: number
}

function time(runs: (() => unknown)[]): Latency {
  let hits = 0
  runs[0]?.() // warm the statement cache and the pages the first query touches
  const samples = runs.map((run) => {
    const t = Bun.nanoseconds()
    const out = run()
    const ns = Bun.nanoseconds() - t
    hits += Array.isArray(out) ? out.length : String(out).length > 0 ? 1 : 0
    return ns
  })
  const sorted = Float64Array.from(samples).sort()
  return {
    p50ms: (percentile(sorted, 50) ?? 0) / 1e6,
    p95ms: (percentile(sorted, 95) ?? 0) / 1e6,
    hits: hits / Math.max(1, runs.length),
  }
}

export interface SizeFigures {
  facts: number
  generateSeconds: number
  /** observe() calls a second, each carrying one fact, its entities and one relation. */
  observationsPerSecond: number
  bytes: number
  text: Latency
  entity: Latency
  all: Latency
}

export interface KnowledgeFigures {
  sizes: SizeFigures[]
  injection?: Latency
  note?: string
}

function diskBytes(db: Database, file: string): number {
  db.run("PRAGMA wal_checkpoint(TRUNCATE)")
  const size = (p: string) => (fs.existsSync(p) ? fs.statSync(p).size : 0)
  return size(file) + size(`${file}-wal`)
}

export function runKnowledgeBench(sizes = SIZES): KnowledgeFigures {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "switchboard-bench-knowledge-"))
  const file = path.join(dir, "openmind.db")
  // As the extension's opener does (src/store/open.ts): strict binding, WAL, synchronous NORMAL.
  const db = new Database(file, { create: true, readwrite: true, strict: true })
  db.run("PRAGMA busy_timeout = 5000")
  db.run("PRAGMA journal_mode = WAL")
  db.run("PRAGMA synchronous = NORMAL")
  const r = prng(42)
  const p = pools(sizes[sizes.length - 1]!, r)
  const start = Date.now() - SPAN_MS
  let at = start
  const store: KnowledgeStore = openKnowledge(db, PROJECT, () => at)
  const result: KnowledgeFigures = { sizes: [] }
  try {
    let made = 0
    for (const size of sizes) {
      const before = made
      const t = performance.now()
      for (; made < size; made += BATCH) {
        const count = Math.min(BATCH, size - made)
        db.transaction(() => {
          for (let k = 0; k < count; k++) {
            const i = made + k
            at = start + Math.floor((i / sizes[sizes.length - 1]!) * SPAN_MS)
            store.observe(observation(p, r, i), { sessionID: `ses_${Math.floor(i / 200)}`, at })
          }
        })()
      }
      const generateSeconds = (performance.now() - t) / 1000
      const bytes = diskBytes(db, file)
      at = Date.now()
      const qs = queries(p, prng(size), size)
      const recall = (q: RecallQuery) => () => store.recall(q)
      const text = qs.filter((q) => !q.entities)
      const entity = qs.filter((q) => q.entities)
      result.sizes.push({
        facts: store.counts().facts,
        generateSeconds,
        observationsPerSecond: (size - before) / generateSeconds,
        bytes,
        text: time(text.map(recall)),
        entity: time(entity.map(recall)),
        all: time(qs.map(recall)),
      })
      if (size === 100_000) {
        const messages = qs.map((q, i) => ({ ...q, text: `${q.text}. ${MESSAGE_TAIL[i % MESSAGE_TAIL.length]}` }))
        result.injection = time(messages.map((q) => () => formatBlock(store.recall(q))))
      }
    }
  } finally {
    db.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
  return result
}

// What a typical message adds around its point: a few words the store mostly does not know.
const MESSAGE_TAIL = [
  "Keep the change small and run the tests afterwards, the CI was flaky yesterday.",
  "I think the problem started after the last refactor of the writer, not sure though.",
  "Please also update the docs if the behaviour changes.",
]

const n = (x: number) => Math.round(x).toLocaleString("en-US")
const ms = (x: number) => (x >= 10 ? x.toFixed(1) : x.toFixed(2)).padStart(7)

export function printKnowledge(f: KnowledgeFigures): void {
  // One observe() per generated fact; a few repeat an earlier text and are deduplicated, hence the facts column.
  console.log("  facts        gen obs/s   gen time  disk MiB  MiB/100k  recall p50/p95 ms (all · text · entity)")
  for (const s of f.sizes) {
    const mib = s.bytes / 1024 / 1024
    const cols = [
      n(s.facts).padStart(9),
      n(s.observationsPerSecond).padStart(13),
      `${s.generateSeconds.toFixed(1)} s`.padStart(9),
      mib.toFixed(1).padStart(9),
      ((mib / s.facts) * 100_000).toFixed(1).padStart(9),
      `${ms(s.all.p50ms)}/${ms(s.all.p95ms)} · ${ms(s.text.p50ms)}/${ms(s.text.p95ms)} · ` +
        `${ms(s.entity.p50ms)}/${ms(s.entity.p95ms)}`,
    ]
    console.log(`  ${cols.join(" ")}`)
  }
  const hits = f.sizes.map((s) => s.all.hits.toFixed(1)).join(", ")
  console.log(`  facts returned per recall (budget ${BUDGET_TOKENS} tokens, limit 12): ${hits}`)
  if (f.injection) {
    const i = f.injection
    const figures = `p50 ${ms(i.p50ms).trim()} ms, p95 ${ms(i.p95ms).trim()} ms`
    console.log(`  injection overhead per message at 100k facts (recall + formatting the block): ${figures}`)
  }
}

export function runAndPrintKnowledgeBench(): void {
  console.log("running knowledge bench (grows one store to 1M facts; a few minutes)…")
  const figures = runKnowledgeBench()
  console.log("\nknowledge store (OpenMind): recall over 200 queries at each size")
  printKnowledge(figures)
}

if (import.meta.main) runAndPrintKnowledgeBench()
