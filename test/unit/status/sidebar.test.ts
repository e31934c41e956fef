import { describe, expect, test } from "bun:test"
import path from "node:path"
import type { ExtensionSummary } from "../../../src/status/report.ts"
import {
  alertOf,
  compactNumber,
  formatCost,
  isHealthy,
  LINE_WIDTH,
  sessionUsage,
  sidebarModel,
  sparkline,
  type SidebarLine,
  type SidebarStatus,
} from "../../../src/status/sidebar.ts"
import { openStore } from "../../../src/store/open.ts"
import { applyWrites, type Write } from "../../../src/store/writes.ts"
import { tempDir } from "../helpers/tmp.ts"

const root = tempDir()
const text = (line: SidebarLine | undefined) => (line ?? []).map((s) => s.text).join("")
const ext = (name: string, more: Partial<ExtensionSummary> = {}): ExtensionSummary => ({
  name,
  state: "active",
  source: "file",
  breaker: "closed",
  ...more,
})
const status = (extensions: ExtensionSummary[], loaded = true): SidebarStatus => ({
  store: { path: "/s.db", ok: true },
  server: { loaded, detail: "" },
  extensions,
})

describe("sparkline", () => {
  test("scales to the largest value with the eight blocks", () => {
    expect(sparkline([1, 2, 3, 4, 5, 6, 7, 8])).toBe("▁▂▃▄▅▆▇█")
    expect(sparkline([0, 50, 100])).toBe("▁▄█")
    expect(sparkline([18])).toBe("█")
  })

  test("empty input, all zeros and bad numbers", () => {
    expect(sparkline([])).toBe("")
    expect(sparkline([0, 0])).toBe("▁▁")
    expect(sparkline([Number.NaN, -5, 10])).toBe("▁▁█")
    expect(sparkline([1, 2], 0)).toBe("")
  })

  test("keeps the last `width` values", () => {
    const values = Array.from({ length: 30 }, (_, i) => i + 1)
    const line = sparkline(values, 20)
    expect([...line].length).toBe(20)
    expect(line.endsWith("█")).toBe(true)
    expect(sparkline([100, 1, 2], 2)).toBe("▄█")
  })
})

describe("number and cost formats", () => {
  test("compact numbers", () => {
    expect(compactNumber(0)).toBe("0")
    expect(compactNumber(999)).toBe("999")
    expect(compactNumber(1000)).toBe("1k")
    expect(compactNumber(1234)).toBe("1.2k")
    expect(compactNumber(12_345)).toBe("12.3k")
    expect(compactNumber(123_456)).toBe("123k")
    expect(compactNumber(999_960)).toBe("1M")
    expect(compactNumber(1_234_567)).toBe("1.2M")
    expect(compactNumber(Number.NaN)).toBe("0")
  })

  test("costs", () => {
    expect(formatCost(0)).toBe("$0.00")
    expect(formatCost(0.001)).toBe("<$0.01")
    expect(formatCost(0.0412)).toBe("$0.04")
    expect(formatCost(12.5)).toBe("$12.50")
  })
})

