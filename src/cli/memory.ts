// switchboard memory: what OpenMind remembers about the project of --dir, from outside opencode. Search, add and
// forget facts, and move them between projects or machines with export and import (memory-export.ts,
// memory-import.ts). The database is the one the openmind extension writes, <store dir>/extensions/openmind.db.
import { fromUserText } from "../knowledge/extract.ts"
import { MAX_INPUT } from "../knowledge/extract-util.ts"
import { redact } from "../knowledge/redact.ts"
import { normaliseFact } from "../knowledge/sqlite-rows.ts"
import { ENTITY_TYPES, type Entity, type EntityRef, type EntityType, type Fact } from "../knowledge/types.ts"
import { fail, flag, intOption, projectFor, stringOption, usage, type Context } from "./context.ts"
import { memoryExport } from "./memory-export.ts"
import { memoryImport } from "./memory-import.ts"
import { withKnowledge } from "./memory-store.ts"
import { table } from "./table.ts"
import { localTime } from "../time.ts"

export const memoryOptions = {
  limit: { type: "string" },
  pin: { type: "boolean" },
  entity: { type: "string" },
  out: { type: "string" },
} as const

type Sub = "search" | "add" | "forget" | "export" | "import"

/** Which of memoryOptions each subcommand takes; any other is bad usage rather than silently ignored. */
const ACCEPTS: Record<Sub, (keyof typeof memoryOptions)[]> = {
  search: ["limit"],
  add: ["pin"],
  forget: ["entity"],
  export: ["out"],
  import: [],
}

const SUBS = Object.keys(ACCEPTS) as Sub[]

export async function memory(ctx: Context): Promise<number> {
  const [sub, ...args] = ctx.positionals
  if (!SUBS.includes(sub as Sub)) {
    return usage(ctx, `expected ${SUBS.join(", ")}${sub === undefined ? "" : `, not "${sub}"`}`)
  }
  const name = sub as Sub
  const refused = Object.keys(memoryOptions).find(
    (o) => ctx.values[o] !== undefined && !ACCEPTS[name].includes(o as keyof typeof memoryOptions),
  )
  if (refused) return usage(ctx, `--${refused} does not apply to memory ${name}`)
  switch (name) {
    case "search":
      return search(ctx, args)
    case "add":
      return add(ctx, args)
    case "forget":
      return forget(ctx, args)
    case "export":
      return memoryExport(ctx, args)
    case "import":
      return memoryImport(ctx, args)
  }
}

async function search(ctx: Context, args: string[]): Promise<number> {
  const limit = intOption(ctx, "limit", 20, 1000)
  if (!limit.ok) return usage(ctx, limit.error)
  // No text browses: the newest facts and the busiest entities.
  const text = args.join(" ")
  const show = (project: string, facts: Fact[], entities: Entity[]) => {
    if (ctx.json) ctx.rt.out(JSON.stringify({ project, facts, entities }, null, 2))
    else printFound(ctx, facts, entities)
    return 0
  }
  const missing = () => {
    if (ctx.json) return show(projectFor(ctx), [], [])
    ctx.rt.out("nothing remembered yet")
    return 0
  }
  return withKnowledge(ctx, { write: false, missing }, ({ knowledge }, project) => {
    const found = knowledge.search(text, limit.value)
    return show(project, found.facts, found.entities)
  })
}

const oneLine = (text: string) => text.replace(/\s+/g, " ")
const refText = (refs: EntityRef[]) => refs.map((r) => `${r.type}:${r.name}`).join(", ")

