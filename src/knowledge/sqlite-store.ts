// OpenMind's knowledge store over bun:sqlite: entities, relations and facts per project, with full-text search
// and ranked recall. Statements go through db.query(), which compiles each SQL text once per handle and caches it.
import type { Database, SQLQueryBindings } from "bun:sqlite"
import { recall } from "./sqlite-recall.ts"
import {
  ENTITY_COLUMNS,
  FACT_COLUMNS,
  factHash,
  normaliseFact,
  refKey,
  toEntity,
  withEntities,
  type EntityRow,
  type FactRow,
} from "./sqlite-rows.ts"
import { queryTerms } from "./sqlite-match.ts"
import { migrateKnowledge } from "./sqlite-schema.ts"
import { ftsRanked, indexRow, unindexRow } from "./sqlite-fts.ts"
import type { EntityRef, KnowledgeStore, NewFact, Observation, Relation, RelationType } from "./types.ts"

export { migrateKnowledge, KNOWLEDGE_SCHEMA_VERSION } from "./sqlite-schema.ts"

type Bump = "observe" | "ensure"

export function openKnowledge(db: Database, project: string, now: () => number = Date.now): KnowledgeStore {
  migrateKnowledge(db)
  const q = <R = unknown>(sql: string) => db.query<R, SQLQueryBindings[]>(sql)
  const tx = atomic(db)

  // An observation counts a sighting; naming an entity in a remembered fact or a link only makes sure it exists.
  // Look up, then update or insert: a statement with RETURNING costs ~20 µs more once the transaction has written to
  // the FTS5 index (measured in bulk), several times the statement itself.
  const upsertEntity = (ref: EntityRef, at: number, bump: Bump): number => {
    const found = entityId(ref)
    if (found !== undefined) {
      if (bump === "observe") {
        q("UPDATE entities SET count = count + 1, last_seen = max(last_seen, ?) WHERE id = ?").run(at, found)
      }
      return found
    }
    const sql = "INSERT INTO entities (project, type, name, count, first_seen, last_seen) VALUES (?, ?, ?, 1, ?, ?)"
    const id = Number(q(sql).run(project, ref.type, ref.name, at, at).lastInsertRowid)
    indexRow(db, "entities", id, ref.name)
    return id
  }
  const entityId = (ref: EntityRef) => {
    const sql = "SELECT id FROM entities WHERE project = ? AND type = ? AND name = ?"
    return q<{ id: number }>(sql).get(project, ref.type, ref.name)?.id
  }
  const upsertRelation = (from: number, to: number, type: RelationType, at: number) => {
    if (from === to) return
    q(
      `INSERT INTO relations (project, from_id, to_id, type, count, last_seen) VALUES (?, ?, ?, ?, 1, ?)
       ON CONFLICT (from_id, to_id, type)
       DO UPDATE SET count = count + 1, last_seen = max(last_seen, excluded.last_seen)`,
    ).run(project, from, to, type, at)
  }
  const linkFact = (factId: number, entityIds: Iterable<number>) => {
    const link = q("INSERT OR IGNORE INTO fact_entities (fact_id, entity_id) VALUES (?, ?)")
    for (const e of entityIds) link.run(factId, e)
  }

  /** The existing id when the normalised text is already known in this project, else the new one. */
  const insertFact = (fact: NewFact, entityIds: Iterable<number>, at: number): number => {
    const normalised = normaliseFact(fact.text)
    if (normalised === "") throw new Error("a fact needs some text")
    const hash = factHash(normalised)
    const sql = "SELECT id, pinned FROM facts WHERE project = ? AND norm_hash = ?"
    const existing = q<{ id: number; pinned: number }>(sql).get(project, hash)
    let id: number
    if (existing) {
      id = existing.id
      if (fact.pinned && existing.pinned === 0) q("UPDATE facts SET pinned = 1 WHERE id = ?").run(id)
    } else {
      const text = fact.text.trim()
      const inserted = q(
        `INSERT INTO facts (project, text, norm_hash, source, session_id, message_id, pinned, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(project, text, hash, fact.source, fact.sessionID ?? null, fact.messageID ?? null, fact.pinned ? 1 : 0, at)
      id = Number(inserted.lastInsertRowid)
      indexRow(db, "facts", id, text)
    }
    linkFact(id, entityIds)
    return id
  }

  const addFact = tx((fact: NewFact): number => {
    const at = now()
    const ids = uniqueRefs(fact.entities ?? []).map((r) => upsertEntity(r, at, "ensure"))
    return insertFact(fact, ids, at)
  })

  const observe = tx((obs: Observation, context: { sessionID?: string; messageID?: string; at?: number }) => {
    const at = context.at ?? now()
    // Relation endpoints are sightings too; each entity counts once per observation however often it appears.
    const refs = uniqueRefs([...obs.entities, ...obs.relations.flatMap((r) => [r.from, r.to])])
    const ids = new Map(refs.map((r) => [refKey(r), upsertEntity(r, at, "observe")]))
    const seen = new Set<string>()
    for (const r of obs.relations) {
      const key = `${refKey(r.from)}\u0001${refKey(r.to)}\u0001${r.type}`
      if (seen.has(key)) continue
      seen.add(key)
      const from = ids.get(refKey(r.from))
      const to = ids.get(refKey(r.to))
      if (from !== undefined && to !== undefined) upsertRelation(from, to, r.type, at)
    }
    for (const text of obs.facts) {
      if (normaliseFact(text) === "") continue
      const fact: NewFact = { text, source: "capture", sessionID: context.sessionID, messageID: context.messageID }
      insertFact(fact, ids.values(), at)
    }
  })

  const link = tx((from: EntityRef, to: EntityRef, type: RelationType) => {
    const at = now()
    upsertRelation(upsertEntity(from, at, "ensure"), upsertEntity(to, at, "ensure"), type, at)
  })

  const deleteFact = (id: number, text: string) => {
    unindexRow(db, "facts", id, text)
    q("DELETE FROM facts WHERE id = ?").run(id)
  }

  const forgetFact = tx((id: number): boolean => {
    const row = q<{ text: string }>("SELECT text FROM facts WHERE id = ? AND project = ?").get(id, project)
    if (!row) return false
    deleteFact(id, row.text)
    return true
  })

  const forgetEntity = tx((ref: EntityRef): boolean => {
    const id = entityId(ref)
    if (id === undefined) return false
    // Facts that mention only this entity go with it; facts that mention others too just lose the link.
    const only = q<{ id: number; text: string }>(
      `SELECT f.id, f.text FROM fact_entities fe JOIN facts f ON f.id = fe.fact_id
       WHERE fe.entity_id = ?1 AND NOT EXISTS (
         SELECT 1 FROM fact_entities o WHERE o.fact_id = fe.fact_id AND o.entity_id <> ?1)`,
    ).all(id)
    for (const f of only) deleteFact(f.id, f.text)
    unindexRow(db, "entities", id, ref.name)
    // The delete trigger removes its relations and remaining links.
    q("DELETE FROM entities WHERE id = ?").run(id)
    return true
  })

  const factRows = (sql: string, ...params: SQLQueryBindings[]) => q<FactRow>(sql).all(...params)

  return {
    addFact: (fact) => addFact(fact),
    observe: (observation, context) => observe(observation, context),
    link: (from, to, type) => link(from, to, type),
    pinFact: (id, pinned) =>
      q("UPDATE facts SET pinned = ? WHERE id = ? AND project = ?").run(pinned ? 1 : 0, id, project).changes > 0,
    forgetFact: (id) => forgetFact(id),
    pinEntity: (ref, pinned) =>
      q("UPDATE entities SET pinned = ? WHERE project = ? AND type = ? AND name = ?").run(
        pinned ? 1 : 0,
        project,
        ref.type,
        ref.name,
      ).changes > 0,
    forgetEntity: (ref) => forgetEntity(ref),
    recall: (query) => recall(db, project, query, now),

    search(text, limit) {
      if (limit <= 0) return { facts: [], entities: [] }
      // Browsing is search as you type: unless the text ends in a space, its last word may be unfinished.
      const typing = !/\s$/.test(text)
      const factHits = ftsRanked(db, "facts", project, text, limit, true, typing)
      const entityHits = ftsRanked(db, "entities", project, text, limit, true, typing)
      // Nothing to match (empty, or only stop words): browsing starts from the newest facts and busiest entities.
      if (factHits.length === 0 && entityHits.length === 0 && queryTerms(text).length === 0) {
        const newest = `SELECT ${FACT_COLUMNS} FROM facts f WHERE f.project = ? ORDER BY f.id DESC LIMIT ?`
        const facts = factRows(newest, project, limit)
        return { facts: withEntities(db, facts), entities: listEntities(undefined, limit, 0).map(toEntity) }
      }
      const facts = inOrder(
        factHits,
        factRows(`SELECT ${FACT_COLUMNS} FROM json_each(?) j CROSS JOIN facts f ON f.id = j.value`, ids(factHits)),
      )
      const entities = inOrder(
        entityHits,
        q<EntityRow>(`SELECT ${ENTITY_COLUMNS} FROM json_each(?) j CROSS JOIN entities e ON e.id = j.value`).all(
          ids(entityHits),
        ),
      )
      return { facts: withEntities(db, facts), entities: entities.map(toEntity) }
    },

    entities: (filter) => listEntities(filter.type, filter.limit, filter.offset ?? 0).map(toEntity),

    factsAbout(ref, limit) {
      const id = entityId(ref)
      if (id === undefined) return []
      const rows = factRows(
        `SELECT ${FACT_COLUMNS} FROM fact_entities fe JOIN facts f ON f.id = fe.fact_id WHERE fe.entity_id = ?
         ORDER BY f.pinned DESC, f.created_at DESC, f.id DESC LIMIT ?`,
        id,
        Math.max(0, limit),
      )
      return withEntities(db, rows)
    },

    relationsOf(ref, limit) {
      const id = entityId(ref)
      if (id === undefined) return []
      const rows = q<RelationRow>(
        `SELECT r.type, r.count, r.last_seen, a.type AS from_type, a.name AS from_name, b.type AS to_type,
           b.name AS to_name
         FROM relations r JOIN entities a ON a.id = r.from_id JOIN entities b ON b.id = r.to_id
         WHERE r.from_id = ?1 OR r.to_id = ?1 ORDER BY r.count DESC, r.last_seen DESC, r.from_id, r.to_id, r.type
         LIMIT ?2`,
      ).all(id, Math.max(0, limit))
      return rows.map(toRelation)
    },

    fact(id) {
      const rows = factRows(`SELECT ${FACT_COLUMNS} FROM facts f WHERE f.id = ? AND f.project = ?`, id, project)
      return withEntities(db, rows)[0]
    },

    counts() {
      const count = (table: string) =>
        q<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE project = ?`).get(project)!.n
      return { facts: count("facts"), entities: count("entities"), relations: count("relations") }
    },
  }

  function listEntities(type: string | undefined, limit: number, offset: number): EntityRow[] {
    return q<EntityRow>(
      `SELECT ${ENTITY_COLUMNS} FROM entities e WHERE e.project = ?1 AND (?2 IS NULL OR e.type = ?2)
       ORDER BY e.pinned DESC, e.count DESC, e.last_seen DESC, e.id LIMIT ?3 OFFSET ?4`,
    ).all(project, type ?? null, Math.max(0, limit), Math.max(0, offset))
  }
}

