// The store the server half writes, as the TUI finds it: the `store.path` option from the server config if set.
import type { TuiPluginApi } from "@opencode-ai/plugin/tui"
import { storePathFromPlugins } from "../src/status/store-location.ts"

export function storeFor(api: TuiPluginApi): string {
  return storePathFromPlugins(api.state.config.plugin as Parameters<typeof storePathFromPlugins>[0])
}

/** Reads on the TUI's only thread wait at most this long behind a writer (WAL readers rarely wait at all). */
export const TUI_BUSY_TIMEOUT_MS = 100
