// The opt-in id file per pane, for tools outside opencode (a multiplexer restoring its panes): written whole by
// temp file + rename, 0600 in a 0700 directory; read without following symlinks, bounded, validated.
import { randomBytes } from "node:crypto"
import fs from "node:fs"
import path from "node:path"
import { err, errorMessage, ok, type Result } from "../result.ts"
import { isSessionID } from "./id.ts"

export function idFileName(paneKey: string): string {
  return `${paneKey.replace(/[^A-Za-z0-9_.-]/g, "_")}.id`
}

export function writeIdFile(dir: string, paneKey: string, sessionID: string): Result<string> {
  if (!isSessionID(sessionID)) return err(`refusing to write "${sessionID}": not an opencode session id`)
  const target = path.join(dir, idFileName(paneKey))
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
    try {
      if (fs.lstatSync(target).isSymbolicLink()) return err(`${target} is a symbolic link; refusing to replace it`)
    } catch {
      // absent: fine
    }
    const temp = path.join(dir, `.${idFileName(paneKey)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`)
    fs.writeFileSync(temp, `${sessionID}\n`, { mode: 0o600, flag: "wx" })
    fs.renameSync(temp, target)
    return ok(target)
  } catch (cause) {
    return err(`cannot write ${target}: ${errorMessage(cause)}`)
  }
}

export function removeIdFile(dir: string, paneKey: string) {
  try {
    fs.unlinkSync(path.join(dir, idFileName(paneKey)))
  } catch {
    // already gone
  }
}

export function readIdFile(file: string): Result<string> {
  let fd: number | undefined
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW)
    const buffer = Buffer.alloc(128)
    const n = fs.readSync(fd, buffer, 0, buffer.length, 0)
    const id = buffer.subarray(0, n).toString("utf8").trim()
    return isSessionID(id) ? ok(id) : err(`${file} does not hold an opencode session id`)
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code
    return err(code === "ELOOP" ? `${file} is a symbolic link; refusing to read it` : `cannot read ${file}: ${errorMessage(cause)}`)
  } finally {
    if (fd !== undefined) fs.closeSync(fd)
  }
}
