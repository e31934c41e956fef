/** @jsxImportSource @opentui/solid */
// /memory: what OpenMind remembers about this project, searched as you type. Empty, it shows what was offered to the
// model for the last turn, the most seen entities and the pinned facts; choosing a fact or an entity opens its
// details (memory-details.tsx). Reads only, in short open-read-close steps; no model turn.
import type { TuiPluginApi } from "@opencode-ai/plugin/tui"
import { createSignal } from "solid-js"
import { ago, localTime } from "../src/time.ts"
import { chooseMemory, later } from "./memory-details.tsx"
import {
  browseOptions,
  readBrowse,
  readLastInjection,
  searchOptions,
  unreachable,
  withKnowledge,
  type LastInjection,
  type MemoryOption,
} from "./memory-data.ts"

/** Keystrokes closer together than this make one search: each search opens the file on the TUI's only thread. */
export const SEARCH_DEBOUNCE_MS = 120
const SEARCH_LIMIT = 50
const TITLE = "Memory"

function alert(api: TuiPluginApi, message: string, onConfirm?: () => void) {
  api.ui.dialog.replace(() => <api.ui.DialogAlert title={TITLE} message={message} onConfirm={onConfirm} />)
}

function browse(api: TuiPluginApi) {
  const read = readBrowse(api)
  if (!read.ok) return read
  const options = browseOptions(read.value, readLastInjection(api))
  return { ok: true as const, value: { options, counts: read.value.counts } }
}

/** The rows for a query; an empty one (or one of only stop words) browses instead. */
export function memoryOptions(api: TuiPluginApi, query: string): MemoryOption[] | string {
  if (query.trim() === "") {
    const read = browse(api)
    return read.ok ? read.value.options : unreachable(api, read.error)
  }
  const found = withKnowledge(api, false, (k) => k.search(query, SEARCH_LIMIT))
  return found.ok ? searchOptions(found.value) : unreachable(api, found.error)
}

export function injectionMessage(last: LastInjection | undefined, now = Date.now()): string {
  if (!last) {
    return (
      "OpenMind has not offered anything to the model in this project yet. " +
      "It does when a message matches what it remembers."
    )
  }
  const where = last.sessionID ? ` in ${last.sessionID}` : ""
  const facts = last.facts.map((n) => `#${n}`).join(", ") || "none"
  return `Offered ${ago(last.at, now)} (${localTime(last.at)})${where}, facts ${facts}:\n\n${last.text}`
}

export function openMemoryDialog(api: TuiPluginApi) {
  const first = browse(api)
  if (!first.ok) return alert(api, unreachable(api, first.error))
  const { counts } = first.value
  if (counts.facts === 0 && counts.entities === 0)
    return alert(api, "Nothing remembered yet for this project. OpenMind fills it as you work; /remember adds a fact.")

  const home = () => openMemoryDialog(api)
  const [options, setOptions] = createSignal(first.value.options)
  let timer: ReturnType<typeof setTimeout> | undefined
  const stop = () => {
    clearTimeout(timer)
    timer = undefined
  }
  // Runs on a timer, outside the command's safety net: a failure is a toast, never a throw into opencode.
  const search = (query: string) => {
    timer = undefined
    try {
      const rows = memoryOptions(api, query)
      if (typeof rows === "string") api.ui.toast({ variant: "error", title: TITLE, message: rows })
      else setOptions(rows)
    } catch (cause) {
      api.ui.toast({ variant: "error", title: TITLE, message: `search failed: ${String(cause)}` })
    }
  }
  const onFilter = (query: string) => {
    stop()
    timer = setTimeout(() => search(query), SEARCH_DEBOUNCE_MS)
  }
  const onSelect = (option: MemoryOption) => {
    stop()
    if (option.value.kind !== "injection") return chooseMemory(api, option.value, home, home)
    alert(api, injectionMessage(readLastInjection(api)), () => later(api, home))
  }
  api.ui.dialog.replace(
    () => (
      <api.ui.DialogSelect
        title={TITLE}
        placeholder="Search facts, files, commands, errors…"
        skipFilter
        options={options()}
        onFilter={onFilter}
        onSelect={onSelect}
      />
    ),
    stop,
  )
  api.ui.dialog.setSize("large")
}
