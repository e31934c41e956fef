// Toasts and log lines for host transitions (breaker open/closed, an extension failing), sent from the server half
// through client.tui.showToast so they reach the TUI even when our TUI half is not loaded. Rate-limited: one per key
// per window, and a global cap, so a flapping extension cannot flood the screen.
import type { PluginInput } from "@opencode-ai/plugin"
import type { Logger } from "../src/host/types.ts"
import { withTimeout } from "../src/timeout.ts"

export type Variant = "info" | "success" | "warning" | "error"

export interface Notifier {
  /** `key` identifies the transition (e.g. "breaker-open:foo"); repeats inside the window are logged only. */
  notify(key: string, message: string, variant: Variant): void
}

const PER_KEY_WINDOW_MS = 60_000
const GLOBAL_WINDOW_MS = 60_000
const GLOBAL_MAX = 6
const TOAST_TIMEOUT_MS = 3000

export function createNotifier(
  client: PluginInput["client"],
  directory: string,
  log: Logger,
  now = Date.now,
  alsoTell: (message: string) => void = () => {},
): Notifier {
  const lastByKey = new Map<string, number>()
  const recent: number[] = []
  return {
    notify(key, message, variant) {
      const at = now()
      const level = variant === "error" ? "error" : variant === "warning" ? "warn" : "info"
      log[level](`switchboard: ${message}`, { transition: key })
      const last = lastByKey.get(key)
      if (last !== undefined && at - last < PER_KEY_WINDOW_MS) return
      while (recent.length > 0 && at - recent[0]! > GLOBAL_WINDOW_MS) recent.shift()
      if (recent.length >= GLOBAL_MAX) return
      lastByKey.set(key, at)
      recent.push(at)
      alsoTell(message)
      void withTimeout(
        Promise.resolve().then(() =>
          client.tui.showToast({ body: { title: "Switchboard", message, variant }, query: { directory } }),
        ),
        TOAST_TIMEOUT_MS,
        "toast",
      )
    },
  }
}
