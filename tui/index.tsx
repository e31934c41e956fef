/** @jsxImportSource @opentui/solid */
// The opencode TUI plugin: registers slash commands that open dialogs with no model turn.
// Nothing here awaits: opencode activates TUI plugins one by one, so a wait would freeze "Loading plugins…".
import type { TuiPlugin, TuiPluginModule } from "@opencode-ai/plugin/tui"
import { storePathFromPlugins } from "../src/status/store-location.ts"
import { PACKAGE_NAME } from "../src/version.ts"
import { startPresence } from "./presence.ts"
import { registerSidebar } from "./sidebar.tsx"
import { openStatusDialog } from "./status-dialog.tsx"
import { openTrackedDialog } from "./tracked-dialog.tsx"
import { openExtensionsDialog } from "./extensions-dialog.tsx"
import { openMemoryDialog } from "./memory-dialog.tsx"
import { openRememberDialog } from "./remember-dialog.tsx"
import { openStatsDialog } from "./stats-dialog.tsx"

const OPEN = "switchboard.open"
const TRACKED = "switchboard.tracked"
const EXTENSIONS = "switchboard.extensions"
const MEMORY = "switchboard.memory"
const REMEMBER = "switchboard.remember"
const STATS = "switchboard.stats"
const STATE_POLL_MS = 250
const STATE_POLL_TRIES = 40

/** A command's failure becomes a toast: nothing thrown from a TUI command may reach opencode. */
function safely(api: Parameters<TuiPlugin>[0], what: string, open: () => void) {
  return () => {
    try {
      open()
    } catch (cause) {
      api.ui.toast({ variant: "error", title: "Switchboard", message: `${what} failed: ${String(cause)}` })
    }
  }
}

const tui: TuiPlugin = async (api) => {
  api.keymap.registerLayer({
    commands: [
      {
        name: OPEN,
        title: "Switchboard: status",
        desc: "Switchboard status: store, halves, extensions (no model turn)",
        category: "Switchboard",
        namespace: "palette",
        slashName: "switchboard",
        run: safely(api, "status", () => openStatusDialog(api)),
      },
      {
        name: EXTENSIONS,
        title: "Switchboard: extensions",
        desc: "Extension health; enable, disable, reset breaker, reload (no model turn)",
        category: "Switchboard",
        namespace: "palette",
        slashName: "extensions",
        run: safely(api, "extensions", () => openExtensionsDialog(api)),
      },
      {
        name: TRACKED,
        title: "Switchboard: tracked sessions",
        desc: "This pane's and this project's sessions; pick one to switch to it (no model turn)",
        category: "Switchboard",
        namespace: "palette",
        slashName: "tracked",
        run: safely(api, "tracked sessions", () => openTrackedDialog(api)),
      },
      {
        name: MEMORY,
        title: "Switchboard: memory",
        desc: "What OpenMind remembers: search, browse, pin and forget; the last injection (no model turn)",
        category: "Switchboard",
        namespace: "palette",
        slashName: "memory",
        run: safely(api, "memory", () => openMemoryDialog(api)),
      },
      {
        name: REMEMBER,
        title: "Switchboard: remember",
        desc: "Store a fact in OpenMind for this project (no model turn)",
        category: "Switchboard",
        namespace: "palette",
        slashName: "remember",
        run: safely(api, "remember", () => openRememberDialog(api)),
      },
      {
        name: STATS,
        title: "Switchboard: stats",
        desc: "Usage: tokens per day, this session per reply, tool calls and failures (no model turn)",
        category: "Switchboard",
        namespace: "palette",
        slashName: "stats",
        run: safely(api, "stats", () => openStatsDialog(api)),
      },
    ],
  })
  // User-chosen keys from tui.json `keybinds`; plain bindings only outside dialogs (mode "base").
  const names = [OPEN, EXTENSIONS, TRACKED, MEMORY, REMEMBER, STATS]
  const bindings = names.flatMap((name) => [...api.tuiConfig.keybinds.get(name)])
  if (bindings.length > 0) api.keymap.registerLayer({ mode: "base", bindings })
  registerSidebar(api)

  // The store path may come from the server config, which syncs after start-up: wait for it, boundedly.
  let stopPresence = () => {}
  let timer: ReturnType<typeof setTimeout> | undefined
  const begin = (triesLeft: number) => {
    if (!api.state.ready && triesLeft > 0) {
      timer = setTimeout(() => begin(triesLeft - 1), STATE_POLL_MS)
      return
    }
    try {
      const plugins = api.state.config.plugin as Parameters<typeof storePathFromPlugins>[0]
      stopPresence = startPresence(storePathFromPlugins(plugins), api.state.path.directory, api.app.version)
    } catch {
      // presence is best effort
    }
  }
  timer = setTimeout(() => begin(STATE_POLL_TRIES), 0)
  api.lifecycle.onDispose(() => {
    clearTimeout(timer)
    stopPresence()
  })
}

export default { id: PACKAGE_NAME, tui } satisfies TuiPluginModule
