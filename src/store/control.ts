// Control requests: "enable/disable/reload/reset extension X in project D", written by the TUI or the CLI and
// applied by the server half of that project, which writes the outcome back.
import type { Database } from "bun:sqlite"

/** What a user may ask of an extension; "panel" is a read, answered with the panel's data as JSON. */
export const CONTROL_ACTIONS = ["enable", "disable", "reload", "reset"] as const
export type UserAction = (typeof CONTROL_ACTIONS)[number]
export type ControlAction = UserAction | "panel"

export const isUserAction = (value: unknown): value is UserAction => CONTROL_ACTIONS.includes(value as UserAction)

export interface ControlRequest {
  id: number
  directory: string
  extension: string
  action: ControlAction
  target?: string
  requestedAt: number
}

export interface ControlOutcome {
  done: boolean
  ok?: boolean
  result?: string
}

/** Requests older than this are answered as expired rather than applied late and surprisingly. */
export const CONTROL_EXPIRY_MS = 60_000

export function requestControl(
  db: Database,
  directory: string,
  extension: string,
  action: ControlAction,
  now = Date.now(),
  target?: string,
): number {
  const row = db
    .query("INSERT INTO control (directory, extension, action, target, requested_at) VALUES (?, ?, ?, ?, ?) RETURNING id")
    .get(directory, extension, action, target ?? null, now) as { id: number }
  return row.id
}

export function pendingControl(db: Database, directory: string): ControlRequest[] {
  const rows = db
    .query("SELECT id, directory, extension, action, target, requested_at FROM control WHERE directory = ? AND done_at IS NULL ORDER BY id")
    .all(directory) as { id: number; directory: string; extension: string; action: ControlAction; target: string | null; requested_at: number }[]
  return rows.map((r) => ({
    id: r.id,
    directory: r.directory,
    extension: r.extension,
    action: r.action,
    ...(r.target === null ? {} : { target: r.target }),
    requestedAt: r.requested_at,
  }))
}

export function completeControl(db: Database, id: number, ok: boolean, result: string, now = Date.now()) {
  db.query("UPDATE control SET done_at = ?, ok = ?, result = ? WHERE id = ?").run(now, ok ? 1 : 0, result, id)
}

export function controlOutcome(db: Database, id: number): ControlOutcome {
  const row = db.query("SELECT done_at, ok, result FROM control WHERE id = ?").get(id) as
    | { done_at: number | null; ok: number | null; result: string | null }
    | null
  if (!row || row.done_at === null) return { done: false }
  return { done: true, ok: row.ok === 1, result: row.result ?? undefined }
}
