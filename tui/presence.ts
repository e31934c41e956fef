// Tells the server half and the CLI that the TUI half is loaded: a presence row, written off the init path.
import { openStore } from "../src/store/open.ts"
import { writeHalf } from "../src/store/halves.ts"
import { VERSION } from "../src/version.ts"

const HEARTBEAT_MS = 30_000

export function startPresence(file: string, directory: string, opencodeVersion: string): () => void {
  const startedAt = Date.now()
  const opened = openStore(file)
  if (!opened.ok) return () => {}
  const { db } = opened.value
  const beat = () => {
    try {
      writeHalf(db, {
        half: "tui",
        directory,
        pid: process.pid,
        version: VERSION,
        opencodeVersion,
        startedAt,
        heartbeatAt: Date.now(),
        status: {},
      })
    } catch {
      // presence is best effort; the dialog still reports this half from memory
    }
  }
  beat()
  const timer = setInterval(beat, HEARTBEAT_MS)
  ;(timer as { unref?: () => void }).unref?.()
  return () => {
    clearInterval(timer)
    db.close()
  }
}
