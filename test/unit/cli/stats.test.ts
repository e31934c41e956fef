import { describe, expect, test } from "bun:test"
import { DAY2, populated, run, sid, world } from "./fixture.ts"

const f = populated()
const empty = world()

describe("switchboard stats", () => {
  test("--json is the whole report", async () => {
    const r = await run(f, ["stats", "--json"])
    expect(r.code).toBe(0)
    const report = JSON.parse(r.out.join("\n"))
    expect(report.project).toBe(f.project)
    expect(report.totals).toMatchObject({ messages: 3, assistantReplies: 3, cost: expect.closeTo(0.035) })
    expect(report.byDay.map((d: { day: string }) => d.day)).toEqual(["2025-01-10", "2025-01-11"])
    expect(report.tools[0]).toEqual({ tool: "bash", calls: 3, failures: 1, p50Ms: 200, p95Ms: 300 })
    const parts = ["project", "filter", "totals", "byModel", "byDay", "bySession", "tools", "files"]
    expect(Object.keys(report)).toEqual(parts)
  })

  test("tables: totals, per model, per day with a sparkline, sessions, tools", async () => {
    const r = await run(f, ["stats"])
    expect(r.code).toBe(0)
    expect(r.out[0]).toBe(`project ${f.project}`)
    expect(r.out[1]).toBe(
      "3 messages (3 replies) · 1.4k tokens (in 310, out 115, reasoning 10, cache read 1000, cache write 5) · $0.03",
    )
    const text = r.out.join("\n")
    expect(text).toMatch(/per day \(UTC\) {2}tokens [▁-█]{2}\n/)
    expect(text).toMatch(/ {2}2025-01-10\s+1\s+1165\s+\$0\.01/)
    expect(text).toMatch(/ {2}TOOL\s+CALLS\s+FAILED\s+P50\s+P95\n {2}bash\s+3\s+1\s+200 ms\s+300 ms/)
    expect(text).toContain("Fix the bug")
    expect(text).not.toContain("Elsewhere")
  })

  test("--session and --since narrow the report", async () => {
    const one = JSON.parse((await run(f, ["stats", "--session", sid(2), "--json"])).out.join("\n"))
    expect(one.totals.messages).toBe(1)
    expect(one.filter).toEqual({ sessionID: sid(2) })
    expect((await run(f, ["stats", "--session", sid(2)])).out[0]).toBe(`session ${sid(2)}`)
    const late = JSON.parse((await run(f, ["stats", "--since", new Date(DAY2).toISOString(), "--json"])).out.join("\n"))
    expect(late.totals.messages).toBe(2)
  })

  test("nothing captured says so", async () => {
    const r = await run(f, ["stats", "--session", sid(7)])
    expect(r.out).toEqual([`nothing captured for session ${sid(7)}`])
  })

  test("bad usage exits 2; a missing store exits 1", async () => {
    for (const args of [
      ["stats", "--since", "yesterday"],
      ["stats", "--session", "nope"],
      ["stats", "--type", "tool.error"],
      ["stats", "extra"],
      ["stats", "--since", "2025-02-01", "--until", "2025-01-01"],
    ]) {
      expect((await run(f, args)).code).toBe(2)
    }
    const missing = await run(empty, ["stats"])
    expect(missing.code).toBe(1)
    expect(missing.err[0]).toContain("switchboard stats:")
  })

  test("listed in the help", async () => {
    expect((await run(f, ["--help"])).out.join("\n")).toContain("stats [--session <id>]")
  })
})
