// The store's two sides. Ingest: events per second through the batched writer into a real SQLite file, and what
// one enqueue costs the hook that calls it. Reads: the CLI's queries over 10k sessions and 1M events.
// Prints figures; asserts nothing about speed.
import type { Database } from "bun:sqlite"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { writeRows } from "../src/cli/export.ts"
import { chunked } from "../src/cli/sink.ts"
import { openStore, openStoreReadonly } from "../src/store/open.ts"
import {
  aggregateEvents,
  iterateEvents,
  listEvents,
  trackedPanes,
  TRACKER_EXTENSION,
  type EventRow,
} from "../src/store/queries.ts"
import { BatchWriter, DEFAULT_WRITER } from "../src/store/writer.ts"
import { applyWrites, type Write } from "../src/store/writes.ts"
import { figures, printFigures, type Figures } from "./stats.ts"

const INGEST_EVENTS = 200_000
const SESSIONS = 10_000
const EVENTS = 1_000_000
const PANES = 500
const HISTORY = 20
const REPEATS = 5
const GENERATE_BATCH = 50_000
const PROJECT = "/bench/project"
const TYPES = [
  ...["session.idle", "message.completed", "tool.completed", "tool.error"],
  ...["file.edited", "command.executed", "session.created", "permission.asked"],
]
const DAY_MS = 86_400_000

const sessionID = (n: number) => `ses_${n.toString(16).padStart(12, "0")}benchbenchbenc`

function eventWrite(i: number, at: number): Write {
  const type = TYPES[i % TYPES.length]!
  const session = sessionID(i % SESSIONS)
  const data = JSON.stringify({ sessionID: session, tool: "bash", title: `step ${i}`, n: i })
  const summary = `${type} number ${i}`
  return { kind: "event", at, project: PROJECT, sessionID: session, type, summary, data, truncated: false }
}

function tempStore(name: string): { file: string; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `switchboard-bench-${name}-`))
  return { dir, file: path.join(dir, "switchboard.db") }
}

function open(file: string): Database {
  const opened = openStore(file)
  if (!opened.ok) throw new Error(opened.error)
  return opened.value.db
}

export interface IngestFigures {
  eventsPerSecond: number
  enqueue: Figures
  maxEnqueueUs: number
  dropped: number
}

/**
 * Enqueues as fast as a hook could. Full batches are written on the next tick, so the loop yields a tick after
 * every batch, like an event loop between hooks; enqueue times never include a disk write.
 */
