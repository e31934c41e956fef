/** @jsxImportSource @opentui/solid */
// /switchboard: the status of both halves, read from the store, in a DialogSelect. No model turn.
import type { TuiDialogSelectOption, TuiPluginApi } from "@opencode-ai/plugin/tui"
import { readStatus } from "../src/status/read.ts"
import { describeExtension, describeStore, type StatusReport } from "../src/status/report.ts"
import { storePathFromPlugins } from "../src/status/store-location.ts"

export function statusOptions(report: StatusReport): TuiDialogSelectOption<string>[] {
  const row = (title: string, description: string, category: string): TuiDialogSelectOption<string> => ({
    title,
    value: `${title}: ${description}`,
    description,
    category,
  })
  const extensions =
    report.extensions.length === 0
      ? [row("none yet", "no extensions are configured or discovered for this project", "Extensions")]
      : report.extensions.map((e) => row(e.name, describeExtension(e), "Extensions"))
  return [
    row("Version", `opencode-switchboard ${report.version}`, "Switchboard"),
    row("Store", report.store.path, "Switchboard"),
    row("Store health", describeStore(report.store), "Switchboard"),
    row("Server half", report.server.detail, "Switchboard"),
    row("TUI half", report.tui.detail, "Switchboard"),
    ...extensions,
  ]
}

export function currentReport(api: TuiPluginApi): StatusReport {
  const plugins = api.state.config.plugin as Parameters<typeof storePathFromPlugins>[0]
  const file = storePathFromPlugins(plugins)
  return readStatus(file, api.state.path.directory, {
    self: {
      half: "tui",
      status: { loaded: true, pid: process.pid, detail: `loaded (this TUI, pid ${process.pid}, opencode ${api.app.version})` },
    },
  })
}

export function openStatusDialog(api: TuiPluginApi) {
  const report = currentReport(api)
  api.ui.dialog.replace(() => (
    <api.ui.DialogSelect
      title="Switchboard"
      options={statusOptions(report)}
      onSelect={(option) => api.ui.toast({ variant: "info", title: "Switchboard", message: String(option.value) })}
    />
  ))
  api.ui.dialog.setSize("large")
}
