import { describe, expect, test } from "bun:test"
import fs from "node:fs"
import path from "node:path"
import { allEntities, allFacts, allRelations } from "../../../src/cli/memory-dump.ts"
import { openKnowledgeFile } from "../../../src/knowledge/open.ts"
import { run, world, type Fixture } from "./fixture.ts"

const TOKEN = "ghp_abcdefghijklmnopqrstuvwxyz0123456789"
const knowledgeDb = (f: Fixture) => path.join(f.root, "data", "extensions", "openmind.db")

/** A second git project beside the fixture's, sharing its store. */
function otherProject(f: Fixture, name: string): string {
  const dir = path.join(f.root, name)
  fs.mkdirSync(path.join(dir, ".git"), { recursive: true })
  return dir
}

/** Everything written to the knowledge files, WAL included: a secret must be nowhere in it. */
const rawBytes = (f: Fixture) =>
  ["", "-wal"]
    .map((s) => knowledgeDb(f) + s)
    .map((file) => (fs.existsSync(file) ? fs.readFileSync(file, "latin1") : ""))
    .join()

async function searchJson(f: Fixture, text: string, dir = f.project) {
  const r = await run(f, ["memory", "search", text, "--json", "--dir", dir])
  expect(r.code).toBe(0)
  return JSON.parse(r.out.join("\n"))
}

describe("switchboard memory, nothing remembered yet", () => {
  const f = world()

  test("search and export are empty (exit 0), forget exits 1, and none creates the database", async () => {
    const search = await run(f, ["memory", "search", "anything"])
    expect(search).toMatchObject({ code: 0, out: ["nothing remembered yet"] })
    expect(await searchJson(f, "anything")).toEqual({ project: f.project, facts: [], entities: [] })
    const exported = await run(f, ["memory", "export"])
    expect(exported.code).toBe(0)
    const empty = { version: 1, project: f.project, facts: [], entities: [], relations: [] }
    expect(JSON.parse(exported.written)).toEqual(empty)
    const forget = await run(f, ["memory", "forget", "1"])
    expect(forget.code).toBe(1)
    expect(forget.err[0]).toContain("nothing remembered yet")
    expect(fs.existsSync(knowledgeDb(f))).toBe(false)
  })

  test("bad usage exits 2", async () => {
    expect((await run(f, ["memory"])).code).toBe(2)
    expect((await run(f, ["memory", "recall"])).code).toBe(2)
    const pin = await run(f, ["memory", "search", "x", "--pin"])
    expect(pin.code).toBe(2)
    expect(pin.err[0]).toContain("--pin does not apply to memory search")
    expect((await run(f, ["memory", "add"])).code).toBe(2)
    expect((await run(f, ["memory", "add", "   "])).code).toBe(2)
    expect((await run(f, ["memory", "search", "--limit", "x"])).code).toBe(2)
    expect((await run(f, ["memory", "forget"])).code).toBe(2)
    expect((await run(f, ["memory", "forget", "abc"])).code).toBe(2)
    expect((await run(f, ["memory", "forget", "1", "--entity", "file:a.ts"])).code).toBe(2)
    expect((await run(f, ["memory", "forget", "--entity", "nonsense:a.ts"])).code).toBe(2)
    expect((await run(f, ["memory", "forget", "--entity", "file:"])).code).toBe(2)
    expect((await run(f, ["memory", "import"])).code).toBe(2)
    expect((await run(f, ["memory", "export", "extra"])).code).toBe(2)
    expect(fs.existsSync(knowledgeDb(f))).toBe(false)
  })
})