describe("sidebarModel", () => {
  test("healthy of total; disabled ones are counted, noted, and raise no alert", () => {
    const model = sidebarModel(status([ext("a"), ext("b"), ext("c", { state: "disabled" })]), undefined)
    expect(model.title).toBe("Switchboard")
    expect(text(model.lines[0])).toBe("extensions 2/3 healthy · 1 off")
    expect(model.lines[0]?.[1]).toEqual({ text: "2/3", tone: "warning" })
    expect(text(model.lines[1])).toBe("tokens 0 · $0.00")
    expect(model.lines.length).toBe(2)
  })

  test("all healthy reads as success", () => {
    const model = sidebarModel(status([ext("sessions")]), { perMessage: [18], tokens: 18, cost: 0 })
    expect(model.lines.map(text)).toEqual(["extensions 1/1 healthy", "tokens 18 · $0.00", "█ per reply"])
    expect(model.lines[0]?.[1]?.tone).toBe("success")
  })

  test("open, half-open and failed extensions are alerts, at most three then +N more", () => {
    const model = sidebarModel(
      status([
        ext("ok"),
        ext("lint", { breaker: "open" }),
        ext("fmt", { breaker: "half-open" }),
        ext("broken", { state: "failed" }),
        ext("also-broken", { state: "failed" }),
        ext("a-name-that-is-far-too-long-for-the-sidebar", { breaker: "open" }),
      ]),
      { perMessage: [1000, 2500, 12_300], tokens: 15_800, cost: 0.04 },
    )
    expect(model.lines.map(text)).toEqual([
      "extensions 1/6 healthy",
      "⚠ lint: breaker open",
      "⚠ fmt: breaker half-open",
      "⚠ broken: failed",
      "  +2 more",
      "tokens 15.8k · $0.04",
      "▁▂█ per reply",
    ])
    expect(model.lines[1]?.[0]?.tone).toBe("error")
    expect(model.lines[2]?.[0]?.tone).toBe("warning")
  })

  test("long names are shortened so no line is wider than the sidebar", () => {
    const long = "a-name-that-is-far-too-long-for-the-sidebar"
    const model = sidebarModel(
      status([ext(long, { breaker: "open" }), ext(long, { breaker: "half-open" }), ext(long, { state: "failed" })]),
      { perMessage: Array.from({ length: 40 }, (_, i) => i * 1_000_000), tokens: 999_999_999_999, cost: 12_345.678 },
    )
    expect(model.lines.map(text).slice(1, 4)).toEqual([
      "⚠ a-name-that-is-far-…: breaker open",
      "⚠ a-name-that-is…: breaker half-open",
      "⚠ a-name-that-is-far-too-lo…: failed",
    ])
    for (const line of model.lines) expect([...text(line)].length).toBeLessThanOrEqual(LINE_WIDTH)
  })

  test("no store: one muted line; no server half: said instead of 0/0", () => {
    const gone = sidebarModel({ ...status([]), store: { path: "/s.db", ok: false, error: "no store" } }, undefined)
    expect(gone.lines).toEqual([[{ text: "store not reachable", tone: "muted" }]])
    expect(text(sidebarModel(status([], false), undefined).lines[0])).toBe("server half not seen")
  })

  test("health and alerts", () => {
    expect(isHealthy(ext("a"))).toBe(true)
    expect(isHealthy(ext("a", { breaker: undefined }))).toBe(true)
    expect(isHealthy(ext("a", { breaker: "half-open" }))).toBe(false)
    expect(alertOf(ext("a", { state: "disabled" }))).toBeUndefined()
  })
})

describe("sessionUsage", () => {
  test("this session's assistant messages, oldest first, with totals; streaming replies with no tokens left out", () => {
    const opened = openStore(path.join(root, "usage.db"))
    if (!opened.ok) throw new Error(opened.error)
    const { db } = opened.value
    const tokens = (input: number, output: number, cacheRead = 0) => ({ input, output, reasoning: 0, cacheRead, cacheWrite: 0 })
    const msg = (id: string, more: Partial<Extract<Write, { kind: "message" }>>): Write => ({
      kind: "message",
      id,
      sessionID: "ses_a",
      project: "/proj",
      role: "assistant",
      ...more,
    })
    applyWrites(db, [
      msg("msg_2", { tokens: tokens(100, 50, 1000), cost: 0.02, createdAt: 2000, completedAt: 2100 }),
      msg("msg_1", { tokens: tokens(11, 7), cost: 0.01, createdAt: 1000, completedAt: 1100 }),
      msg("msg_u", { role: "user", tokens: tokens(999, 999), createdAt: 1500 }),
      msg("msg_o", { sessionID: "ses_b", tokens: tokens(5, 5), createdAt: 1200, completedAt: 1300 }),
      msg("msg_3", { createdAt: 3000 }),
    ])
    expect(sessionUsage(db, "ses_a")).toEqual({ perMessage: [18, 1150], tokens: 1168, cost: 0.03 })
    expect(sessionUsage(db, "ses_none")).toEqual({ perMessage: [], tokens: 0, cost: 0 })
    expect(sessionUsage(db, "x' OR '1'='1")).toEqual({ perMessage: [], tokens: 0, cost: 0 })
    db.close()
  })
})
