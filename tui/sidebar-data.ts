// Reads what the sidebar shows from the store: open read-only, query, close, every time. A connection kept open
// across renders would pin an old WAL snapshot and hold a file handle for as long as the TUI runs.
import { TUI_BUSY_TIMEOUT_MS } from "./store-path.ts"
import type { TuiPluginApi } from "@opencode-ai/plugin/tui"
import { errorMessage } from "../src/result.ts"
import { parseExtensions } from "../src/status/read.ts"
import { halfStatus } from "../src/status/report.ts"
import { sessionUsage, sidebarModel, unavailableModel, type SidebarModel, type SidebarStatus } from "../src/status/sidebar.ts"
import { storePathFromPlugins } from "../src/status/store-location.ts"
import { processAlive, readHalves } from "../src/store/halves.ts"
import { SCHEMA_VERSION } from "../src/store/migrations.ts"
import { openStoreReadonly } from "../src/store/open.ts"

// The reads run on the TUI's only thread: a lock held by the writer may cost one stale frame, never a frozen screen
// (openStoreReadonly waits up to 5 s, which is right for the CLI and wrong here).
const REFRESH_MS = 2000
// message.updated comes in bursts while a reply streams, and the server half writes the store in batches:
// one read shortly after a burst sees the batch and costs one query, not one per event.
const SETTLE_MS = 300

export interface SidebarRead {
  model: SidebarModel
  /** Why the store could not be used, for a console line; the sidebar itself shows a short reason only. */
  error?: string
}

export function readSidebar(file: string, directory: string, sessionID: string, alive = processAlive): SidebarRead {
  const opened = openStoreReadonly(file, TUI_BUSY_TIMEOUT_MS)
  if (!opened.ok) return { model: unavailableModel("store not reachable"), error: opened.error }
  const db = opened.value
  try {
    const version = (db.query("PRAGMA user_version").get() as { user_version: number }).user_version
    if (version > SCHEMA_VERSION) return { model: unavailableModel("store is from a newer switchboard") }
    if (version < 1) return { model: unavailableModel("store not initialised yet") }
    const server = readHalves(db, directory).find((r) => r.half === "server")
    const serverStatus = halfStatus(server, !!server && alive(server.pid), "not seen")
    const status: SidebarStatus = {
      store: { path: file, ok: true, schemaVersion: version },
      server: serverStatus,
      extensions: server && serverStatus.loaded ? parseExtensions(server.status) : [],
    }
    return { model: sidebarModel(status, sessionUsage(db, sessionID)) }
  } catch (cause) {
    return { model: unavailableModel("store not readable"), error: errorMessage(cause) }
  } finally {
    db.close()
  }
}

/** The same read, with the store path and project taken from what the TUI already knows. Never throws. */
export function readSidebarFor(api: TuiPluginApi, sessionID: string): SidebarRead {
  try {
    const plugins = api.state.config.plugin as Parameters<typeof storePathFromPlugins>[0]
    return readSidebar(storePathFromPlugins(plugins), api.state.path.directory, sessionID)
  } catch (cause) {
    return { model: unavailableModel("store not reachable"), error: errorMessage(cause) }
  }
}

export interface FeedOptions {
  refreshMs?: number
  settleMs?: number
  log?: (line: string) => void
}

export interface SidebarFeed {
  /** A slot shows this session: read it soon and on every tick until the returned function is called. */
  watch(sessionID: string): () => void
  watching(sessionID: string): boolean
  /** Something changed (a reply streamed, a session went idle): read once after the burst settles. */
  nudge(): void
  dispose(): void
}

/**
 * The refresh loop, free of Solid so it can be tested: reads every watched session on a timer and when nudged,
 * and publishes only when the content changed, so an idle sidebar costs no frames.
 */
export function sidebarFeed(
  read: (sessionID: string) => SidebarRead,
  publish: (models: ReadonlyMap<string, SidebarModel>) => void,
  opts: FeedOptions = {},
): SidebarFeed {
  const settleMs = opts.settleMs ?? SETTLE_MS
  const log = opts.log ?? ((line: string) => console.warn(line))
  const watched = new Map<string, number>() // session id → slots showing it
  const logged = new Set<string>()
  let published = ""
  let soon: ReturnType<typeof setTimeout> | undefined
  let disposed = false

  const refresh = () => {
    soon = undefined
    if (disposed || watched.size === 0) return
    const next = new Map<string, SidebarModel>()
    for (const id of watched.keys()) {
      const result = read(id)
      next.set(id, result.model)
      // Once per distinct reason, to the TUI console: the sidebar itself keeps to one short line.
      if (result.error && !logged.has(result.error)) {
        logged.add(result.error)
        log(`[switchboard] sidebar: ${result.error}`)
      }
    }
    const key = JSON.stringify([...next])
    if (key === published) return
    published = key
    publish(next)
  }
  const schedule = (delay: number) => {
    if (soon === undefined && !disposed) soon = setTimeout(refresh, delay)
  }
  const timer = setInterval(refresh, opts.refreshMs ?? REFRESH_MS)
  ;(timer as { unref?: () => void }).unref?.()

  return {
    watch(sessionID) {
      watched.set(sessionID, (watched.get(sessionID) ?? 0) + 1)
      schedule(0)
      let stopped = false
      return () => {
        if (stopped) return
        stopped = true
        const left = (watched.get(sessionID) ?? 1) - 1
        if (left > 0) watched.set(sessionID, left)
        else watched.delete(sessionID)
      }
    },
    watching: (sessionID) => watched.has(sessionID),
    nudge: () => schedule(settleMs),
    dispose() {
      disposed = true
      clearInterval(timer)
      clearTimeout(soon)
      watched.clear()
    },
  }
}
