// Retention: captured rows older than the configured number of days are deleted, in small batches so a large
// prune never holds the write lock long enough to stall another writer.
import type { Database } from "bun:sqlite"

const DAY_MS = 86_400_000
const BATCH = 5000

export interface PruneReport {
  events: number
  toolCalls: number
  messages: number
  sessions: number
}

function deleteInBatches(db: Database, sql: string, cutoff: number): number {
  const statement = db.prepare(sql)
  let total = 0
  for (;;) {
    const changes = statement.run(cutoff, BATCH).changes
    total += changes
    if (changes < BATCH) return total
  }
}

export function pruneOlderThan(db: Database, days: number, now = Date.now()): PruneReport {
  if (days <= 0) return { events: 0, toolCalls: 0, messages: 0, sessions: 0 }
  const cutoff = now - days * DAY_MS
  return {
    events: deleteInBatches(db, "DELETE FROM events WHERE id IN (SELECT id FROM events WHERE at < ? LIMIT ?)", cutoff),
    toolCalls: deleteInBatches(
      db,
      "DELETE FROM tool_calls WHERE call_id IN (SELECT call_id FROM tool_calls WHERE COALESCE(ended_at, started_at, 0) < ? LIMIT ?)",
      cutoff,
    ),
    messages: deleteInBatches(
      db,
      "DELETE FROM messages WHERE id IN (SELECT id FROM messages WHERE COALESCE(completed_at, created_at, 0) < ? LIMIT ?)",
      cutoff,
    ),
    sessions: deleteInBatches(db, "DELETE FROM sessions WHERE id IN (SELECT id FROM sessions WHERE updated_at < ? LIMIT ?)", cutoff),
  }
}
