// Opens (or creates) the SQLite store: 0700 directory, 0600 files, WAL, busy timeout,
// migrations, and an integrity check that moves a corrupt file aside instead of failing.
import { Database } from "bun:sqlite"
import fs from "node:fs"
import path from "node:path"
import { err, errorMessage, ok, type Result } from "../result.ts"
import { MIGRATIONS, type Migration } from "./migrations.ts"

export interface OpenedStore {
  db: Database
  path: string
  schemaVersion: number
  /** Set when a corrupt file was moved aside and a fresh store created in its place. */
  recovered?: { movedTo: string; reason: string }
}

const BUSY_TIMEOUT_MS = 5000

function ensurePrivateDir(dir: string): Result<void> {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
    const st = fs.lstatSync(dir)
    if (!st.isDirectory()) return err(`${dir} is not a directory`)
    if ((st.mode & 0o077) !== 0 && st.uid === process.getuid?.()) fs.chmodSync(dir, 0o700)
    return ok(undefined)
  } catch (cause) {
    return err(`cannot create the store directory ${dir}: ${errorMessage(cause)}`)
  }
}

/** A store path that is a symlink could point the writer anywhere: refuse it. */
function refuseSymlink(file: string): Result<void> {
  try {
    if (fs.lstatSync(file).isSymbolicLink()) return err(`${file} is a symbolic link; refusing to open it`)
  } catch {
    // missing is fine: it will be created
  }
  return ok(undefined)
}

function privatise(file: string) {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      fs.chmodSync(f, 0o600)
    } catch {
      // sidecar files appear lazily
    }
  }
}

function migrate(db: Database, migrations: readonly Migration[]): number {
  const current = (db.query("PRAGMA user_version").get() as { user_version: number }).user_version
  for (const m of migrations) {
    if (m.version <= current) continue
    db.transaction(() => {
      db.run(m.sql)
      db.run(`PRAGMA user_version = ${m.version}`)
    })()
  }
  return migrations.at(-1)?.version ?? current
}

function openDatabase(file: string, migrations: readonly Migration[]): Result<{ db: Database; schemaVersion: number }> {
  let db: Database | undefined
  try {
    db = new Database(file, { create: true, readwrite: true, strict: true })
    db.run(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`)
    db.run("PRAGMA journal_mode = WAL")
    db.run("PRAGMA synchronous = NORMAL")
    const check = db.query("PRAGMA quick_check").get() as { quick_check: string } | null
    if (check?.quick_check !== "ok") throw new Error(`integrity check failed: ${check?.quick_check ?? "no answer"}`)
    return ok({ db, schemaVersion: migrate(db, migrations) })
  } catch (cause) {
    db?.close()
    return err(errorMessage(cause))
  }
}

/** A corrupt store is evidence: keep it beside the new one, named with the time it was found. */
function moveAside(file: string, now: Date): string {
  const stamp = now.toISOString().replace(/[:.]/g, "-")
  const target = `${file}.corrupt-${stamp}`
  fs.renameSync(file, target)
  for (const side of ["-wal", "-shm"]) {
    try {
      fs.renameSync(`${file}${side}`, `${target}${side}`)
    } catch {
      // no sidecar
    }
  }
  return target
}

const IO_ERROR = /EACCES|EROFS|ENOSPC|EPERM|readonly|read-only|disk is full|unable to open/i

/**
 * `migrations` default to the switchboard store's; an extension's own database passes none and manages its
 * schema itself, and still gets the private permissions, WAL, the integrity check and recovery.
 */
export function openStore(file: string, now = () => new Date(), migrations: readonly Migration[] = MIGRATIONS): Result<OpenedStore> {
  const dir = ensurePrivateDir(path.dirname(file))
  if (!dir.ok) return dir
  const link = refuseSymlink(file)
  if (!link.ok) return link
  const first = openDatabase(file, migrations)
  if (first.ok) {
    privatise(file)
    return ok({ ...first.value, path: file })
  }
  // A permission or disk problem is not corruption: moving the file would not help and could lose data.
  if (IO_ERROR.test(first.error) || !fs.existsSync(file)) return err(`cannot open the store ${file}: ${first.error}`)
  let movedTo: string
  try {
    movedTo = moveAside(file, now())
  } catch (cause) {
    return err(`the store ${file} is unreadable (${first.error}) and could not be moved aside: ${errorMessage(cause)}`)
  }
  const fresh = openDatabase(file, migrations)
  if (!fresh.ok) return err(`cannot create a fresh store ${file}: ${fresh.error}`)
  privatise(file)
  return ok({ ...fresh.value, path: file, recovered: { movedTo, reason: first.error } })
}

/**
 * For readers (TUI, CLI): never creates, never migrates, never moves anything. The TUI passes a short busy
 * timeout: a read on its only thread must never wait seconds behind a writer.
 */
export function openStoreReadonly(file: string, busyTimeoutMs = BUSY_TIMEOUT_MS): Result<Database> {
  if (!fs.existsSync(file)) return err(`no store at ${file} yet`)
  const link = refuseSymlink(file)
  if (!link.ok) return link
  try {
    const db = new Database(file, { readonly: true, strict: true })
    db.run(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`)
    return ok(db)
  } catch (cause) {
    return err(`cannot read the store ${file}: ${errorMessage(cause)}`)
  }
}