interface RelationRow {
  type: string
  count: number
  last_seen: number
  from_type: string
  from_name: string
  to_type: string
  to_name: string
}

const toRelation = (r: RelationRow): Relation => ({
  from: { type: r.from_type, name: r.from_name } as EntityRef,
  to: { type: r.to_type, name: r.to_name } as EntityRef,
  type: r.type as RelationType,
  count: r.count,
  lastSeen: r.last_seen,
})

/**
 * Wraps fn in a transaction of its own, unless the caller already holds one: a nested one would be a savepoint, and
 * with FTS5 writes pending each savepoint costs ~17 µs (measured in bulk: a 10k-fact import runs twice as fast
 * without). Inside the caller's transaction, a failure rolls back with that transaction.
 */
function atomic(db: Database) {
  return <A extends unknown[], R>(fn: (...args: A) => R) => {
    const wrapped = db.transaction(fn)
    return (...args: A): R => (db.inTransaction ? fn(...args) : wrapped(...args))
  }
}

const ids = (hits: { id: number }[]) => JSON.stringify(hits.map((h) => h.id))

/** Rows in the order of the hits that found them. */
function inOrder<R extends { id: number }>(hits: { id: number }[], rows: R[]): R[] {
  const byId = new Map(rows.map((r) => [r.id, r]))
  return hits.flatMap((h) => byId.get(h.id) ?? [])
}

function uniqueRefs(refs: readonly EntityRef[]): EntityRef[] {
  const seen = new Map<string, EntityRef>()
  for (const r of refs) {
    if (r.name.trim() === "") continue
    if (!seen.has(refKey(r))) seen.set(refKey(r), r)
  }
  return [...seen.values()]
}
