// A TuiPluginApi that records what the plugin registers and shows, for the TUI half's own tests.
import type { TuiPluginApi } from "@opencode-ai/plugin/tui"

interface Command {
  name: string
  slashName?: string
  namespace?: string
  run?: () => void
}

export function fakeTuiApi(directory: string, plugins: unknown[] = []) {
  const layers: { commands?: Command[]; bindings?: unknown[]; mode?: string }[] = []
  const toasts: { message: string; variant?: string }[] = []
  const dialogs: { render: () => unknown }[] = []
  const disposers: (() => void | Promise<void>)[] = []
  const sizes: string[] = []
  const navigations: { name: string; params?: Record<string, unknown> }[] = []
  const api = {
    app: { version: "1.18.33" },
    keymap: {
      registerLayer(layer: (typeof layers)[number]) {
        layers.push(layer)
        return () => {}
      },
    },
    tuiConfig: { keybinds: { get: () => [] } },
    slots: { register: () => "slot" },
    event: { on: () => () => {} },
    route: { navigate: (name: string, params?: Record<string, unknown>) => navigations.push({ name, params }) },
    state: { ready: true, config: { plugin: plugins }, path: { directory, worktree: directory, state: "", config: "" } },
    ui: {
      toast: (t: (typeof toasts)[number]) => toasts.push(t),
      dialog: {
        replace: (render: () => unknown) => dialogs.push({ render }),
        clear: () => {},
        setSize: (s: string) => sizes.push(s),
      },
      DialogSelect: (props: unknown) => ({ component: "DialogSelect", props }),
      DialogAlert: (props: unknown) => ({ component: "DialogAlert", props }),
    },
    lifecycle: { signal: new AbortController().signal, onDispose: (fn: () => void) => disposers.push(fn) },
  }
  const command = (slash: string) => layers.flatMap((l) => l.commands ?? []).find((c) => c.slashName === slash)
  const dispose = async () => {
    for (const fn of disposers.reverse()) await fn()
  }
  return { api: api as unknown as TuiPluginApi, layers, toasts, dialogs, sizes, navigations, command, dispose }
}
