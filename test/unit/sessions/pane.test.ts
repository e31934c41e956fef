import { expect, test } from "bun:test"
import { detectPane, safeKey } from "../../../src/sessions/pane.ts"

const noTty = () => undefined

test("an explicit SWITCHBOARD_PANE_ID wins over every multiplexer", () => {
  expect(detectPane({ SWITCHBOARD_PANE_ID: "left", TMUX_PANE: "%3" }, noTty)).toEqual({ key: "pane:left", source: "SWITCHBOARD_PANE_ID" })
})

test("multiplexers and terminals in order, then the controlling tty, then none", () => {
  expect(detectPane({ TMUX_PANE: "%3", WEZTERM_PANE: "7" }, noTty).key).toBe("tmux:%3")
  expect(detectPane({ WEZTERM_PANE: "7" }, noTty).key).toBe("wezterm:7")
  expect(detectPane({ KITTY_WINDOW_ID: "2" }, noTty).key).toBe("kitty:2")
  expect(detectPane({ ZELLIJ_PANE_ID: "0" }, noTty).key).toBe("zellij:0")
  expect(detectPane({}, () => "/dev/pts/4")).toEqual({ key: "tty:pts-4", source: "controlling tty" })
  expect(detectPane({}, noTty).key).toBe("none")
})

test("unusual values become a stable hash, never raw text in a key or file name", () => {
  const a = safeKey("pane", "../../etc/passwd; rm -rf /")
  expect(a).toMatch(/^pane:h[0-9a-f]{16}$/)
  expect(safeKey("pane", "../../etc/passwd; rm -rf /")).toBe(a)
  expect(detectPane({ TMUX_PANE: "   " }, noTty).key).toBe("none")
})
