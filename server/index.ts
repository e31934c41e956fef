// The opencode server plugin: composes the runtime and the hook adapters. Nothing here awaits I/O.
import type { Hooks, Plugin, PluginModule } from "@opencode-ai/plugin"
import { PACKAGE_NAME } from "../src/version.ts"
import { Runtime } from "./runtime.ts"
import { statusTool } from "./status-tool.ts"

function storePathOption(options: unknown): string | undefined {
  const store = (options as { store?: { path?: unknown } } | undefined)?.store
  return typeof store?.path === "string" ? store.path : undefined
}

export const server: Plugin = async (input, options) => {
  const runtime = new Runtime(input, { storePath: storePathOption(options) })
  setTimeout(() => runtime.start(), 0)
  const hooks: Hooks = {
    tool: { switchboard_status: statusTool(runtime) },
    dispose: () => runtime.dispose(),
  }
  return hooks
}

export default { id: PACKAGE_NAME, server } satisfies PluginModule
