/** @jsxImportSource @opentui/solid */
// /switchboard: the menu of everything switchboard shows, headed by the status of both halves (read from the
// store), then the views, then every panel the extensions declare. No model turn.
import type { TuiDialogSelectOption, TuiPluginApi } from "@opencode-ai/plugin/tui"
import { readStatus } from "../src/status/read.ts"
import { describeExtension, describeStore, type StatusReport } from "../src/status/report.ts"
import { openExtensionsDialog } from "./extensions-dialog.tsx"
import { openPanel } from "./panel-dialog.tsx"
import { storeFor, TUI_BUSY_TIMEOUT_MS } from "./store-path.ts"
import { openTrackedDialog } from "./tracked-dialog.tsx"

type MenuChoice =
  | { kind: "text"; text: string }
  | { kind: "view"; view: "extensions" | "tracked" }
  | { kind: "panel"; extension: string; key: string; title: string }

export function statusOptions(report: StatusReport): TuiDialogSelectOption<MenuChoice>[] {
  const row = (title: string, description: string, category: string): TuiDialogSelectOption<MenuChoice> => ({
    title,
    value: { kind: "text", text: `${title}: ${description}` },
    description,
    category,
  })
  const extensions =
    report.extensions.length === 0
      ? [row("none yet", "no extensions are configured or discovered for this project", "Extensions")]
      : report.extensions.map((e) => row(e.name, describeExtension(e), "Extensions"))
  const panels = Object.entries(report.details ?? {}).flatMap(([extension, d]) =>
    d.panels.map((p): TuiDialogSelectOption<MenuChoice> => ({
      title: `${extension}: ${p.title}`,
      value: { kind: "panel", extension, key: p.key, title: p.title },
      description: "panel",
      category: "Panels",
    })),
  )
  return [
    row("Version", `opencode-switchboard ${report.version}`, "Switchboard"),
    row("Store", report.store.path, "Switchboard"),
    row("Store health", describeStore(report.store), "Switchboard"),
    row("Server half", report.server.detail, "Switchboard"),
    row("TUI half", report.tui.detail, "Switchboard"),
    { title: "Extensions…", value: { kind: "view", view: "extensions" }, description: "health, details, enable/disable/reset/reload", category: "Views" },
    { title: "Tracked sessions…", value: { kind: "view", view: "tracked" }, description: "this pane's sessions; switch to one", category: "Views" },
    ...panels,
    ...extensions,
  ]
}

export function currentReport(api: TuiPluginApi): StatusReport {
  return readStatus(storeFor(api), api.state.path.directory, {
    busyTimeoutMs: TUI_BUSY_TIMEOUT_MS,
    self: {
      half: "tui",
      status: { loaded: true, pid: process.pid, detail: `loaded (this TUI, pid ${process.pid}, opencode ${api.app.version})` },
    },
  })
}

function choose(api: TuiPluginApi, choice: MenuChoice) {
  switch (choice.kind) {
    case "text":
      return api.ui.toast({ variant: "info", title: "Switchboard", message: choice.text })
    case "view":
      return choice.view === "extensions" ? openExtensionsDialog(api) : openTrackedDialog(api)
    case "panel":
      return openPanel(api, choice.extension, choice.key, choice.title)
  }
}

export function openStatusDialog(api: TuiPluginApi) {
  const report = currentReport(api)
  api.ui.dialog.replace(() => (
    <api.ui.DialogSelect title="Switchboard" options={statusOptions(report)} onSelect={(option) => choose(api, option.value)} />
  ))
  api.ui.dialog.setSize("large")
}
