// A one-line progress bar on stderr for long exports: rows done of the total, percent and rate, redrawn at most
// ten times a second, erased when done. The caller decides whether to show it (a terminal, a long export).
export interface Progress {
  update(done: number): void
  finish(): void
}

export const NO_PROGRESS: Progress = { update() {}, finish() {} }

/** Exports past this many rows show a bar (when stderr is a terminal). */
export const PROGRESS_THRESHOLD = 10_000

const WIDTH = 24
const count = (n: number) => n.toLocaleString("en-US")

export function rate(perSecond: number): string {
  if (perSecond >= 1_000_000) return `${(perSecond / 1_000_000).toFixed(1)}M`
  if (perSecond >= 1000) return `${(perSecond / 1000).toFixed(1)}k`
  return perSecond.toFixed(0)
}

export function progressLine(done: number, total: number, elapsedMs: number): string {
  const fraction = total > 0 ? Math.min(1, done / total) : 1
  const filled = Math.round(fraction * WIDTH)
  const speed = elapsedMs > 0 ? rate((done / elapsedMs) * 1000) : "–"
  const bar = "█".repeat(filled) + "░".repeat(WIDTH - filled)
  return `${bar} ${(fraction * 100).toFixed(0).padStart(3)}%  ${count(done)} / ${count(total)} rows  ${speed} rows/s`
}

export function progressBar(total: number, write: (chunk: string) => void, now = () => performance.now()): Progress {
  const start = now()
  let drawnAt = -Infinity
  let checked = 0
  return {
    update(done) {
      // Reading the clock for every row would cost more than the row: look only every 1000 rows.
      if (done - checked < 1000) return
      checked = done
      const t = now()
      if (t - drawnAt < 100) return
      drawnAt = t
      write(`\r${progressLine(done, total, t - start)}`)
    },
    finish() {
      if (drawnAt !== -Infinity) write("\r\x1b[2K")
    },
  }
}
