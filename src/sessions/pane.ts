// Which terminal pane this process runs in, so each pane gets its own conversation back after a restart.
// The first variable set wins: an explicit SWITCHBOARD_PANE_ID, then the multiplexers and terminals that name
// their panes, then the controlling tty.
import { createHash } from "node:crypto"
import fs from "node:fs"

export interface Pane {
  key: string
  /** Where the key came from, for doctor and status views. */
  source: string
}

const SOURCES: [variable: string, prefix: string][] = [
  ["SWITCHBOARD_PANE_ID", "pane"],
  ["TMUX_PANE", "tmux"],
  ["WEZTERM_PANE", "wezterm"],
  ["KITTY_WINDOW_ID", "kitty"],
  ["ZELLIJ_PANE_ID", "zellij"],
  ["WT_SESSION", "wt"],
  ["ITERM_SESSION_ID", "iterm"],
  ["TERM_SESSION_ID", "term"],
  ["ALACRITTY_WINDOW_ID", "alacritty"],
]

const SAFE = /^[A-Za-z0-9_.:%@+-]{1,96}$/

/** Keys end up in file names and store keys: anything unusual is replaced by a stable hash of itself. */
export function safeKey(prefix: string, raw: string): string {
  const value = raw.trim()
  return SAFE.test(value) ? `${prefix}:${value}` : `${prefix}:h${createHash("sha256").update(value).digest("hex").slice(0, 16)}`
}

function controllingTty(): string | undefined {
  for (const fd of [0, 1, 2]) {
    try {
      const target = fs.readlinkSync(`/proc/self/fd/${fd}`)
      if (/^\/dev\/(pts\/\d+|tty\w*)$/.test(target)) return target
    } catch {
      // not Linux, or the descriptor is closed
    }
  }
  return undefined
}

export function detectPane(env: Record<string, string | undefined> = process.env, tty: () => string | undefined = controllingTty): Pane {
  for (const [variable, prefix] of SOURCES) {
    const value = env[variable]
    if (value && value.trim()) return { key: safeKey(prefix, value), source: variable }
  }
  const device = tty()
  if (device) return { key: safeKey("tty", device.replace(/^\/dev\//, "").replaceAll("/", "-")), source: "controlling tty" }
  return { key: "none", source: "no terminal (opencode serve, or no pane variable set)" }
}
