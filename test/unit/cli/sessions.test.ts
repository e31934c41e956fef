import { describe, expect, test } from "bun:test"
import { DAY1, DAY2, paneKey, populated, run, sid, world, write } from "./fixture.ts"

const f = populated()
const empty = world()

describe("switchboard sessions", () => {
  test("--json: this pane's sessions (from SWITCHBOARD_PANE_ID), the current one marked", async () => {
    const r = await run(f, ["sessions", "--json"])
    expect(r.code).toBe(0)
    const body = JSON.parse(r.out.join("\n"))
    expect(body).toMatchObject({ project: f.project, pane: paneKey("p1"), paneSource: "SWITCHBOARD_PANE_ID", current: sid(1) })
    expect(body.sessions.map((s: { id: string; current: boolean }) => [s.id, s.current])).toEqual([
      [sid(1), true],
      [sid(2), false],
    ])
    expect(body.sessions[1].lastActivity).toBe(DAY2 + 200)
  })

  test("a table for people; the project comes from the git root above --dir", async () => {
    const r = await run(f, ["sessions", "--dir", "sub"])
    expect(r.code).toBe(0)
    expect(r.out[0]).toBe(`pane ${paneKey("p1")} (from SWITCHBOARD_PANE_ID), project ${f.project}`)
    expect(r.out[1]).toMatch(/^\s+SESSION\s+TITLE\s+LAST ACTIVITY$/)
    expect(r.out[2]).toMatch(new RegExp(`^\\*  ${sid(1)}  Fix the bug\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d \\(\\d+d ago\\)$`))
    expect(r.out[3]).toStartWith(`   ${sid(2)}  Write, "quoted" docs`)
  })

  test("--pane picks another pane; a deleted session says so", async () => {
    const r = await run(f, ["sessions", "--pane", paneKey("p2")])
    expect(r.out.join("\n")).toContain("Gone (deleted)")
  })

  test("--all-panes lists every pane of the project with a PANE column", async () => {
    const json = JSON.parse((await run(f, ["sessions", "--all-panes", "--json"])).out.join("\n"))
    expect(json.panes.map((p: { pane: string }) => p.pane)).toEqual([paneKey("p1"), paneKey("p2"), paneKey("p3")])
    const text = await run(f, ["sessions", "--all-panes"])
    expect(text.out[0]).toMatch(/^PANE\s+SESSION/)
    expect(text.out).toHaveLength(1 + 2 + 2 + 1)
  })

  test("nothing tracked is not an error", async () => {
    const r = await run(f, ["sessions"], { env: { SWITCHBOARD_PANE_ID: "fresh" } })
    expect(r.code).toBe(0)
    expect(r.out[1]).toBe("no sessions tracked for this pane")
  })

  test("no store: exit 1 with the reason; the store is not created", async () => {
    const r = await run(empty, ["sessions"])
    expect(r.code).toBe(1)
    expect(r.err[0]).toContain("no store at")
    expect(await Bun.file(empty.store).exists()).toBe(false)
  })

  test("bad usage exits 2", async () => {
    expect((await run(f, ["sessions", "--pane", "x", "--all-panes"])).code).toBe(2)
    expect((await run(f, ["sessions", "--frobnicate"])).code).toBe(2)
    expect((await run(f, ["sessions", "extra"])).code).toBe(2)
  })

  test("titles cannot smuggle terminal escapes into the table", async () => {
    const title = "evil\u001b]0;pwned\u0007"
    write(f.store, [{ kind: "session", id: sid(1), project: f.project, directory: f.project, title, updatedAt: DAY1 }])
    const r = await run(f, ["sessions"])
    expect(r.out.join("\n")).not.toContain("\u001b")
    expect(r.out.join("\n")).toContain("evil ]0;pwned")
  })
})
