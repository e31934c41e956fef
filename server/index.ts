// The opencode server plugin: composes the runtime, the extension host and one adapter per opencode hook.
// Nothing here awaits I/O: the store and the extensions start in the background.
import type { Hooks, Plugin, PluginModule, ToolDefinition } from "@opencode-ai/plugin"
import { parsePluginOptions } from "../src/config/schema.ts"
import { Compactions } from "../src/host/compactions.ts"
import { PACKAGE_NAME } from "../src/version.ts"
import { startControlPoller } from "./control.ts"
import { Host } from "./host.ts"
import { chatMessage } from "./hooks/chat-message.ts"
import { compactingHook } from "./hooks/compacting.ts"
import { configHook } from "./hooks/config.ts"
import { contextPrime, InjectionCache } from "./hooks/context-prime.ts"
import { eventHook } from "./hooks/event.ts"
import { toolAfter } from "./hooks/tool-after.ts"
import { toolBefore } from "./hooks/tool-before.ts"
import { batchTool } from "./batch-tool.ts"
import { Runtime } from "./runtime.ts"
import { statusTool } from "./status-tool.ts"

/** Every hook is wrapped once more: whatever slips past the guarded runner is logged, never thrown into opencode. */
function guard<A extends unknown[]>(name: string, runtime: Runtime, fn: (...args: A) => Promise<void>) {
  return async (...args: A) => {
    try {
      await fn(...args)
    } catch (cause) {
      runtime.log.error(`switchboard: ${name} adapter failed: ${String(cause)}`)
    }
  }
}

export const server: Plugin = async (input, options) => {
  // Options are parsed once, forgivingly: a bad field falls back to its default and is reported, never thrown.
  const parsed = parsePluginOptions(options ?? {})
  const runtime = new Runtime(input, { storePath: parsed.options.store.path, retentionDays: parsed.options.store.retentionDays })
  const host = new Host(runtime, parsed)
  runtime.extensions = () => host.summaries()
  runtime.metrics = () => host.metrics.snapshot()
  runtime.details = () => host.details()
  let stopControl = () => {}
  setTimeout(() => {
    runtime.start()
    const opened = runtime.openedStore()
    if (opened.ok && opened.value.recovered)
      host.notifier.notify("store-recovered", `the store was unreadable; moved it to ${opened.value.recovered.movedTo} and started a fresh one`, "warning")
    void host.start()
    stopControl = startControlPoller(host, () => runtime.database(), runtime.directory, () => runtime.publish())
  }, 0)
  const compactions = new Compactions()
  const injections = new InjectionCache(() => runtime.database(), runtime.project)
  const tools: Record<string, ToolDefinition> = { switchboard_status: statusTool(runtime, Promise.all([runtime.ready, host.ready])) }
  tools.switchboard_batch = batchTool(host, tools)
  const warn = (m: string) => runtime.log.warn(m)
  const hooks: Hooks = {
    tool: tools,
    config: guard("config", runtime, configHook(host, tools, warn)),
    event: guard("event", runtime, eventHook(host, compactions, (type, properties) => runtime.capture(type, properties))),
    "chat.message": guard("chat.message", runtime, chatMessage(host)),
    "tool.execute.before": guard("tool.execute.before", runtime, toolBefore(host)),
    "tool.execute.after": guard("tool.execute.after", runtime, toolAfter(host)),
    "experimental.chat.messages.transform": guard("messages.transform", runtime, contextPrime(host, injections, compactions)),
    "experimental.session.compacting": guard("compacting", runtime, compactingHook(host, compactions)),
    dispose: async () => {
      stopControl()
      await host.dispose()
      await runtime.dispose()
    },
  }
  return hooks
}

export default { id: PACKAGE_NAME, server } satisfies PluginModule
