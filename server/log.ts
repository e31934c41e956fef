// A logger that lands in opencode's own log (client.app.log): bounded in time, never throws.
import type { PluginInput } from "@opencode-ai/plugin"
import type { Logger } from "../src/host/types.ts"
import { withTimeout } from "../src/timeout.ts"

type Level = "debug" | "info" | "warn" | "error"
const LOG_TIMEOUT_MS = 3000

export function createLogger(client: PluginInput["client"], directory: string, service = "switchboard"): Logger {
  const send = (level: Level, message: string, extra?: Record<string, unknown>) => {
    // Fire and forget: a slow or failing log endpoint must never hold up a hook.
    void withTimeout(
      Promise.resolve().then(() => client.app.log({ body: { service, level, message, extra }, query: { directory } })),
      LOG_TIMEOUT_MS,
      "log",
    )
  }
  return {
    debug: (m, e) => send("debug", m, e),
    info: (m, e) => send("info", m, e),
    warn: (m, e) => send("warn", m, e),
    error: (m, e) => send("error", m, e),
  }
}

/** Extensions log under their own service name so opencode's log says who spoke. */
export function extensionLogger(client: PluginInput["client"], directory: string, name: string): Logger {
  return createLogger(client, directory, `switchboard:${name}`)
}
