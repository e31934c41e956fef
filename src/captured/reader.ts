// ctx.captured: what switchboard captured for one project, read-only, for extensions (the built-in `events`
// among them). Reads go through the same queries as the CLI; a missing store reads as empty, never as an error.
import type { Database } from "bun:sqlite"
import { aggregateEvents, listEvents, type EventFilter, type EventRow } from "../store/queries.ts"
import type { CapturedData, CapturedEvent, EventQuery } from "../host/types.ts"

export const MAX_EVENTS = 500

function toEvent(row: EventRow): CapturedEvent {
  let data: unknown
  try {
    data = JSON.parse(row.data)
  } catch {
    data = row.data
  }
  return {
    id: row.id,
    at: row.at,
    ...(row.sessionID ? { sessionID: row.sessionID } : {}),
    type: row.type,
    summary: row.summary,
    data,
    truncated: row.truncated === 1,
  }
}

function filter(project: string, q: EventQuery | undefined): EventFilter {
  return { project, type: q?.type, sessionID: q?.sessionID, since: q?.since, until: q?.until, text: q?.text }
}

export function capturedReader(db: () => Database | undefined, project: string): CapturedData {
  return {
    async events(q) {
      const d = db()
      if (!d) return []
      const limit = Math.min(Math.max(1, Math.floor(q?.limit ?? 50)), MAX_EVENTS)
      return listEvents(d, filter(project, q), limit, Math.max(0, Math.floor(q?.offset ?? 0))).map(toEvent)
    },
    async aggregate(by, q) {
      const d = db()
      if (!d) return []
      return aggregateEvents(d, filter(project, q), by).map(({ key, count, first, last }) => ({ key, count, first, last }))
    },
  }
}
