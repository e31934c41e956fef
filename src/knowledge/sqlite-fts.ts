// The contentless full-text indexes: writes (the indexed text is recomputed from the stored text, so a delete
// removes exactly what the insert added) and ranked lookups that stay cheap on a large store.
// If indexText ever changes, a migration must rebuild: 'delete-all', then index every row again.
import type { Database, SQLQueryBindings } from "bun:sqlite"
import { indexText, matchExpression, PREFIX_MARK, queryTerms } from "./sqlite-match.ts"

export type Index = "facts" | "entities"

export function indexRow(db: Database, index: Index, id: number, text: string): void {
  const sql = `INSERT INTO ${index}_fts (rowid, body) VALUES (?, ?)`
  db.query<unknown, SQLQueryBindings[]>(sql).run(id, indexText(text))
}

export function unindexRow(db: Database, index: Index, id: number, text: string): void {
  const sql = `INSERT INTO ${index}_fts (${index}_fts, rowid, body) VALUES ('delete', ?, ?)`
  db.query<unknown, SQLQueryBindings[]>(sql).run(id, indexText(text))
}

/**
 * A term matching more rows than this is common in this store. bm25() costs a few µs per matching row (and reads a
 * term's whole doclist for its IDF), so common terms only rank their newest matches: each of them brings at most
 * this many rows, whatever the size of the store. Rare terms rank every match.
 */
export const COMMON_ROWS = 500
/**
 * A term in at least this share of the newest rows is left out: its IDF is nearly nil (bm25 clamps it to nothing
 * from half the rows on), yet computing it reads the term's whole doclist, milliseconds on a large store.
 */
export const UBIQUITOUS_SHARE = 0.1

export interface FtsHit {
  id: number
  /** SQLite's bm25(): negative, lower is better. */
  bm25: number
}

/**
 * Rows of `project` matching the text, best bm25 first (then id), at most `limit`. When every term is ubiquitous,
 * `newestIfUbiquitous` (browsing) returns the newest matches with a bm25 of 0; recall leaves them out.
 */
export function ftsRanked(
  db: Database,
  index: Index,
  project: string,
  text: string,
  limit: number,
  newestIfUbiquitous = false,
  prefixLast = false,
): FtsHit[] {
  const terms = queryTerms(text)
  // A word still being typed: match it as a prefix too.
  if (prefixLast && terms.length > 0) terms.push(`${terms.at(-1)}${PREFIX_MARK}`)
  if (terms.length === 0 || limit <= 0) return []
  const fts = `${index}_fts`
  // The COMMON_ROWS-th newest match of a term, if it has that many: where its newest matches begin.
  const probe = db.query<{ rowid: number }, SQLQueryBindings[]>(
    `SELECT rowid FROM ${fts} WHERE ${fts} MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ${COMMON_ROWS - 1}`,
  )
  const table = index === "facts" ? "facts" : "entities"
  const top = db.query<{ top: number | null }, []>(`SELECT max(id) AS top FROM ${table}`).get()?.top ?? 0
  const rare: string[] = []
  const kept: string[] = []
  let newest = 0
  for (const term of terms) {
    const bound = probe.get(matchExpression([term])!)
    if (!bound) rare.push(term)
    // Its newest COMMON_ROWS matches span this many rows: the share of rows it is in, near enough.
    else if (COMMON_ROWS / (top - bound.rowid + 1) >= UBIQUITOUS_SHARE) continue
    else newest = Math.max(newest, bound.rowid)
    kept.push(term)
  }
  // CROSS JOIN keeps the index as the outer loop: the project filter applies to its matches, never the other way
  // round (a scan of the project's rows probing the index one by one).
  const ranked = db.query<{ id: number; b: number }, SQLQueryBindings[]>(
    `SELECT t.id, bm25(${fts}) AS b FROM ${fts} CROSS JOIN ${table} t ON t.id = ${fts}.rowid
     WHERE ${fts} MATCH ? AND ${fts}.rowid >= ? AND t.project = ? ORDER BY b, t.id LIMIT ?`,
  )
  if (kept.length === 0) {
    if (!newestIfUbiquitous) return []
    return db
      .query<{ id: number }, SQLQueryBindings[]>(
        `SELECT t.id FROM ${fts} CROSS JOIN ${table} t ON t.id = ${fts}.rowid WHERE ${fts} MATCH ? AND t.project = ?
         ORDER BY ${fts}.rowid DESC LIMIT ?`,
      )
      .all(matchExpression(terms)!, project, limit)
      .map((r) => ({ id: r.id, bm25: 0 }))
  }
  const hits = new Map<number, number>()
  const add = (match: string, from: number) => {
    for (const r of ranked.all(match, from, project, limit)) hits.set(r.id, Math.min(r.b, hits.get(r.id) ?? r.b))
  }
  // Every match of the rare terms; then, if that is not enough, the newest matches of all kept terms: from the latest
  // of the common terms' bounds on, none of them brings more than COMMON_ROWS rows. bm25 adds up per term with IDFs
  // over the whole index, so scores of both passes compare; a row found by both keeps the fuller (lower) one.
  if (rare.length > 0) add(matchExpression(rare)!, 0)
  if (rare.length < kept.length && hits.size < limit) add(matchExpression(kept)!, newest)
  return [...hits]
    .map(([id, bm25]) => ({ id, bm25 }))
    .sort((a, b) => a.bm25 - b.bm25 || a.id - b.id)
    .slice(0, limit)
}
