import { describe, expect, test } from "bun:test"
import fs from "node:fs"
import path from "node:path"
import { fakeBin, paneKey, populated, run, sid, world } from "./fixture.ts"

const f = populated()
const empty = world()

describe("switchboard resume", () => {
  test("prints the command for this pane's current session", async () => {
    const r = await run(f, ["resume"])
    expect(r).toMatchObject({ code: 0, out: [`opencode --session ${sid(1)}`], err: [] })
  })

  test("--json says which pane and session, and whether it fell back", async () => {
    const r = await run(f, ["resume", "--json"])
    expect(JSON.parse(r.out.join("\n"))).toEqual({
      project: f.project,
      pane: paneKey("p1"),
      paneSource: "SWITCHBOARD_PANE_ID",
      session: sid(1),
      fallback: false,
      command: ["opencode", "--session", sid(1)],
    })
  })

  test("a deleted current session gives way to the most recent one still there", async () => {
    expect((await run(f, ["resume", "--pane", paneKey("p2")])).out).toEqual([`opencode --session ${sid(2)}`])
  })

  test("nothing tracked: opencode --continue, and stderr says why", async () => {
    const r = await run(f, ["resume"], { env: { SWITCHBOARD_PANE_ID: "fresh" } })
    expect(r.code).toBe(0)
    expect(r.out).toEqual(["opencode --continue"])
    expect(r.err[0]).toContain("no session tracked for pane pane:fresh")
    const none = await run(empty, ["resume"])
    expect(none.out).toEqual(["opencode --continue"])
    expect(none.err[0]).toContain("no store at")
  })

  test("an id that is not an opencode session id is refused, never printed as a command", async () => {
    const r = await run(f, ["resume", "--pane", paneKey("p3")])
    expect(r.code).toBe(1)
    expect(r.out).toEqual([])
    expect(r.err[0]).toContain('refusing the tracked id "ses_x; rm -rf ~"')
  })

  test("--exec runs opencode from PATH in the project dir, without BUN_BE_BUN, and exits with its code", async () => {
    const log = path.join(f.root, "exec.log")
    fakeBin(f, "opencode", `{ echo "$@"; pwd; echo "bbb=\${BUN_BE_BUN:-unset}"; } > '${log}'\nexit 7`)
    const r = await run(f, ["resume", "--exec"], { env: { BUN_BE_BUN: "1" } })
    expect(r.code).toBe(7)
    expect(fs.readFileSync(log, "utf8").split("\n")).toEqual([`--session ${sid(1)}`, f.project, "bbb=unset", ""])
    fs.rmSync(path.join(f.binDir, "opencode"))
  })

  test("--exec without opencode on PATH: exit 1 and how to get it", async () => {
    const r = await run(f, ["resume", "--exec"], { env: { PATH: path.join(f.root, "nothing-here") } })
    expect(r.code).toBe(1)
    expect(r.err[0]).toContain("opencode is not on PATH")
    expect(r.err[0]).toContain(`opencode --session ${sid(1)}`)
  })

  test("--exec of an invalid id runs nothing", async () => {
    const marker = path.join(f.root, "ran")
    fakeBin(f, "opencode", `: > '${marker}'`)
    expect((await run(f, ["resume", "--exec", "--pane", paneKey("p3")])).code).toBe(1)
    expect(fs.existsSync(marker)).toBe(false)
    fs.rmSync(path.join(f.binDir, "opencode"))
  })
})