export async function ingestBench(): Promise<IngestFigures> {
  const { dir, file } = tempStore("ingest")
  const db = open(file)
  try {
    const writer = new BatchWriter<Write>((batch) => applyWrites(db, batch), DEFAULT_WRITER)
    const writes = Array.from({ length: INGEST_EVENTS }, (_, i) => eventWrite(i, Date.now()))
    const samples = new Array<number>(INGEST_EVENTS)
    const start = Bun.nanoseconds()
    for (let i = 0; i < INGEST_EVENTS; i++) {
      const t = Bun.nanoseconds()
      writer.enqueue(writes[i]!)
      samples[i] = Bun.nanoseconds() - t
      if ((i + 1) % DEFAULT_WRITER.batchSize === 0) await new Promise((r) => setTimeout(r, 0))
    }
    writer.close()
    const seconds = (Bun.nanoseconds() - start) / 1e9
    return {
      eventsPerSecond: INGEST_EVENTS / seconds,
      enqueue: figures("enqueue (the hook's cost)", samples),
      maxEnqueueUs: Math.max(...samples) / 1000,
      dropped: writer.stats().dropped,
    }
  } finally {
    db.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

/** 10k sessions, each pane's tracker row with 20 of them, and 1M events over 30 days, in large transactions. */
function generate(file: string): number {
  const db = open(file)
  const start = performance.now()
  const now = Date.now()
  const sessions: Write[] = Array.from({ length: SESSIONS }, (_, i) => ({
    kind: "session",
    id: sessionID(i),
    project: PROJECT,
    directory: PROJECT,
    title: `session ${i}`,
    createdAt: now - 30 * DAY_MS,
    updatedAt: now - (i % 30) * DAY_MS,
  }))
  applyWrites(db, sessions)
  for (let first = 0; first < EVENTS; first += GENERATE_BATCH) {
    const batch = Array.from({ length: Math.min(GENERATE_BATCH, EVENTS - first) }, (_, k) => {
      const i = first + k
      return eventWrite(i, now - 30 * DAY_MS + Math.floor((i / EVENTS) * 30 * DAY_MS))
    })
    applyWrites(db, batch)
  }
  const kv = db.prepare("INSERT INTO kv (project, extension, key, value, updated_at) VALUES (?, ?, ?, ?, ?)")
  db.transaction(() => {
    for (let p = 0; p < PANES; p++) {
      const ids = Array.from({ length: HISTORY }, (_, h) => p * HISTORY + h)
      const history = ids.map((n, h) => ({ id: sessionID(n), title: `session ${n}`, at: now - h * 1000 }))
      const value = { pane: `tmux:%${p}`, paneSource: "TMUX_PANE", current: history[0]!.id, history }
      kv.run(PROJECT, TRACKER_EXTENSION, `pane:tmux:%${p}`, JSON.stringify(value), now - p)
    }
  })()
  db.run("PRAGMA wal_checkpoint(TRUNCATE)")
  db.close()
  return performance.now() - start
}

function repeat(label: string, fn: () => unknown): Figures {
  fn() // warm the page cache and the statement cache
  const samples: number[] = []
  for (let i = 0; i < REPEATS; i++) {
    const t = Bun.nanoseconds()
    fn()
    samples.push(Bun.nanoseconds() - t)
  }
  return figures(label, samples)
}

export interface ReadFigures {
  generateMs: number
  sizeBytes: number
  queries: Figures[]
  exportRowsPerSecond: number
  exportMs: number
  exportRssMiB: number
}

export async function readBench(): Promise<ReadFigures> {
  const { dir, file } = tempStore("reads")
  try {
    const generateMs = generate(file)
    const opened = openStoreReadonly(file)
    if (!opened.ok) throw new Error(opened.error)
    const db = opened.value
    const f = { project: PROJECT }
    const queries = [
      repeat(`sessions --all-panes --json (${PANES}×${HISTORY})`, () => JSON.stringify(trackedPanes(db, PROJECT))),
      repeat("sessions (one pane)", () => trackedPanes(db, PROJECT, "tmux:%7")),
      repeat("events aggregate --by type", () => aggregateEvents(db, f, "type")),
      repeat("events aggregate --by day", () => aggregateEvents(db, f, "day")),
      repeat("events aggregate --by session", () => aggregateEvents(db, f, "session")),
      repeat("events list (newest 50)", () => listEvents(db, f, 50)),
      repeat("events --type tool.error --limit 50", () => listEvents(db, { ...f, type: "tool.error" }, 50)),
      repeat("events search (full scan, no match)", () => listEvents(db, { ...f, text: "no such text" }, 50)),
    ]
    // A full export as CSV into a sink that only counts: the cost of reading and formatting, and the memory it
    // holds. The heap is collected every 200k rows, so growth means rows kept, not garbage not yet collected.
    const sink = chunked(() => {})
    Bun.gc(true)
    const rssBefore = process.memoryUsage.rss()
    let rssPeak = rssBefore
    const sampler = {
      update(done: number) {
        if (done % 200_000 !== 0) return
        Bun.gc(true)
        rssPeak = Math.max(rssPeak, process.memoryUsage.rss())
      },
      finish() {},
    }
    const t = performance.now()
    const rows = await writeRows(iterateEvents(db, f), EXPORT_SHAPE, "csv", sink, sampler)
    await sink.close()
    const exportMs = performance.now() - t
    db.close()
    return {
      generateMs,
      sizeBytes: fs.statSync(file).size,
      queries,
      exportRowsPerSecond: (rows / exportMs) * 1000,
      exportMs,
      exportRssMiB: (rssPeak - rssBefore) / 1024 / 1024,
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

const EXPORT_SHAPE = {
  columns: ["id", "at", "sessionID", "type", "summary", "data", "truncated"],
  values: (r: EventRow) => [r.id, r.at, r.sessionID, r.type, r.summary, r.data, r.truncated === 1],
}

const count = (n: number) => Math.round(n).toLocaleString("en-US")
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`

export function printStore(ingest: IngestFigures, reads: ReadFigures) {
  const rate = `${count(ingest.eventsPerSecond)} events/s`
  const of = `${count(INGEST_EVENTS)} events, ${ingest.dropped} dropped`
  console.log(`  ingest: ${rate} through BatchWriter + applyWrites (${of})`)
  printFigures([ingest.enqueue])
  console.log(`  slowest enqueue: ${(ingest.maxEnqueueUs / 1000).toFixed(3)} ms`)
  const size = `${(reads.sizeBytes / 1024 / 1024).toFixed(0)} MiB`
  const made = `${count(SESSIONS)} sessions + ${count(EVENTS)} events`
  console.log(`  generated ${made} in ${seconds(reads.generateMs)} (${size}); queries, p50/p99 of ${REPEATS}:`)
  printFigures(reads.queries)
  const rss = `RSS +${reads.exportRssMiB.toFixed(1)} MiB at most (GC every 200k rows)`
  const speed = `${count(reads.exportRowsPerSecond)} rows/s`
  console.log(`  export events --format csv: ${seconds(reads.exportMs)}, ${speed}, ${rss}`)
}

export async function runStoreBench(): Promise<{ ingest: IngestFigures; reads: ReadFigures }> {
  return { ingest: await ingestBench(), reads: await readBench() }
}

if (import.meta.main) {
  console.log("store: ingest through the batched writer, then the CLI's queries over 10k sessions and 1M events")
  const { ingest, reads } = await runStoreBench()
  printStore(ingest, reads)
}
