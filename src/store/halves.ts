// Presence rows: each half of switchboard says "loaded here" so the other half and the CLI can tell.
import type { Database } from "bun:sqlite"

export type Half = "server" | "tui"

export interface HalfRow {
  half: Half
  directory: string
  pid: number
  version: string
  opencodeVersion?: string
  startedAt: number
  heartbeatAt: number
  /** JSON the half chose to publish (the server: extensions and their metrics). */
  status: Record<string, unknown>
}

interface RawRow {
  half: Half
  directory: string
  pid: number
  version: string
  opencode_version: string | null
  started_at: number
  heartbeat_at: number
  status_json: string
}

export function writeHalf(db: Database, row: HalfRow) {
  db.query(
    `INSERT INTO halves (half, directory, pid, version, opencode_version, started_at, heartbeat_at, status_json)
     VALUES ($half, $directory, $pid, $version, $opencode, $started, $heartbeat, $status)
     ON CONFLICT (half, directory) DO UPDATE SET pid = excluded.pid, version = excluded.version,
       opencode_version = excluded.opencode_version, started_at = excluded.started_at,
       heartbeat_at = excluded.heartbeat_at, status_json = excluded.status_json`,
  ).run({
    half: row.half,
    directory: row.directory,
    pid: row.pid,
    version: row.version,
    opencode: row.opencodeVersion ?? null,
    started: row.startedAt,
    heartbeat: row.heartbeatAt,
    status: JSON.stringify(row.status),
  })
}

function parseStatus(json: string): Record<string, unknown> {
  try {
    const value = JSON.parse(json)
    return value && typeof value === "object" && !Array.isArray(value) ? value : {}
  } catch {
    return {}
  }
}

export function readHalves(db: Database, directory: string): HalfRow[] {
  const rows = db.query("SELECT * FROM halves WHERE directory = $directory ORDER BY half").all({ directory }) as RawRow[]
  return rows.map((r) => ({
    half: r.half,
    directory: r.directory,
    pid: r.pid,
    version: r.version,
    opencodeVersion: r.opencode_version ?? undefined,
    startedAt: r.started_at,
    heartbeatAt: r.heartbeat_at,
    status: parseStatus(r.status_json),
  }))
}

/** A row is only evidence of a loaded half while its process lives. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (cause) {
    return (cause as NodeJS.ErrnoException).code === "EPERM"
  }
}