function printFound(ctx: Context, facts: Fact[], entities: Entity[]) {
  if (facts.length === 0 && entities.length === 0) {
    ctx.rt.out("nothing found")
    return
  }
  if (facts.length > 0) {
    const columns = [
      { header: "FACT", align: "right" as const },
      { header: "" },
      { header: "SOURCE" },
      { header: "TEXT", max: 72 },
      { header: "ABOUT", max: 40 },
    ]
    const rows = facts.map((f) => [f.id, f.pinned ? "*" : "", f.source, oneLine(f.text), refText(f.entities)])
    for (const line of table(columns, rows)) ctx.rt.out(line)
  }
  if (facts.length > 0 && entities.length > 0) ctx.rt.out("")
  if (entities.length > 0) {
    const columns = [
      { header: "ENTITY" },
      { header: "" },
      { header: "NAME", max: 60 },
      { header: "SEEN", align: "right" as const },
      { header: "LAST SEEN" },
    ]
    const rows = entities.map((e) => [e.type, e.pinned ? "*" : "", e.name, e.count, localTime(e.lastSeen)])
    for (const line of table(columns, rows)) ctx.rt.out(line)
  }
}

async function add(ctx: Context, args: string[]): Promise<number> {
  const given = args.join(" ")
  if (normaliseFact(given) === "") return usage(ctx, "expected the text of the fact to remember")
  // The extractors read no further than this, and neither does import.
  if (given.length > MAX_INPUT) return usage(ctx, `a fact is at most ${MAX_INPUT} characters, not ${given.length}`)
  const r = redact(given)
  // Only [private] may be left, or nothing at all: there is no fact to keep.
  if (normaliseFact(r.text.replaceAll("[private]", "")) === "") {
    return usage(ctx, "nothing is left to remember after redaction")
  }
  return withKnowledge(ctx, { write: true, create: true }, ({ knowledge }, project) => {
    const before = knowledge.counts().facts
    const entities = fromUserText(r.text, { root: project }).entities
    const id = knowledge.addFact({ text: r.text, source: "remember", entities, pinned: flag(ctx, "pin") })
    const known = knowledge.counts().facts === before
    if (ctx.json) {
      ctx.rt.out(JSON.stringify({ project, id, new: !known, redacted: r.found, kinds: r.kinds, entities }, null, 2))
      return 0
    }
    const secrets = r.found === 0 ? "" : ` (${r.found} redacted: ${r.kinds.join(", ")})`
    ctx.rt.out(`${known ? "already remembered" : "remembered"} as fact ${id}${secrets}`)
    return 0
  })
}

/** "file:src/a.ts" -> { type: "file", name: "src/a.ts" }; the name may hold colons (url:https://…). */
export function parseEntityRef(text: string): EntityRef | undefined {
  const at = text.indexOf(":")
  const type = text.slice(0, at)
  const name = text.slice(at + 1).trim()
  if (at < 0 || !ENTITY_TYPES.includes(type as EntityType) || name === "") return undefined
  return { type: type as EntityType, name }
}

async function forget(ctx: Context, args: string[]): Promise<number> {
  const entity = stringOption(ctx, "entity")
  if (entity !== undefined && args.length > 0) return usage(ctx, "give a fact id or --entity, not both")
  if (args.length > 1) return usage(ctx, `unexpected argument "${args[1]}"`)
  let ref: EntityRef | undefined
  let id: number | undefined
  if (entity !== undefined) {
    ref = parseEntityRef(entity)
    if (!ref) return usage(ctx, `--entity expects <type>:<name> with a type of ${ENTITY_TYPES.join(", ")}`)
  } else {
    const text = args[0]
    if (text === undefined) return usage(ctx, "expected a fact id or --entity <type>:<name>")
    if (!/^\d{1,15}$/.test(text)) return usage(ctx, `a fact id is a whole number, not "${text}"`)
    id = Number(text)
  }
  return withKnowledge(ctx, { write: true }, ({ knowledge }) => {
    if (ref) {
      const what = `entity ${ref.type}:${ref.name}`
      return knowledge.forgetEntity(ref) ? (ctx.rt.out(`forgot ${what}`), 0) : fail(ctx, `no ${what} remembered`)
    }
    return knowledge.forgetFact(id!) ? (ctx.rt.out(`forgot fact ${id}`), 0) : fail(ctx, `no fact ${id} remembered`)
  })
}
