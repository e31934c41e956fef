import { describe, expect, test } from "bun:test"
import { DAY2, populated, run, sid, world } from "./fixture.ts"

const f = populated()
const empty = world()

describe("switchboard events", () => {
  test("list --json: newest first, data parsed, times in ms and ISO", async () => {
    const r = await run(f, ["events", "--json"])
    expect(r.code).toBe(0)
    const rows = JSON.parse(r.out.join("\n"))
    expect(rows).toHaveLength(6)
    const at = DAY2 + 200
    expect(rows[0]).toMatchObject({ type: "session.idle", sessionID: sid(2), at, time: new Date(at).toISOString() })
    expect(rows[0].data).toEqual({ note: 'line1\nline2, "q"' })
    expect(rows[0].truncated).toBe(false)
  })

  test("list is the default action; filters narrow it; the table has one row per event", async () => {
    const r = await run(f, ["events", "--type", "tool.error"])
    expect(r.out[0]).toMatch(/^TIME\s+TYPE\s+SESSION\s+SUMMARY$/)
    expect(r.out).toHaveLength(2)
    expect(r.out[1]).toContain("bash: 100% failed_badly")
    const bySession = JSON.parse((await run(f, ["events", "list", "--session", sid(2), "--json"])).out.join("\n"))
    expect(bySession).toHaveLength(1)
    const since = JSON.parse((await run(f, ["events", "--since", new Date(DAY2).toISOString(), "--json"])).out.join("\n"))
    expect(since).toHaveLength(3)
  })

  test("--limit pages, and the table says there is more", async () => {
    const r = await run(f, ["events", "--limit", "2"])
    expect(r.out).toHaveLength(4)
    expect(r.out[3]).toBe("(1–2 of 6; --limit and --offset page through)")
    expect(JSON.parse((await run(f, ["events", "--limit", "2", "--offset", "5", "--json"])).out.join("\n"))).toHaveLength(1)
  })

  test("search matches literally in summaries and data", async () => {
    const pct = JSON.parse((await run(f, ["events", "search", "100%", "--json"])).out.join("\n"))
    expect(pct.map((e: { type: string }) => e.type)).toEqual(["tool.error"])
    expect(JSON.parse((await run(f, ["events", "search", "a%b", "--json"])).out.join("\n"))).toEqual([])
    expect((await run(f, ["events", "search", "nothing-like-this"])).out).toEqual(["no events match"])
  })

  test("aggregate by type (default), session, day and tool", async () => {
    const byType = await run(f, ["events", "aggregate"])
    expect(byType.out[0]).toMatch(/^TYPE\s+EVENTS\s+FIRST\s+LAST$/)
    expect(byType.out.at(-1)).toBe("6 events")
    const bySession = JSON.parse((await run(f, ["events", "aggregate", "--by", "session", "--json"])).out.join("\n"))
    expect(bySession[0]).toMatchObject({ key: sid(1), count: 4, title: "Fix the bug" })
    const byDay = JSON.parse((await run(f, ["events", "aggregate", "--by", "day", "--json"])).out.join("\n"))
    expect(byDay.map((r: { key: string; count: number }) => [r.key, r.count])).toEqual([["2025-01-10", 3], ["2025-01-11", 3]])
    const byTool = await run(f, ["events", "aggregate", "--by", "tool"])
    expect(byTool.out[0]).toMatch(/^TOOL\s+CALLS\s+FAILED\s+P50\s+P95$/)
    expect(byTool.out[1]).toMatch(/^bash\s+3\s+1\s+200 ms\s+300 ms$/)
  })

  test("bad usage exits 2 before touching the store", async () => {
    for (const args of [
      ["events", "aggregate", "--by", "planet"],
      ["events", "--since", "yesterday"],
      ["events", "--session", "not-a-session"],
      ["events", "--limit", "-3"],
      ["events", "--limit", "0"],
      ["events", "search"],
      ["events", "frobnicate"],
      ["events", "--by", "type"],
      ["events", "aggregate", "--by", "tool", "--type", "tool.error"],
    ]) {
      const r = await run(empty, args)
      expect(r.code).toBe(2)
      expect(r.err[0]).toStartWith("switchboard events: ")
    }
  })

  test("no store: exit 1", async () => {
    expect((await run(empty, ["events"])).code).toBe(1)
  })
})
