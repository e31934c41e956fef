import { describe, expect, test } from "bun:test"
import { bar, barChart, dayBars, lastDays, toolBars } from "../../../src/analytics/charts.ts"

describe("bar", () => {
  test("scaled to the max, whole cells then an eighth-block tail", () => {
    expect(bar(10, 10, 4)).toBe("████")
    expect(bar(5, 10, 4)).toBe("██")
    expect(bar(1, 10, 4)).toBe("▍") // 3.2 eighths → 3
    expect(bar(9, 10, 4)).toBe("███▋") // 28.8 eighths → 29 = 3 cells + 5/8
  })
  test("tiny values still show; zero, negatives and no room show nothing", () => {
    expect(bar(1, 1_000_000, 10)).toBe("▏")
    expect(bar(0, 10, 4)).toBe("")
    expect(bar(-3, 10, 4)).toBe("")
    expect(bar(3, 0, 4)).toBe("")
    expect(bar(3, 10, 0)).toBe("")
    expect(bar(NaN, 10, 4)).toBe("")
  })
})

describe("barChart", () => {
  test("labels padded to the widest, bars plus gap a constant width, values right-aligned", () => {
    const lines = barChart(
      [
        { label: "read", value: 120 },
        { label: "bash", value: 30, note: "2 failed", alert: true },
        { label: "a-very-long-tool-name", value: 0 },
      ],
      { width: 8, labelWidth: 10 },
    )
    expect(lines.map((l) => l.label)).toEqual(["read      ", "bash      ", "a-very-lo…"])
    expect(lines.map((l) => l.bar)).toEqual(["████████", "██", ""])
    for (const l of lines) expect([...l.bar].length + l.gap.length).toBe(8)
    expect(lines.map((l) => l.value)).toEqual(["120", " 30", "  0"])
    expect(lines[1]).toMatchObject({ note: "2 failed", alert: true })
    expect(lines[0]).toMatchObject({ note: "", alert: false })
  })
  test("format shapes the value column", () => {
    expect(barChart([{ label: "x", value: 1500 }], { width: 2, format: (n) => `${n / 1000}k` })[0]?.value).toBe("1.5k")
  })
})

describe("series", () => {
  const now = Date.UTC(2025, 0, 11, 23, 59)
  test("lastDays: oldest first, ending today (UTC), gaps filled with zeros", () => {
    const known = [
      { day: "2025-01-10", messages: 2, tokens: 50, cost: 0 },
      { day: "2024-12-01", messages: 1, tokens: 9, cost: 0 },
    ]
    const days = lastDays(known, 3, now)
    expect(days.map((d) => [d.day, d.tokens])).toEqual([["2025-01-09", 0], ["2025-01-10", 50], ["2025-01-11", 0]])
  })
  test("dayBars label MM-DD; toolBars note and mark failures", () => {
    expect(dayBars([{ day: "2025-01-10", messages: 1, tokens: 5, cost: 0 }])).toEqual([{ label: "01-10", value: 5 }])
    expect(toolBars([{ tool: "bash", calls: 3, failures: 1 }, { tool: "read", calls: 1, failures: 0 }])).toEqual([
      { label: "bash", value: 3, note: "1 failed", alert: true },
      { label: "read", value: 1, note: "", alert: false },
    ])
  })
})
