/** @jsxImportSource @opentui/solid */
// The sidebar section (sidebar_content slot): extension health, breaker alerts, this session's tokens and cost.
// Styled like opencode's own sections (a bold title in the text colour, muted lines), placed after them.
import type { TuiPluginApi, TuiThemeCurrent } from "@opencode-ai/plugin/tui"
import { createEffect, createSignal, For, onCleanup, Show } from "solid-js"
import type { SidebarModel, Tone } from "../src/status/sidebar.ts"
import { readSidebarFor, sidebarFeed, type FeedOptions, type SidebarFeed } from "./sidebar-data.ts"

// opencode's own sections use orders 100..500 (context, mcp, lsp, todo, files).
export const SIDEBAR_ORDER = 650

function colour(theme: TuiThemeCurrent, tone: Tone) {
  switch (tone) {
    case "text":
      return theme.text
    case "success":
      return theme.success
    case "warning":
      return theme.warning
    case "error":
      return theme.error
    case "accent":
      return theme.accent
    default:
      return theme.textMuted
  }
}

function SidebarView(props: { theme: () => TuiThemeCurrent; model: SidebarModel }) {
  return (
    <box>
      <text fg={props.theme().text}>
        <b>{props.model.title}</b>
      </text>
      <For each={props.model.lines}>
        {(line) => (
          <text fg={props.theme().textMuted} wrapMode="none">
            <For each={line}>{(segment) => <span style={{ fg: colour(props.theme(), segment.tone) }}>{segment.text}</span>}</For>
          </text>
        )}
      </For>
    </box>
  )
}

/**
 * Registers the slot. Reads happen in timer callbacks, only while a session's sidebar is on screen; a failure here
 * is logged and leaves the rest of the TUI half (the slash commands) working.
 */
export function registerSidebar(api: TuiPluginApi, opts: FeedOptions = {}) {
  let feed: SidebarFeed | undefined
  try {
    const [models, setModels] = createSignal<ReadonlyMap<string, SidebarModel>>(new Map())
    const live = (feed = sidebarFeed((id) => readSidebarFor(api, id), setModels, opts))
    api.lifecycle.onDispose(() => live.dispose())
    api.event.on("message.updated", (e) => {
      if (live.watching(e.properties.sessionID)) live.nudge()
    })
    api.event.on("session.idle", (e) => {
      if (live.watching(e.properties.sessionID)) live.nudge()
    })
    api.slots.register({
      order: SIDEBAR_ORDER,
      slots: {
        sidebar_content(ctx, props) {
          createEffect(() => onCleanup(live.watch(props.session_id)))
          const model = () => models().get(props.session_id)
          return (
            <Show when={model()}>
              {(m: () => SidebarModel) => <SidebarView theme={() => ctx.theme.current} model={m()} />}
            </Show>
          )
        },
      },
    })
    return live
  } catch (cause) {
    feed?.dispose()
    console.warn(`[switchboard] sidebar not registered: ${String(cause)}`)
    return undefined
  }
}
