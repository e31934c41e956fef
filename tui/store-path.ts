// The store the server half writes, as the TUI finds it: the `store.path` option from the server config if set.
import type { TuiPluginApi } from "@opencode-ai/plugin/tui"
import { storePathFromPlugins } from "../src/status/store-location.ts"

export function storeFor(api: TuiPluginApi): string {
  return storePathFromPlugins(api.state.config.plugin as Parameters<typeof storePathFromPlugins>[0])
}