describe("switchboard memory add, search, forget", () => {
  const f = world()

  test("add prints the id, redacts secrets, and a path like scripts/ship.sh is searchable", async () => {
    const r = await run(f, ["memory", "add", "deploy", "with", "scripts/ship.sh", "using", "token", TOKEN])
    expect(r.code).toBe(0)
    expect(r.out).toEqual(["remembered as fact 1 (1 redacted: github-token)"])
    for (const query of ["scripts/ship.sh", "ship.sh", "deploy"]) {
      const found = await searchJson(f, query)
      expect(found.facts).toHaveLength(1)
      expect(found.facts[0]).toMatchObject({
        id: 1,
        source: "remember",
        text: "deploy with scripts/ship.sh using token [REDACTED:github-token]",
        entities: [{ type: "file", name: "scripts/ship.sh" }],
      })
    }
    expect((await searchJson(f, "scripts/ship.sh")).entities).toMatchObject([{ type: "file", name: "scripts/ship.sh" }])
    expect(rawBytes(f)).not.toContain(TOKEN)
    // From a subdirectory: the same project.
    const sub = await searchJson(f, "ship", path.join(f.project, "sub"))
    expect(sub.facts).toHaveLength(1)
  })

  test("the same fact again is the same id; --pin pins it", async () => {
    const again = await run(f, ["memory", "add", "Deploy  with scripts/ship.sh using token", TOKEN, "--pin"])
    expect(again.out).toEqual(["already remembered as fact 1 (1 redacted: github-token)"])
    const json = await run(f, ["memory", "add", "we use `bun test` for src/cli/main.ts", "--json"])
    expect(JSON.parse(json.out.join("\n"))).toMatchObject({ id: 2, new: true, redacted: 0 })
    expect((await searchJson(f, "deploy")).facts[0].pinned).toBe(true)
  })

  test("search prints tables for people", async () => {
    const r = await run(f, ["memory", "search", "scripts/ship.sh"])
    expect(r.code).toBe(0)
    expect(r.out[0]).toMatch(/^FACT\s+SOURCE\s+TEXT\s+ABOUT$/)
    expect(r.out[1]).toMatch(/^\s*1\s+\*\s+remember\s+deploy with scripts\/ship\.sh .*file:scripts\/ship\.sh$/)
    expect(r.out).toContain("")
    expect(r.out.find((l) => l.startsWith("ENTITY"))).toMatch(/^ENTITY\s+NAME\s+SEEN\s+LAST SEEN$/)
    expect((await run(f, ["memory", "search", "zebra"])).out).toEqual(["nothing found"])
    // No text browses the newest facts; --limit bounds it.
    expect((await searchJson(f, "")).facts.map((x: { id: number }) => x.id)).toEqual([2, 1])
    const one = await run(f, ["memory", "search", "--limit", "1", "--json"])
    expect(JSON.parse(one.out.join("\n")).facts).toHaveLength(1)
  })

  test("forget a fact, then an entity; what is not there exits 1", async () => {
    expect(await run(f, ["memory", "forget", "2"])).toMatchObject({ code: 0, out: ["forgot fact 2"] })
    const gone = await run(f, ["memory", "forget", "2"])
    expect(gone).toMatchObject({ code: 1, err: ["switchboard memory: no fact 2 remembered"] })
    const entity = await run(f, ["memory", "forget", "--entity", "file:scripts/ship.sh"])
    expect(entity).toMatchObject({ code: 0, out: ["forgot entity file:scripts/ship.sh"] })
    // The fact mentioned only that entity, so it went with it.
    expect(await searchJson(f, "ship")).toMatchObject({ facts: [], entities: [] })
    expect((await run(f, ["memory", "forget", "--entity", "file:scripts/ship.sh"])).code).toBe(1)
    // Another project's ids are not this project's.
    await run(f, ["memory", "add", "elsewhere fact", "--dir", otherProject(f, "elsewhere")])
    expect((await run(f, ["memory", "forget", "3"])).code).toBe(1)
  })
})

