// Every fact and relation of a project, page by page, for `switchboard memory export`. KnowledgeStore lists entities
// (entities({ limit, offset })) but has no way to list all facts or all relations: search() caps at a limit without
// an offset, and relationsOf() sees one entity at a time (each relation twice). So these two read the knowledge
// database's tables directly (facts, fact_entities, relations, entities; see knowledge/sqlite-schema.ts), read-only,
// with keyset paging on the primary keys so a page costs the same however deep the export is.
import type { Database } from "bun:sqlite"
import { FACT_COLUMNS, withEntities, type FactRow } from "../knowledge/sqlite-rows.ts"
import type { Entity, EntityRef, Fact, KnowledgeStore, Relation, RelationType } from "../knowledge/types.ts"

export const PAGE = 500

/** Facts in id order (oldest first), each with the entities it mentions. */
export function* allFacts(db: Database, project: string, page = PAGE): Generator<Fact> {
  const query = db.query<FactRow, [string, number, number]>(
    `SELECT ${FACT_COLUMNS} FROM facts f WHERE f.project = ? AND f.id > ? ORDER BY f.id LIMIT ?`,
  )
  for (let after = 0; ; ) {
    const rows = query.all(project, after, page)
    yield* withEntities(db, rows)
    if (rows.length < page) return
    after = rows[rows.length - 1]!.id
  }
}

/** Entities through the store's own listing (pinned, busiest first); stable within one read transaction. */
export function* allEntities(knowledge: KnowledgeStore, page = PAGE): Generator<Entity> {
  for (let offset = 0; ; offset += page) {
    const rows = knowledge.entities({ limit: page, offset })
    yield* rows
    if (rows.length < page) return
  }
}

interface RelationRow {
  from_id: number
  to_id: number
  type: string
  count: number
  last_seen: number
  from_type: string
  from_name: string
  to_type: string
  to_name: string
}

/** Each relation once, in primary-key order, its ends named. */
export function* allRelations(db: Database, project: string, page = PAGE): Generator<Relation> {
  const query = db.query<RelationRow, [string, number, number, string, number]>(
    `SELECT r.from_id, r.to_id, r.type, r.count, r.last_seen, a.type AS from_type, a.name AS from_name,
       b.type AS to_type, b.name AS to_name
     FROM relations r JOIN entities a ON a.id = r.from_id JOIN entities b ON b.id = r.to_id
     WHERE r.project = ?1 AND (r.from_id, r.to_id, r.type) > (?2, ?3, ?4)
     ORDER BY r.from_id, r.to_id, r.type LIMIT ?5`,
  )
  for (let after: [number, number, string] = [0, 0, ""]; ; ) {
    const rows = query.all(project, ...after, page)
    for (const r of rows) {
      yield {
        from: { type: r.from_type, name: r.from_name } as EntityRef,
        to: { type: r.to_type, name: r.to_name } as EntityRef,
        type: r.type as RelationType,
        count: r.count,
        lastSeen: r.last_seen,
      }
    }
    if (rows.length < page) return
    const last = rows[rows.length - 1]!
    after = [last.from_id, last.to_id, last.type]
  }
}
