// Live progress of long-running tools. opencode 1.18.33 drops ctx.metadata from plugin tools (upstream #37877), so
// besides forwarding it (best effort, for when upstream is fixed) every update is shown as a toast of our own.
// Throttled per tool call: the first update at once, then at most one per interval, and the last one always.
import type { Clock } from "../src/host/clock.ts"
import { realClock } from "../src/host/clock.ts"
import { withTimeout } from "../src/timeout.ts"

export interface ProgressUpdate {
  title?: string
  metadata?: Record<string, unknown>
}

/** The one client call we make; tests inject a recording fake. */
export interface ToastClient {
  tui: {
    showToast(req: {
      body: { title?: string; message: string; variant: "info" | "success" | "warning" | "error"; duration?: number }
      query?: { directory?: string }
    }): Promise<unknown>
  }
}

/** One tool call's progress channel. Never throws. */
export interface ProgressReporter {
  report(update: ProgressUpdate): void
  /** The call is over: a throttled update still waiting is shown now, later ones are ignored. */
  finish(): void
}

export interface ProgressSurface {
  /** `tool` titles the toasts; `metadata` is opencode's ctx.metadata for the call. */
  start(tool: string, metadata?: (update: ProgressUpdate) => void): ProgressReporter
}

export const PROGRESS_INTERVAL_MS = 1000
const TOAST_TIMEOUT_MS = 3000
const TOAST_DURATION_MS = 4000
const MAX_MESSAGE = 120

/** The toast text: the update's title, else a short rendering of its metadata; nothing to show → undefined. */
export function renderProgress(update: ProgressUpdate): string | undefined {
  if (update.title) return update.title.length > MAX_MESSAGE ? `${update.title.slice(0, MAX_MESSAGE - 1)}…` : update.title
  const entries = Object.entries(update.metadata ?? {})
  if (entries.length === 0) return undefined
  let text: string
  try {
    text = entries.map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`).join(", ")
  } catch {
    text = entries.map(([k]) => k).join(", ")
  }
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE - 1)}…` : text
}

export function createProgressSurface(
  client: ToastClient,
  directory: string,
  clock: Pick<Clock, "now" | "setTimeout" | "clearTimeout"> = realClock,
  intervalMs = PROGRESS_INTERVAL_MS,
): ProgressSurface {
  const show = (tool: string, message: string) => {
    // Bounded and fire-and-forget: a slow or missing TUI must never hold up the tool.
    void withTimeout(
      Promise.resolve().then(() =>
        client.tui.showToast({
          body: { title: tool, message, variant: "info", duration: TOAST_DURATION_MS },
          query: { directory },
        }),
      ),
      TOAST_TIMEOUT_MS,
      "progress toast",
    )
  }
  return {
    start(tool, metadata) {
      let lastShown: number | undefined
      let pending: string | undefined
      let timer: unknown
      let done = false
      const flush = () => {
        timer = undefined
        if (pending === undefined) return
        lastShown = clock.now()
        const message = pending
        pending = undefined
        show(tool, message)
      }
      return {
        report(update) {
          if (done) return
          try {
            metadata?.(update)
          } catch {
            // dropped by opencode 1.18.33 anyway (upstream #37877); the toast below is what users see
          }
          const message = renderProgress(update)
          if (message === undefined) return
          pending = message
          const since = lastShown === undefined ? Infinity : clock.now() - lastShown
          if (since >= intervalMs) {
            if (timer !== undefined) clock.clearTimeout(timer)
            flush()
          } else if (timer === undefined) timer = clock.setTimeout(flush, intervalMs - since)
        },
        finish() {
          if (done) return
          done = true
          if (timer !== undefined) clock.clearTimeout(timer)
          flush()
        },
      }
    },
  }
}

/** Updates go to opencode's ctx.metadata only: where no client is at hand (tests of other parts). */
export const metadataOnly: ProgressSurface = {
  start: (_tool, metadata) => ({
    report(update) {
      try {
        metadata?.(update)
      } catch {
        // best effort, as above
      }
    },
    finish() {},
  }),
}
