// One pane's tracked sessions: the current one and a short history, most recent first. Pure functions; the
// session tracker keeps the record in its store slice under `pane:<key>`, scoped by project.
import { z } from "zod"

export const TRACKED_PREFIX = "pane:"

export const trackedPane = z.object({
  pane: z.string(),
  paneSource: z.string(),
  current: z.string().optional(),
  history: z.array(z.object({ id: z.string(), title: z.string().optional(), at: z.number() })),
})
export type TrackedPane = z.infer<typeof trackedPane>

export function emptyPane(pane: string, paneSource: string): TrackedPane {
  return { pane, paneSource, history: [] }
}

/** Moves `id` to the front; reports whether anything a reader would notice changed. */
export function recordActivity(state: TrackedPane, id: string, at: number, title: string | undefined, limit: number): { state: TrackedPane; changed: boolean } {
  const previous = state.history.find((h) => h.id === id)
  const entry = { id, title: title ?? previous?.title, at }
  const history = [entry, ...state.history.filter((h) => h.id !== id)].slice(0, limit)
  const changed = state.current !== id || previous?.title !== entry.title || state.history[0]?.id !== id
  return { state: { ...state, current: id, history }, changed }
}

export function forgetSession(state: TrackedPane, id: string): TrackedPane {
  const history = state.history.filter((h) => h.id !== id)
  return { ...state, history, current: state.current === id ? history[0]?.id : state.current }
}