describe("switchboard memory export and import", () => {
  const f = world()
  const target = otherProject(f, "target")
  const file = path.join(f.root, "memory.json")
  const ship = { type: "file", name: "scripts/ship.sh" } as const
  const bunTest = { type: "command", name: "bun test" } as const

  test("export writes every fact with its entities, entities and relations, to a 0600 file", async () => {
    await run(f, ["memory", "add", "deploy with scripts/ship.sh, never on Fridays", "--pin"])
    await run(f, ["memory", "add", "we use `bun test` for src/cli/main.ts"])
    const opened = openKnowledgeFile(path.join(f.root, "data", "switchboard.db"), f.project, { write: true })
    if (!opened.ok) throw new Error(opened.error)
    opened.value.knowledge.link(ship, bunTest, "uses")
    opened.value.knowledge.observe({ entities: [{ type: "package", name: "zod" }], relations: [], facts: [] }, {})
    opened.value.knowledge.pinEntity({ type: "package", name: "zod" }, true)
    opened.value.close()

    fs.writeFileSync(file, "old", { mode: 0o644 })
    const r = await run(f, ["memory", "export", "--out", file])
    expect(r.code).toBe(0)
    expect(r.out).toEqual([`exported 2 facts, 4 entities, 1 relations to ${file}`])
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
    const doc = JSON.parse(fs.readFileSync(file, "utf8"))
    expect(doc).toMatchObject({ version: 1, project: f.project })
    expect(doc.facts).toMatchObject([
      { id: 1, pinned: true, source: "remember", entities: [ship] },
      { id: 2, pinned: false, entities: [bunTest, { type: "file", name: "src/cli/main.ts" }] },
    ])
    expect(doc.entities[0]).toEqual(expect.objectContaining({ type: "package", name: "zod", pinned: true, count: 1 }))
    expect(doc.entities).toHaveLength(4)
    expect(doc.relations).toEqual([
      expect.objectContaining({ from: ship, to: bunTest, type: "uses" }),
    ])
    // Without --out the same document goes to stdout.
    expect(JSON.parse((await run(f, ["memory", "export"])).written)).toEqual(doc)
  })

  test("export never writes through a symbolic link", async () => {
    const real = path.join(f.root, "real.json")
    fs.writeFileSync(real, "keep")
    const link = path.join(f.root, "link.json")
    fs.symlinkSync(real, link)
    const r = await run(f, ["memory", "export", "--out", link])
    expect(r.code).toBe(1)
    expect(r.err[0]).toContain("symbolic link")
    expect(fs.readFileSync(real, "utf8")).toBe("keep")
  })

  test("import into another project brings the same facts, entities and relations; again adds nothing", async () => {
    const r = await run(f, ["memory", "import", file, "--dir", target])
    expect(r).toMatchObject({ code: 0, out: [`imported 2 facts, 4 entities, 1 relations into ${target}`] })
    const a = JSON.parse((await run(f, ["memory", "export"])).written)
    const b = JSON.parse((await run(f, ["memory", "export", "--dir", target])).written)
    expect(b.project).toBe(target)
    const facts = (d: typeof a) => d.facts.map((x: any) => ({ text: x.text, pinned: x.pinned, entities: x.entities }))
    expect(facts(b)).toEqual(facts(a))
    expect(b.facts.every((x: any) => x.source === "import")).toBe(true)
    const names = (d: typeof a) => d.entities.map((e: any) => `${e.type}:${e.name}:${e.pinned}`).sort()
    expect(names(b)).toEqual(names(a))
    const relations = (d: typeof a) => d.relations.map((x: any) => [x.from, x.to, x.type])
    expect(relations(b)).toEqual(relations(a))
    expect((await searchJson(f, "scripts/ship.sh", target)).facts).toHaveLength(1)

    const again = await run(f, ["memory", "import", file, "--dir", target, "--json"])
    expect(JSON.parse(again.out.join("\n"))).toMatchObject({
      project: target,
      read: { facts: 2, entities: 4, relations: 1 },
      added: { facts: 0, entities: 0, relations: 0 },
    })
  })

  test("import redacts every text and name again", async () => {
    const secretFile = path.join(f.root, "secret.json")
    const doc = {
      version: 1,
      facts: [{ text: `the deploy token is ${TOKEN}`, entities: [{ type: "concept", name: `key ${TOKEN}` }] }],
      entities: [{ type: "url", name: `https://user:hunter2pass@example.com/x` }],
      relations: [],
    }
    fs.writeFileSync(secretFile, JSON.stringify(doc))
    const dir = otherProject(f, "secret")
    const r = await run(f, ["memory", "import", secretFile, "--dir", dir])
    expect(r.code).toBe(0)
    expect(r.out[0]).toMatch(/^imported 1 facts, 2 entities, 0 relations into .*; 3 secrets redacted$/)
    const found = await searchJson(f, "deploy token", dir)
    expect(found.facts[0].text).toBe("the deploy token is [REDACTED:github-token]")
    expect(found.facts[0].entities).toEqual([{ type: "concept", name: "key [REDACTED:github-token]" }])
    expect(rawBytes(f)).not.toContain(TOKEN)
    expect(rawBytes(f)).not.toContain("hunter2pass")
  })

  test("a bad file is refused before anything is written, naming the field (exit 1)", async () => {
    const g = world()
    const bad = path.join(g.root, "bad.json")
    const refuse = async (content: string, field: string) => {
      fs.writeFileSync(bad, content)
      const r = await run(g, ["memory", "import", bad])
      expect(r.code).toBe(1)
      expect(r.err[0]).toStartWith(`switchboard memory: ${bad}: `)
      expect(r.err[0]).toContain(field)
    }
    await refuse(JSON.stringify({ version: 2, facts: [] }), "version:")
    await refuse(JSON.stringify({ version: 1, facts: [{ pinned: true }] }), "facts.0.text:")
    await refuse(JSON.stringify({ version: 1, facts: [{ text: "  " }] }), "facts.0.text: a fact needs some text")
    await refuse(JSON.stringify({ version: 1, entities: [{ type: "planet", name: "x" }] }), "entities.0.type:")
    await refuse(JSON.stringify({ version: 1, relations: [{ from: ship, type: "uses" }] }), "relations.0.to:")
    const noName = { version: 1, facts: [{ text: "ok", entities: [{ type: "file", name: "" }] }] }
    await refuse(JSON.stringify(noName), "facts.0.entities.0.name:")
    await refuse("{ not json", "not JSON")
    await refuse(JSON.stringify({ version: 1, facts: Array.from({ length: 9 }, () => ({})) }), "and 4 more")
    const missing = await run(g, ["memory", "import", path.join(g.root, "absent.json")])
    expect(missing.code).toBe(1)
    expect(fs.existsSync(knowledgeDb(g))).toBe(false)
  })
})

