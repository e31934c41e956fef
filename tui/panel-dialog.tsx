/** @jsxImportSource @opentui/solid */
// An extension's panel: data the extension returns, rendered by us. Loading → result | error; no model turn.
import type { TuiPluginApi } from "@opencode-ai/plugin/tui"
import { panelData } from "../src/host/result-schemas.ts"
import type { PanelData } from "../src/host/types.ts"
import { sendControl } from "./control-request.ts"
import { storeFor } from "./store-path.ts"

export function parsePanel(json: string): PanelData | undefined {
  try {
    const parsed = panelData.safeParse(JSON.parse(json))
    return parsed.success ? parsed.data : undefined
  } catch {
    return undefined
  }
}

export function openPanel(api: TuiPluginApi, extension: string, key: string, title: string) {
  const pending = sendControl(storeFor(api), api.state.path.directory, extension, "panel", key, (result) => {
    if (!result.ok) {
      api.ui.dialog.replace(() => <api.ui.DialogAlert title={title} message={`The panel could not be loaded: ${result.error}`} />)
      api.ui.toast({ variant: "error", title: "Switchboard", message: `${extension} panel "${title}": ${result.error}` })
      return
    }
    const data = parsePanel(result.value)
    if (!data) {
      api.ui.dialog.replace(() => <api.ui.DialogAlert title={title} message="The panel returned data switchboard could not read." />)
      return
    }
    if (data.items.length === 0) {
      api.ui.dialog.replace(() => <api.ui.DialogAlert title={title} message={data.empty ?? "Nothing to show."} />)
      return
    }
    api.ui.dialog.replace(() => (
      <api.ui.DialogSelect
        title={`${title} (${extension})`}
        options={data.items.map((item, i) => ({ ...item, value: i }))}
        onSelect={(option) => api.ui.toast({ variant: "info", title, message: `${option.title}${option.description ? `: ${option.description}` : ""}` })}
      />
    ))
    api.ui.dialog.setSize("large")
  })
  api.ui.dialog.replace(
    () => <api.ui.DialogAlert title={title} message={`Loading from ${extension}…`} />,
    () => pending.cancel(),
  )
}
