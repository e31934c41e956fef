import { describe, expect, test } from "bun:test"
import { detailOptions, extensionOptions } from "../../../tui/extensions-dialog.tsx"
import { parsePanel } from "../../../tui/panel-dialog.tsx"
import type { StatusReport } from "../../../src/status/report.ts"

const report = {
  extensions: [
    { name: "alpha", state: "active", source: "builtin", breaker: "closed", calls: 10 },
    { name: "broken", state: "active", source: "file /x/broken.ts", breaker: "open", calls: 3, errors: 3, reason: "breaker open after 3 failures: boom" },
    { name: "off", state: "disabled", source: "file /x/off.ts", reason: "disabled by the user" },
  ],
} as unknown as StatusReport

describe("/extensions", () => {
  test("extensions that need attention come first, with their health line", () => {
    const options = extensionOptions(report)
    expect(options.map((o) => [o.title, o.category])).toEqual([
      ["broken", "Needs attention"],
      ["alpha", "Active"],
      ["off", "Disabled"],
    ])
    expect(options[0]?.description).toContain("breaker open")
  })

  test("details show the last error, breaker transitions, options and panels, then the actions that fit the state", () => {
    const rows = detailOptions(report.extensions[1]!, {
      dependencies: [],
      options: { apiKey: "[redacted]", depth: 2 },
      stability: { timeoutMs: 5000 },
      tools: ["echo"],
      commands: [],
      panels: [{ key: "recent", title: "Recent" }],
      topics: [],
      lastError: { message: "boom", at: 1000, hook: "preMessage" },
      transitions: [{ from: "closed", to: "open", at: 1000, reason: "3 consecutive failures" }],
    }, 61_000)
    const byTitle = Object.fromEntries(rows.map((r) => [r.title, r]))
    expect(byTitle["Last error"]?.description).toBe("boom (preMessage, 1m ago)")
    expect(byTitle.Breaker?.description).toBe("closed → open 1m ago: 3 consecutive failures")
    expect(byTitle.Options?.description).toBe('{"apiKey":"[redacted]","depth":2}')
    expect(byTitle.Recent?.value).toEqual({ kind: "panel", name: "broken", key: "recent", title: "Recent" })
    expect(rows.filter((r) => r.category === "Actions").map((r) => r.title)).toEqual(["Disable", "Reset breaker", "Reload"])
    const off = detailOptions(report.extensions[2]!, undefined)
    expect(off.filter((r) => r.category === "Actions").map((r) => r.title)).toEqual(["Enable", "Reload"])
  })

  test("panel data is checked before it is shown", () => {
    expect(parsePanel('{"items":[{"title":"a"}]}')).toEqual({ items: [{ title: "a" }] })
    expect(parsePanel('{"items":"nope"}')).toBeUndefined()
    expect(parsePanel("not json")).toBeUndefined()
  })
})
