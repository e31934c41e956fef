// Row shapes and their mapping to the contract's types, shared by the store and recall.
import type { Database } from "bun:sqlite"
import type { Entity, EntityRef, EntityType, Fact, FactSource } from "./types.ts"

export interface FactRow {
  id: number
  project: string
  text: string
  source: string
  session_id: string | null
  message_id: string | null
  pinned: number
  created_at: number
  used_at: number | null
}

export interface EntityRow {
  id: number
  project: string
  type: string
  name: string
  pinned: number
  count: number
  first_seen: number
  last_seen: number
}

export const FACT_COLUMNS =
  "f.id, f.project, f.text, f.source, f.session_id, f.message_id, f.pinned, f.created_at, f.used_at"
export const ENTITY_COLUMNS = "e.id, e.project, e.type, e.name, e.pinned, e.count, e.first_seen, e.last_seen"

export function toFact(row: FactRow, entities: EntityRef[]): Fact {
  const fact: Fact = {
    id: row.id,
    project: row.project,
    text: row.text,
    source: row.source as FactSource,
    pinned: row.pinned === 1,
    createdAt: row.created_at,
    entities,
  }
  if (row.session_id !== null) fact.sessionID = row.session_id
  if (row.message_id !== null) fact.messageID = row.message_id
  if (row.used_at !== null) fact.usedAt = row.used_at
  return fact
}

export function toEntity(row: EntityRow): Entity {
  return {
    id: row.id,
    project: row.project,
    type: row.type as EntityType,
    name: row.name,
    pinned: row.pinned === 1,
    count: row.count,
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
  }
}

/** Facts with the entities each mentions, in one query (ids travel as a JSON array: one cached statement). */
export function withEntities(db: Database, rows: FactRow[]): Fact[] {
  if (rows.length === 0) return []
  const refs = new Map<number, EntityRef[]>()
  const linked = db
    .query<{ fact_id: number; type: string; name: string }, [string]>(
      `SELECT fe.fact_id, e.type, e.name FROM fact_entities fe JOIN entities e ON e.id = fe.entity_id
       WHERE fe.fact_id IN (SELECT value FROM json_each(?)) ORDER BY fe.fact_id, e.type, e.name`,
    )
    .all(JSON.stringify(rows.map((r) => r.id)))
  for (const l of linked) {
    const list = refs.get(l.fact_id) ?? []
    list.push({ type: l.type as EntityType, name: l.name })
    refs.set(l.fact_id, list)
  }
  return rows.map((r) => toFact(r, refs.get(r.id) ?? []))
}

/** Lowercase, whitespace collapsed: "Use  Bun" and "use bun" are one fact. */
export function normaliseFact(text: string): string {
  return text.toLowerCase().replace(/\s+/g, " ").trim()
}

export function factHash(normalised: string): Uint8Array {
  return Bun.CryptoHasher.hash("sha256", normalised).subarray(0, 16)
}

export const refKey = (ref: EntityRef) => `${ref.type}\u0000${ref.name}`
