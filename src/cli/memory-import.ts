// switchboard memory import <file>: reads what `memory export` wrote (here or on another machine) into the project of
// --dir. The file comes from outside, so it is validated whole before anything is written, and every text and name
// is redacted again. Facts become source "import" (the store drops ones it already knows), entities count one
// sighting each, relations are linked; all in one transaction, so a failure leaves the database as it was.
import fs from "node:fs"
import path from "node:path"
import { z } from "zod"
import { MAX_INPUT, MAX_NAME } from "../knowledge/extract-util.ts"
import { redact } from "../knowledge/redact.ts"
import { normaliseFact } from "../knowledge/sqlite-rows.ts"
import { ENTITY_TYPES, RELATION_TYPES, type EntityRef } from "../knowledge/types.ts"
import { errorMessage } from "../result.ts"
import { fail, usage, type Context } from "./context.ts"
import { withKnowledge } from "./memory-store.ts"

/** Far beyond any real export; stops a wrong file (a disk image) from being read into memory. */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024

const ref = z.object({ type: z.enum(ENTITY_TYPES), name: z.string().trim().min(1).max(MAX_NAME) })
const fact = z.object({
  text: z
    .string()
    .max(MAX_INPUT)
    .refine((t) => normaliseFact(t) !== "", "a fact needs some text"),
  pinned: z.boolean().optional(),
  entities: z.array(ref).max(100).optional(),
})
const entity = ref.extend({ pinned: z.boolean().optional(), lastSeen: z.number().int().nonnegative().optional() })
const relation = z.object({ from: ref, to: ref, type: z.enum(RELATION_TYPES) })

/** Unknown fields (ids, counts, sessions of the other database) are ignored; missing lists are empty. */
export const memoryDocument = z.object({
  version: z.literal(1),
  project: z.string().optional(),
  facts: z.array(fact).default([]),
  entities: z.array(entity).default([]),
  relations: z.array(relation).default([]),
})
export type MemoryDocument = z.infer<typeof memoryDocument>

/** The first few problems, each naming its field ("facts.2.text: …"): enough to fix the file, few enough to read. */
function problems(error: z.ZodError, shown = 5): string {
  const lines = error.issues.slice(0, shown).map((i) => `${i.path.map(String).join(".") || "(document)"}: ${i.message}`)
  const more = error.issues.length - shown
  return lines.join("; ") + (more > 0 ? `; and ${more} more` : "")
}

function readDocument(file: string): { ok: true; doc: MemoryDocument } | { ok: false; error: string } {
  let text: string
  try {
    const size = fs.statSync(file).size
    if (size > MAX_IMPORT_BYTES) return { ok: false, error: `${size} bytes, more than an export can be` }
    text = fs.readFileSync(file, "utf8")
  } catch (cause) {
    return { ok: false, error: errorMessage(cause) }
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (cause) {
    return { ok: false, error: `not JSON: ${errorMessage(cause)}` }
  }
  const parsed = memoryDocument.safeParse(json)
  return parsed.success ? { ok: true, doc: parsed.data } : { ok: false, error: problems(parsed.error) }
}

export async function memoryImport(ctx: Context, args: string[]): Promise<number> {
  const [file, ...rest] = args
  if (file === undefined) return usage(ctx, "expected the file to import (written by switchboard memory export)")
  if (rest.length > 0) return usage(ctx, `unexpected argument "${rest[0]}"`)
  const read = readDocument(path.resolve(ctx.rt.cwd, file))
  if (!read.ok) return fail(ctx, `${file}: ${read.error}`)
  const doc = read.doc
  let redacted = 0
  const clean = (text: string) => {
    const r = redact(text)
    redacted += r.found
    return r.text
  }
  const cleanRef = (r: EntityRef): EntityRef => ({ type: r.type, name: clean(r.name) })
  return withKnowledge(ctx, { write: true, create: true }, ({ db, knowledge }, project) => {
    const before = knowledge.counts()
    const now = ctx.now
    db.transaction(() => {
      for (const e of doc.entities) {
        const r = cleanRef(e)
        // A time from another file only orders recency; one from the future would outrank everything.
        knowledge.observe({ entities: [r], relations: [], facts: [] }, { at: Math.min(e.lastSeen ?? now, now) })
        if (e.pinned) knowledge.pinEntity(r, true)
      }
      for (const f of doc.facts) {
        const text = clean(f.text)
        // A fact that was all <private> leaves nothing worth keeping.
        if (normaliseFact(text.replaceAll("[private]", "")) === "") continue
        const entities = (f.entities ?? []).map(cleanRef)
        knowledge.addFact({ text, source: "import", entities, pinned: f.pinned === true })
      }
      for (const r of doc.relations) knowledge.link(cleanRef(r.from), cleanRef(r.to), r.type)
    })()
    const after = knowledge.counts()
    const added = {
      facts: after.facts - before.facts,
      entities: after.entities - before.entities,
      relations: after.relations - before.relations,
    }
    const known = doc.facts.length - added.facts
    if (ctx.json) {
      ctx.rt.out(JSON.stringify({ project, read: counts(doc), added, redacted }, null, 2))
      return 0
    }
    const facts = `${added.facts} facts${known > 0 ? ` (${known} already known)` : ""}`
    const secrets = redacted > 0 ? `; ${redacted} secrets redacted` : ""
    ctx.rt.out(`imported ${facts}, ${added.entities} entities, ${added.relations} relations into ${project}${secrets}`)
    return 0
  })
}

const counts = (doc: MemoryDocument) => ({
  facts: doc.facts.length,
  entities: doc.entities.length,
  relations: doc.relations.length,
})
