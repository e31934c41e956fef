// switchboard_status: what is loaded, where the store is, every extension with its state.
import { tool, type ToolDefinition } from "@opencode-ai/plugin"
import { formatStatus } from "../src/status/report.ts"
import type { Runtime } from "./runtime.ts"

const READY_WAIT_MS = 3000

export function statusTool(runtime: Runtime, ready: Promise<unknown> = runtime.ready): ToolDefinition {
  return tool({
    description:
      "Show opencode-switchboard's status: version, store path and size, which halves are loaded, and every extension with its state and metrics.",
    args: {},
    async execute() {
      // Start-up runs in the background; give it a bounded moment so the first call is not "still opening".
      await Promise.race([ready, new Promise((r) => setTimeout(r, READY_WAIT_MS))])
      const report = runtime.status()
      const active = report.extensions.filter((e) => e.state === "active").length
      return {
        title: `switchboard ${report.version}: ${active}/${report.extensions.length} extensions active`,
        output: formatStatus(report),
        metadata: {
          version: report.version,
          storePath: report.store.path,
          storeOk: report.store.ok,
          storeError: report.store.error,
          storeSizeBytes: report.store.sizeBytes,
          tuiLoaded: report.tui.loaded,
          extensions: report.extensions,
        },
      }
    },
  })
}
