/** @jsxImportSource @opentui/solid */
// /tracked: this pane's and this project's tracked sessions; choosing one switches the TUI to it. No model turn.
import type { TuiDialogSelectOption, TuiPluginApi } from "@opencode-ai/plugin/tui"
import { ago } from "../src/time.ts"
import { isSessionID } from "../src/sessions/id.ts"
import { detectPane } from "../src/sessions/pane.ts"
import { projectKey } from "../src/sessions/project.ts"
import { openStoreReadonly } from "../src/store/open.ts"
import { trackedPanes, type PaneSessions } from "../src/store/queries.ts"
import { errorMessage, type Result } from "../src/result.ts"
import { storeFor, TUI_BUSY_TIMEOUT_MS } from "./store-path.ts"

export function trackedOptions(panes: PaneSessions[], thisPane: string, now = Date.now()): TuiDialogSelectOption<string>[] {
  const ordered = [...panes.filter((p) => p.pane === thisPane), ...panes.filter((p) => p.pane !== thisPane)]
  return ordered.flatMap((pane) =>
    pane.sessions
      .filter((s) => !s.deleted)
      .map((s) => ({
        title: `${s.current ? "● " : "  "}${s.title ?? s.id}`,
        value: s.id,
        description: `${s.id} · ${ago(s.lastActivity ?? s.trackedAt, now)}${s.current ? " · current" : ""}`,
        category: pane.pane === thisPane ? `This pane (${pane.pane})` : `Pane ${pane.pane}`,
      })),
  )
}

export function readTracked(api: TuiPluginApi): Result<PaneSessions[]> {
  const opened = openStoreReadonly(storeFor(api), TUI_BUSY_TIMEOUT_MS)
  if (!opened.ok) return opened
  try {
    return { ok: true, value: trackedPanes(opened.value, projectKey(api.state.path.directory, api.state.path.worktree)) }
  } catch (cause) {
    return { ok: false, error: `cannot read tracked sessions: ${errorMessage(cause)}` }
  } finally {
    opened.value.close()
  }
}

export function openTrackedDialog(api: TuiPluginApi) {
  const read = readTracked(api)
  if (!read.ok) {
    api.ui.dialog.replace(() => (
      <api.ui.DialogAlert
        title="Tracked sessions"
        message={`The switchboard store is not reachable from this TUI (${read.error}). Under opencode attach to another machine, tracking lives on the server's machine.`}
      />
    ))
    return
  }
  const options = trackedOptions(read.value, detectPane().key)
  if (options.length === 0) {
    api.ui.dialog.replace(() => (
      <api.ui.DialogAlert title="Tracked sessions" message="No sessions tracked for this project yet. Send a message and they appear here." />
    ))
    return
  }
  api.ui.dialog.replace(() => (
    <api.ui.DialogSelect
      title="Tracked sessions"
      options={options}
      onSelect={(option) => {
        const id = String(option.value)
        if (!isSessionID(id)) return
        api.ui.dialog.clear()
        api.route.navigate("session", { sessionID: id })
      }}
    />
  ))
  api.ui.dialog.setSize("large")
}
