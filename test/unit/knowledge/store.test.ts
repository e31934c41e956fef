import { Database } from "bun:sqlite"
import { describe, expect, test } from "bun:test"
import path from "node:path"
import { KNOWLEDGE_SCHEMA_VERSION, migrateKnowledge, openKnowledge } from "../../../src/knowledge/sqlite-store.ts"
import type { EntityRef } from "../../../src/knowledge/types.ts"
import { tempDir } from "../helpers/tmp.ts"

const root = tempDir("switchboard-knowledge-")
const T0 = 1_800_000_000_000
let files = 0

// A real temporary file in WAL mode, opened the way the extension's opener does (strict), with a clock the test moves.
function fixture(project = "/proj") {
  const file = path.join(root, `k${files++}.db`)
  const db = new Database(file, { create: true, readwrite: true, strict: true })
  db.run("PRAGMA journal_mode = WAL")
  const clock = { now: T0 }
  const open = (p: string) => openKnowledge(db, p, () => clock.now)
  return { db, file, store: open(project), clock, open }
}

// The contentless indexes hold one row per fact and per entity, and pass FTS5's own structural check.
function checkIndexes(db: Database) {
  const count = (table: string) => (db.query(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
  for (const table of ["facts", "entities"]) {
    db.run(`INSERT INTO ${table}_fts (${table}_fts) VALUES ('integrity-check')`)
    expect(count(`${table}_fts_docsize`)).toBe(count(table))
  }
}

const file = (name: string): EntityRef => ({ type: "file", name })
const cmd = (name: string): EntityRef => ({ type: "command", name })
const remember = (text: string, ...entities: EntityRef[]) => ({ text, source: "remember" as const, entities })

describe("schema", () => {
  test("migrates once, to user_version; reopening and re-migrating change nothing", () => {
    const { db, file: path, store } = fixture()
    store.addFact({ text: "kept across opens", source: "remember" })
    const { user_version } = db.query("PRAGMA user_version").get() as { user_version: number }
    expect(user_version).toBe(KNOWLEDGE_SCHEMA_VERSION)
    expect(migrateKnowledge(db)).toBe(KNOWLEDGE_SCHEMA_VERSION)
    db.close()
    const again = new Database(path)
    expect(openKnowledge(again, "/proj").counts().facts).toBe(1)
    again.close()
  })

  test("a file from a newer version is refused rather than misread", () => {
    const { db } = fixture()
    db.run(`PRAGMA user_version = ${KNOWLEDGE_SCHEMA_VERSION + 1}`)
    expect(() => openKnowledge(db, "/proj")).toThrow(/newer/)
  })
})

describe("facts", () => {
  test("dedupe by normalised text returns the existing id and links the new entities", () => {
    const { store } = fixture()
    const id = store.addFact({ text: "Use Bun for  tests", source: "remember", entities: [cmd("bun test")] })
    const again = store.addFact({ text: "  use bun\nfor TESTS ", source: "learn", entities: [file("package.json")] })
    expect(again).toBe(id)
    expect(store.counts().facts).toBe(1)
    const fact = store.fact(id)!
    expect(fact.text).toBe("Use Bun for  tests")
    expect(fact.source).toBe("remember")
    expect(fact.entities).toEqual([cmd("bun test"), file("package.json")])
    expect(store.addFact({ text: "use bun for tests!", source: "remember" })).not.toBe(id)
  })

  test("a fact keeps where it came from; an empty one is refused", () => {
    const { store, clock } = fixture()
    clock.now = T0 + 5
    const id = store.addFact({ text: "x is y", source: "learn", sessionID: "ses_1", messageID: "msg_1", pinned: true })
    expect(store.fact(id)).toEqual({
      id,
      project: "/proj",
      text: "x is y",
      source: "learn",
      sessionID: "ses_1",
      messageID: "msg_1",
      pinned: true,
      createdAt: T0 + 5,
      entities: [],
    })
    expect(() => store.addFact({ text: " \n ", source: "remember" })).toThrow()
  })

  test("pin and forget answer whether the fact existed; forgetting keeps the index in sync", () => {
    const { db, store } = fixture()
    const id = store.addFact(remember("deploy with scripts/ship.sh", file("scripts/ship.sh")))
    expect(store.pinFact(id, true)).toBe(true)
    expect(store.fact(id)!.pinned).toBe(true)
    expect(store.pinFact(id, false)).toBe(true)
    expect(store.fact(id)!.pinned).toBe(false)
    expect(store.pinFact(id + 100, true)).toBe(false)
    expect(store.search("deploy", 10).facts.map((f) => f.id)).toEqual([id])
    expect(store.forgetFact(id)).toBe(true)
    expect(store.forgetFact(id)).toBe(false)
    expect(store.fact(id)).toBeUndefined()
    expect(store.search("deploy", 10).facts).toEqual([])
    expect(store.factsAbout(file("scripts/ship.sh"), 10)).toEqual([])
    expect(db.query("SELECT count(*) AS n FROM fact_entities").get()).toEqual({ n: 0 })
    checkIndexes(db)
  })
})

describe("entities and relations", () => {
  test("observe merges: counts and last-seen add up, first-seen stays, each entity once per observation", () => {
    const { store } = fixture()
    const rel = { from: file("src/a.ts"), to: file("src/b.ts"), type: "depends_on" as const }
    store.observe({ entities: [file("src/a.ts"), file("src/a.ts")], relations: [rel, rel], facts: [] }, { at: T0 })
    store.observe({ entities: [file("src/a.ts")], relations: [rel], facts: [] }, { at: T0 + 1000 })
    const [a, b] = store.entities({ limit: 10 })
    expect(a).toMatchObject({ ...file("src/a.ts"), count: 2, firstSeen: T0, lastSeen: T0 + 1000, pinned: false })
    expect(b).toMatchObject({ ...file("src/b.ts"), count: 2, firstSeen: T0, lastSeen: T0 + 1000 })
    expect(store.relationsOf(file("src/b.ts"), 10)).toEqual([{ ...rel, count: 2, lastSeen: T0 + 1000 }])
    expect(store.counts()).toEqual({ facts: 0, entities: 2, relations: 1 })
  })

  test("observe stores its facts as captures linked to all the observation's entities", () => {
    const { store } = fixture()
    const obs = {
      entities: [file("bench/run.ts"), cmd("bun bench/run.ts")],
      relations: [],
      facts: ["always run the benches before a release", "   "],
    }
    store.observe(obs, { sessionID: "ses_9", messageID: "msg_9", at: T0 + 7 })
    store.observe(obs, { sessionID: "ses_10", at: T0 + 8 })
    const facts = store.factsAbout(cmd("bun bench/run.ts"), 10)
    expect(facts).toHaveLength(1)
    expect(facts[0]).toMatchObject({ source: "capture", sessionID: "ses_9", messageID: "msg_9", createdAt: T0 + 7 })
    expect(facts[0]!.entities).toEqual([cmd("bun bench/run.ts"), file("bench/run.ts")])
  })

  test("link creates what is missing and counts repeats; a self-link is ignored", () => {
    const { store, clock } = fixture()
    store.link(file("a.ts"), cmd("make"), "uses")
    clock.now = T0 + 50
    store.link(file("a.ts"), cmd("make"), "uses")
    store.link(file("a.ts"), file("a.ts"), "related")
    expect(store.relationsOf(cmd("make"), 10)).toEqual([
      { from: file("a.ts"), to: cmd("make"), type: "uses", count: 2, lastSeen: T0 + 50 },
    ])
    expect(store.counts()).toEqual({ facts: 0, entities: 2, relations: 1 })
  })

  test("listing filters by type and pages; pinned first, then the most seen", () => {
    const { store } = fixture()
    store.observe({ entities: [file("x"), file("y"), cmd("z")], relations: [], facts: [] }, {})
    store.observe({ entities: [file("y")], relations: [], facts: [] }, {})
    expect(store.pinEntity(file("x"), true)).toBe(true)
    expect(store.pinEntity(file("nope"), true)).toBe(false)
    expect(store.entities({ limit: 10 }).map((e) => e.name)).toEqual(["x", "y", "z"])
    expect(store.entities({ type: "file", limit: 1, offset: 1 }).map((e) => e.name)).toEqual(["y"])
    expect(store.entities({ type: "command", limit: 10 }).map((e) => e.name)).toEqual(["z"])
  })

  test("forgetting an entity removes its relations and the facts that mention only it", () => {
    const { db, store } = fixture()
    store.link(file("old.ts"), file("new.ts"), "related")
    store.link(cmd("make"), file("old.ts"), "uses")
    const only = store.addFact({ text: "old.ts is legacy", source: "remember", entities: [file("old.ts")] })
    const shared = store.addFact(remember("old.ts became new.ts", file("old.ts"), file("new.ts")))
    const loose = store.addFact({ text: "unrelated note", source: "remember" })
    expect(store.forgetEntity(file("old.ts"))).toBe(true)
    expect(store.forgetEntity(file("old.ts"))).toBe(false)
    expect(store.fact(only)).toBeUndefined()
    expect(store.fact(shared)!.entities).toEqual([file("new.ts")])
    expect(store.fact(loose)).toBeDefined()
    expect(store.relationsOf(file("new.ts"), 10)).toEqual([])
    expect(store.counts()).toEqual({ facts: 2, entities: 2, relations: 0 })
    expect(store.search("legacy", 10).facts).toEqual([])
    expect(store.search("old.ts", 10).entities).toEqual([])
    checkIndexes(db)
  })
})

describe("search", () => {
  test("paths with dots and slashes are found whole and in part, in facts and entity names", () => {
    const { store } = fixture()
    const ship = store.addFact(remember("Release with ./scripts/ship.sh.", file("scripts/ship.sh")))
    const dotted = store.addFact(remember("config lives in foo.bar, not foo", file("foo.bar")))
    store.addFact({ text: "the ship sails at dawn", source: "remember" })
    expect(store.search("scripts/ship.sh", 10).facts.map((f) => f.id)).toEqual([ship])
    expect(store.search("ship.sh", 10).facts.map((f) => f.id)).toEqual([ship])
    expect(store.search("foo.bar", 10).facts.map((f) => f.id)).toEqual([dotted])
    expect(store.search("scripts/ship.sh", 10).entities.map((e) => e.name)).toEqual(["scripts/ship.sh"])
    expect(store.search("bar", 10).entities.map((e) => e.name)).toEqual(["foo.bar"])
  })

  test("most relevant first; nothing to match browses the newest", () => {
    const { store } = fixture()
    const once = store.addFact({ text: "cache keys include the lockfile hash and more words here", source: "import" })
    const twice = store.addFact({ text: "cache the cache", source: "import" })
    store.addFact({ text: "something else", source: "import" })
    expect(store.search("cache", 10).facts.map((f) => f.id)).toEqual([twice, once])
    expect(store.search("", 2).facts.map((f) => f.text)).toEqual(["something else", "cache the cache"])
    expect(store.search("the of", 1).facts).toHaveLength(1)
    expect(store.search("cache", 0)).toEqual({ facts: [], entities: [] })
  })
})

test("a read-only handle recalls and searches; only the used_at bookkeeping is skipped", () => {
  const { db, file: path, store } = fixture()
  const id = store.addFact(remember("read-only readers still recall", file("ro.ts")))
  const reader = new Database(path, { readonly: true, strict: true })
  const ro = openKnowledge(reader, "/proj")
  const hits = ro.recall({ text: "readers recall", budgetTokens: 100 })
  expect(hits.map((h) => h.fact.id)).toEqual([id])
  expect(hits[0]!.fact.usedAt).toBeUndefined()
  expect(ro.search("ro.ts", 5).entities.map((e) => e.name)).toEqual(["ro.ts"])
  expect(() => ro.addFact({ text: "no", source: "remember" })).toThrow()
  reader.close()
  db.close()
})

test("projects sharing one file never see each other's knowledge", () => {
  const { store: a, open } = fixture("/a")
  const b = open("/b")
  const id = a.addFact({ text: "secret of a", source: "remember", entities: [file("a.ts")] })
  a.link(file("a.ts"), file("b.ts"), "related")
  expect(b.addFact({ text: "secret of a", source: "remember" })).not.toBe(id)
  expect(b.fact(id)).toBeUndefined()
  expect(b.pinFact(id, true)).toBe(false)
  expect(b.forgetFact(id)).toBe(false)
  expect(b.forgetEntity(file("a.ts"))).toBe(false)
  expect(b.search("secret", 10).facts.map((f) => f.project)).toEqual(["/b"])
  expect(b.search("a.ts", 10).entities).toEqual([])
  expect(b.relationsOf(file("a.ts"), 10)).toEqual([])
  const recalled = b.recall({ text: "secret", entities: [file("a.ts")], budgetTokens: 1000 })
  expect(recalled.map((h) => h.fact.project)).toEqual(["/b"])
  expect(b.counts()).toEqual({ facts: 1, entities: 0, relations: 0 })
  expect(a.counts()).toEqual({ facts: 1, entities: 2, relations: 1 })
})

test("search as you type: an unfinished last word matches as a prefix; porter finds other forms", () => {
  const { Database } = require("bun:sqlite") as typeof import("bun:sqlite")
  const { openKnowledge } = require("../../../src/knowledge/sqlite-store.ts") as typeof import("../../../src/knowledge/sqlite-store.ts")
  const k = openKnowledge(new Database(":memory:"), "/p")
  k.addFact({ text: "deploys go through scripts/ship.sh", source: "remember" })
  for (const typed of ["dep", "deplo", "deploy", "deploying", "ship"]) expect(k.search(typed, 5).facts.map((f) => f.text)).toEqual(["deploys go through scripts/ship.sh"])
  expect(k.recall({ text: "how do we deploy?", budgetTokens: 600 }).map((h) => h.fact.text)).toEqual(["deploys go through scripts/ship.sh"])
})
