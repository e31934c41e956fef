// Tells the server half and the CLI that the TUI half is loaded: a presence row, written off the init path.
// The TUI never creates the store: when it is not there (yet, or at all, as under `opencode attach` to another
// machine), presence waits for it, and the dialogs say the store is not reachable.
import fs from "node:fs"
import type { Database } from "bun:sqlite"
import { openStore } from "../src/store/open.ts"
import { writeHalf } from "../src/store/halves.ts"
import { VERSION } from "../src/version.ts"

const HEARTBEAT_MS = 30_000
const WAIT_FOR_STORE_MS = 1000

export function startPresence(file: string, directory: string, opencodeVersion: string): () => void {
  const startedAt = Date.now()
  let db: Database | undefined
  let timer: ReturnType<typeof setTimeout> | undefined
  let stopped = false
  const beat = () => {
    if (stopped) return
    if (!db && fs.existsSync(file)) {
      const opened = openStore(file)
      if (opened.ok) db = opened.value.db
    }
    if (db) {
      try {
        writeHalf(db, { half: "tui", directory, pid: process.pid, version: VERSION, opencodeVersion, startedAt, heartbeatAt: Date.now(), status: {} })
      } catch {
        // presence is best effort; the dialogs still report this half from memory
      }
    }
    timer = setTimeout(beat, db ? HEARTBEAT_MS : WAIT_FOR_STORE_MS)
    ;(timer as { unref?: () => void }).unref?.()
  }
  beat()
  return () => {
    stopped = true
    clearTimeout(timer)
    db?.close()
  }
}
