// Recall: gather candidates (full-text matches, facts linked to the query's entities and their neighbours, pinned
// facts), rank them with rank.ts, fit them to the token budget, and mark what is returned as used.
import type { Database, SQLQueryBindings } from "bun:sqlite"
import {
  DEFAULT_LIMIT,
  estimateTokens,
  GRAPH_DIRECT,
  GRAPH_NEIGHBOUR,
  rank,
  withinBudget,
  type Candidate,
} from "./rank.ts"
import { FACT_COLUMNS, refKey, withEntities, type FactRow } from "./sqlite-rows.ts"
import { ftsRanked } from "./sqlite-fts.ts"
import type { RecallHit, RecallQuery } from "./types.ts"

// Pools bound the work per recall whatever the size of the store: full-text matches are taken best bm25 first,
// entity links newest first, neighbours most related first.
export const POOL = { fts: 200, perEntity: 100, perNeighbour: 30, neighbours: 20, entities: 16, pinned: 100 }

interface Gathered extends Candidate {
  row: FactRow
}

export function recall(db: Database, project: string, query: RecallQuery, clock: () => number): RecallHit[] {
  const now = query.now ?? clock()
  const limit = query.limit ?? DEFAULT_LIMIT
  if (limit <= 0 || query.budgetTokens <= 0) return []
  const q = <R>(sql: string) => db.query<R, SQLQueryBindings[]>(sql)

  const bm25 = new Map<number, number>()
  const graph = new Map<number, number>()
  const closer = (id: number, proximity: number) => graph.set(id, Math.max(graph.get(id) ?? 0, proximity))

  for (const h of ftsRanked(db, "facts", project, query.text, POOL.fts)) bm25.set(h.id, h.bm25)

  const direct = entityIds(db, project, query.entities ?? [])
  if (direct.length > 0) {
    const linked = q<{ fact_id: number }>(
      "SELECT fact_id FROM fact_entities WHERE entity_id = ? ORDER BY fact_id DESC LIMIT ?",
    )
    const neighbours = new Set<number>()
    const adjacent = q<{ id: number }>(
      `SELECT id FROM (SELECT to_id AS id, count FROM relations WHERE from_id = ?1
                       UNION ALL SELECT from_id AS id, count FROM relations WHERE to_id = ?1)
       ORDER BY count DESC, id LIMIT ?2`,
    )
    for (const e of direct) {
      for (const l of linked.all(e, POOL.perEntity)) closer(l.fact_id, GRAPH_DIRECT)
      for (const n of adjacent.all(e, POOL.neighbours)) if (!direct.includes(n.id)) neighbours.add(n.id)
    }
    for (const n of [...neighbours].slice(0, POOL.neighbours)) {
      for (const l of linked.all(n, POOL.perNeighbour)) closer(l.fact_id, GRAPH_NEIGHBOUR)
    }
  }

  const pinned = q<{ id: number }>("SELECT id FROM facts WHERE project = ? AND pinned = 1 ORDER BY id DESC LIMIT ?")
  const ids = new Set([...bm25.keys(), ...graph.keys(), ...pinned.all(project, POOL.pinned).map((r) => r.id)])
  if (ids.size === 0) return []

  // Driven by the id list: left to itself the planner would scan the project's index and test each id.
  const rows = q<FactRow>(
    `SELECT ${FACT_COLUMNS} FROM json_each(?) j CROSS JOIN facts f ON f.id = j.value WHERE f.project = ?`,
  ).all(JSON.stringify([...ids]), project)
  const candidates: Gathered[] = rows.map((row) => ({
    id: row.id,
    bm25: bm25.get(row.id),
    createdAt: row.created_at,
    usedAt: row.used_at ?? undefined,
    pinned: row.pinned === 1,
    graph: graph.get(row.id) ?? 0,
    row,
  }))
  const cost = (r: { candidate: Gathered }) => estimateTokens(r.candidate.row.text)
  const taken = withinBudget(rank(candidates, now), query.budgetTokens, limit, cost)
  if (taken.length === 0) return []

  const takenIds = JSON.stringify(taken.map((t) => t.candidate.id))
  let marked = false
  try {
    q("UPDATE facts SET used_at = ? WHERE id IN (SELECT value FROM json_each(?))").run(now, takenIds)
    marked = true
  } catch {
    // Bookkeeping only: a busy or read-only file must not cost the user the recall itself.
  }
  const facts = withEntities(
    db,
    taken.map((t) => (marked ? { ...t.candidate.row, used_at: now } : t.candidate.row)),
  )
  return taken.map((t, i) => ({ fact: facts[i]!, score: t.score, parts: t.parts }))
}

/** Ids of the named entities that exist in this project, deduplicated, at most POOL.entities. */
function entityIds(db: Database, project: string, refs: RecallQuery["entities"] & {}): number[] {
  const find = db.query<{ id: number }, SQLQueryBindings[]>(
    "SELECT id FROM entities WHERE project = ? AND type = ? AND name = ?",
  )
  const seen = new Set<string>()
  const ids: number[] = []
  for (const ref of refs) {
    if (seen.has(refKey(ref)) || ids.length >= POOL.entities) continue
    seen.add(refKey(ref))
    const row = find.get(project, ref.type, ref.name)
    if (row) ids.push(row.id)
  }
  return ids
}
