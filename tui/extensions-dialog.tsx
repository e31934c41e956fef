/** @jsxImportSource @opentui/solid */
// /extensions: every extension with its health; choosing one shows its details and the actions that change it in
// the running server half (enable, disable, reset breaker, reload). Loading → result | error; no model turn.
import type { TuiDialogSelectOption, TuiPluginApi } from "@opencode-ai/plugin/tui"
import { ago } from "../src/time.ts"
import type { ExtensionDetails } from "../src/status/details.ts"
import { readStatus } from "../src/status/read.ts"
import { describeExtension, type ExtensionSummary, type StatusReport } from "../src/status/report.ts"
import type { UserAction } from "../src/store/control.ts"
import { sendControl } from "./control-request.ts"
import { openPanel } from "./panel-dialog.tsx"
import { storeFor, TUI_BUSY_TIMEOUT_MS } from "./store-path.ts"

type Choice = { kind: "open"; name: string } | { kind: "action"; name: string; action: UserAction } | { kind: "panel"; name: string; key: string; title: string } | { kind: "info"; text: string }

const needsAttention = (e: ExtensionSummary) => e.state === "failed" || (e.breaker !== undefined && e.breaker !== "closed")

export function extensionOptions(report: StatusReport): TuiDialogSelectOption<Choice>[] {
  return [...report.extensions]
    .sort((a, b) => Number(needsAttention(b)) - Number(needsAttention(a)) || a.name.localeCompare(b.name))
    .map((e) => ({
      title: e.name,
      value: { kind: "open", name: e.name },
      description: describeExtension(e),
      category: needsAttention(e) ? "Needs attention" : e.state === "active" ? "Active" : "Disabled",
    }))
}

const ACTION_LABEL: Record<UserAction, string> = {
  enable: "Enable",
  disable: "Disable",
  reset: "Reset breaker",
  reload: "Reload",
}

export function detailOptions(e: ExtensionSummary, d: ExtensionDetails | undefined, now = Date.now()): TuiDialogSelectOption<Choice>[] {
  const info = (title: string, text: string): TuiDialogSelectOption<Choice> => ({ title, value: { kind: "info", text: `${title}: ${text}` }, description: text, category: "Details" })
  const rows: TuiDialogSelectOption<Choice>[] = [
    info("State", describeExtension(e)),
    info("Source", e.source),
  ]
  if (d?.description) rows.push(info("About", d.description))
  if (d?.lastError) rows.push(info("Last error", `${d.lastError.message} (${d.lastError.hook}, ${ago(d.lastError.at, now)})`))
  for (const t of d?.transitions ?? []) rows.push(info("Breaker", `${t.from} → ${t.to} ${ago(t.at, now)}: ${t.reason}`))
  if (d) {
    rows.push(info("Options", JSON.stringify(d.options)))
    rows.push(info("Limits", Object.entries(d.stability).map(([k, v]) => `${k} ${v}`).join(", ")))
    if (d.dependencies.length) rows.push(info("Depends on", d.dependencies.join(", ")))
    const offers = [...d.tools.map((t) => `tool ${e.name}_${t}`), ...d.commands.map((c) => `/${c}`), ...d.topics.map((t) => `bus ${t}`)]
    if (offers.length) rows.push(info("Offers", offers.join(", ")))
  }
  for (const p of d?.panels ?? []) rows.push({ title: p.title, value: { kind: "panel", name: e.name, key: p.key, title: p.title }, description: "open the panel", category: "Panels" })
  const actions: UserAction[] = e.state === "active" ? ["disable", "reset", "reload"] : ["enable", "reload"]
  for (const action of actions) rows.push({ title: ACTION_LABEL[action], value: { kind: "action", name: e.name, action }, category: "Actions" })
  return rows
}

const current = (api: TuiPluginApi) => readStatus(storeFor(api), api.state.path.directory, { busyTimeoutMs: TUI_BUSY_TIMEOUT_MS })

export function openExtensionsDialog(api: TuiPluginApi) {
  const report = current(api)
  if (!report.store.ok || !report.server.loaded) {
    const why = report.store.ok ? report.server.detail : `store unavailable: ${report.store.error}`
    api.ui.dialog.replace(() => <api.ui.DialogAlert title="Extensions" message={`No running server half to ask (${why}).`} />)
    return
  }
  api.ui.dialog.replace(() => (
    <api.ui.DialogSelect title="Extensions" options={extensionOptions(report)} onSelect={(option) => choose(api, option.value)} />
  ))
  api.ui.dialog.setSize("large")
}

export function openExtensionDetail(api: TuiPluginApi, name: string) {
  const report = current(api)
  const e = report.extensions.find((x) => x.name === name)
  if (!e) {
    api.ui.dialog.replace(() => <api.ui.DialogAlert title={name} message="This extension is no longer listed by the server half." />)
    return
  }
  api.ui.dialog.replace(() => (
    <api.ui.DialogSelect title={`Extension ${name}`} options={detailOptions(e, report.details?.[name])} onSelect={(option) => choose(api, option.value)} />
  ))
  api.ui.dialog.setSize("large")
}

function runAction(api: TuiPluginApi, name: string, action: UserAction) {
  const pending = sendControl(storeFor(api), api.state.path.directory, name, action, undefined, (result) => {
    api.ui.toast(
      result.ok
        ? { variant: "success", title: "Switchboard", message: result.value }
        : { variant: "error", title: "Switchboard", message: `${ACTION_LABEL[action]} ${name}: ${result.error}` },
    )
    // The server half republishes right after applying; give its write a moment, then show the new state.
    setTimeout(() => openExtensionDetail(api, name), 300)
  })
  api.ui.dialog.replace(
    () => <api.ui.DialogAlert title={`${ACTION_LABEL[action]} ${name}`} message="Waiting for the server half…" />,
    () => pending.cancel(),
  )
}

function choose(api: TuiPluginApi, choice: Choice) {
  switch (choice.kind) {
    case "open":
      return openExtensionDetail(api, choice.name)
    case "action":
      return runAction(api, choice.name, choice.action)
    case "panel":
      return openPanel(api, choice.name, choice.key, choice.title)
    case "info":
      return api.ui.toast({ variant: "info", title: "Switchboard", message: choice.text })
  }
}
