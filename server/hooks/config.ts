// The config hook is the one moment opencode waits for us at start-up: extensions' commands and tools must be
// known by then, so this waits for the host, boundedly. Extensions that load later work, minus their commands
// and tools (status says so).
import type { Hooks, ToolDefinition } from "@opencode-ai/plugin"
import type { Host } from "../host.ts"
import { registerExtensionTools } from "../tools.ts"

type ConfigHook = NonNullable<Hooks["config"]>

export const CONFIG_WAIT_MS = 5000

export function configHook(host: Host, tools: Record<string, ToolDefinition>, warn: (m: string) => void): ConfigHook {
  return async (config) => {
    let timer: ReturnType<typeof setTimeout> | undefined
    const waited = await Promise.race([
      host.ready.then(() => true),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), CONFIG_WAIT_MS))),
    ])
    clearTimeout(timer)
    if (!waited) warn(`switchboard: extensions were still loading after ${CONFIG_WAIT_MS} ms; their commands and tools are not registered`)
    registerExtensionTools(host, tools, warn)
    config.command ??= {}
    for (const ext of host.registry.active()) {
      for (const [name, cmd] of Object.entries(ext.definition.commands ?? {})) {
        if (config.command[name]) {
          warn(`switchboard: command "/${name}" of extension "${ext.name}" clashes with an existing command; not registered`)
          continue
        }
        config.command[name] = {
          template: cmd.template,
          description: `${cmd.description} (${ext.name})`,
          ...(cmd.agent ? { agent: cmd.agent } : {}),
          ...(cmd.model ? { model: cmd.model } : {}),
          ...(cmd.subtask !== undefined ? { subtask: cmd.subtask } : {}),
        }
      }
    }
  }
}
