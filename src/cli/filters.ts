// --type, --session, --since and --until, shared by `events` and `export`, checked before any query runs.
import { err, ok, type Result } from "../result.ts"
import { isSessionID } from "../sessions/id.ts"
import type { EventFilter } from "../store/queries.ts"
import { projectFor, stringOption, type Context } from "./context.ts"
import { parseTime } from "../time.ts"

export const filterOptions = {
  type: { type: "string" },
  session: { type: "string" },
  since: { type: "string" },
  until: { type: "string" },
} as const

export function eventFilter(ctx: Context): Result<EventFilter> {
  const filter: EventFilter = { project: projectFor(ctx) }
  const type = stringOption(ctx, "type")
  if (type !== undefined) {
    if (!/^[\w.-]{1,64}$/.test(type)) return err(`--type expects an event type such as tool.error, not "${type}"`)
    filter.type = type
  }
  const session = stringOption(ctx, "session")
  if (session !== undefined) {
    const shown = session.slice(0, 80)
    if (!isSessionID(session)) return err(`--session expects an opencode session id (ses_…), not "${shown}"`)
    filter.sessionID = session
  }
  for (const bound of ["since", "until"] as const) {
    const text = stringOption(ctx, bound)
    if (text === undefined) continue
    const at = parseTime(text, ctx.now)
    if (!at.ok) return err(`--${bound}: ${at.error}`)
    filter[bound] = at.value
  }
  return ok(filter)
}

/** Event data is stored as JSON text; scripts get it parsed (or as the text, should a row not parse). */
export function parseData(data: string): unknown {
  try {
    return JSON.parse(data)
  } catch {
    return data
  }
}