describe("memory-dump: every fact and relation, page by page (read-only SQL over the knowledge tables)", () => {
  test("pages of two see each row once, in order, and only the project's", async () => {
    const f = world()
    const storeFile = path.join(f.root, "data", "switchboard.db")
    const other = openKnowledgeFile(storeFile, "/elsewhere", { write: true })
    if (!other.ok) throw new Error(other.error)
    other.value.knowledge.addFact({ text: "not ours", source: "remember" })
    other.value.knowledge.link({ type: "file", name: "x" }, { type: "file", name: "y" }, "uses")
    other.value.close()
    const opened = openKnowledgeFile(storeFile, f.project, { write: true })
    if (!opened.ok) throw new Error(opened.error)
    const { knowledge, db } = opened.value
    const file = (n: number) => ({ type: "file" as const, name: `f${n}.ts` })
    for (let n = 0; n < 5; n++) knowledge.addFact({ text: `fact ${n}`, source: "remember", entities: [file(n)] })
    for (let n = 0; n < 4; n++) {
      knowledge.link(file(n), file(n + 1), "depends_on")
      knowledge.link(file(n), file(n + 1), "related")
    }
    const facts = [...allFacts(db, f.project, 2)]
    expect(facts.map((x) => x.text)).toEqual(["fact 0", "fact 1", "fact 2", "fact 3", "fact 4"])
    expect(facts[3]!.entities).toEqual([file(3)])
    const relations = [...allRelations(db, f.project, 2)]
    expect(relations).toHaveLength(8)
    expect(new Set(relations.map((r) => `${r.from.name}>${r.to.name}:${r.type}`)).size).toBe(8)
    expect([...allEntities(knowledge, 2)]).toHaveLength(5)
    expect([...allFacts(db, f.project, 5)]).toHaveLength(5)
    opened.value.close()
  })
})
