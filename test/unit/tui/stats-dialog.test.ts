import { describe, expect, test } from "bun:test"
import path from "node:path"
import plugin from "../../../tui/index.tsx"
import { CHART_DAYS, readStats, totalsLine } from "../../../tui/stats-dialog.tsx"
import { DAY2, populated, sid } from "../cli/fixture.ts"
import { fakeTuiApi } from "../helpers/fake-tui-api.ts"
import { tempDir } from "../helpers/tmp.ts"

const f = populated()
const now = DAY2 + 3600_000

describe("/stats", () => {
  test("reads the project: totals line, 14 day bars ending today, tool bars with failures marked", () => {
    const read = readStats(f.store, f.project, undefined, now)
    if (!read.ok) throw new Error(read.error)
    const v = read.value
    expect(totalsLine(v.report)).toBe("3 messages · 3 replies · 1,440 tokens · $0.03")
    expect(v.days).toHaveLength(CHART_DAYS)
    expect(v.days.at(-1)).toMatchObject({ label: "01-11", value: " 275" })
    expect(v.days.at(-2)?.label).toBe("01-10")
    expect(v.days.at(-2)?.bar).toMatch(/^█+$/)
    expect(v.days[0]?.bar).toBe("")
    expect(v.tools[0]).toMatchObject({ label: "bash", note: "1 failed", alert: true })
    expect(v.session).toBeUndefined()
  })

  test("in a session: its tokens per reply as a sparkline", () => {
    const read = readStats(f.store, f.project, sid(1), now)
    if (!read.ok) throw new Error(read.error)
    expect(read.value.session?.usage.perMessage).toEqual([1165, 260])
    expect(read.value.session?.spark).toBe("█▂")
  })

  test("an unreachable store is an error, not a throw", () => {
    const read = readStats(path.join(tempDir(), "none.db"), f.project, undefined, now)
    expect(read.ok).toBe(false)
  })

  test("the command is registered as /stats and opens one large dialog; no store → an alert", async () => {
    const fake = fakeTuiApi(f.project, [["opencode-switchboard", { store: { path: f.store } }]])
    ;(fake.api as unknown as { route: { current: unknown } }).route.current = { name: "home" }
    ;(fake.api as unknown as { theme: unknown }).theme = { current: {} }
    await plugin.tui(fake.api, undefined, {} as never)
    const cmd = fake.command("stats")
    expect(cmd?.name).toBe("switchboard.stats")
    cmd?.run?.()
    expect(fake.dialogs).toHaveLength(1)
    expect(fake.sizes).toEqual(["large"])
    expect(fake.toasts).toEqual([])

    const none = fakeTuiApi(f.project, [["opencode-switchboard", { store: { path: path.join(tempDir(), "x.db") } }]])
    ;(none.api as unknown as { route: { current: unknown } }).route.current = { name: "home" }
    await plugin.tui(none.api, undefined, {} as never)
    none.command("stats")?.run?.()
    const alert = none.dialogs[0]?.render() as { component: string; props: { message: string } }
    expect(alert.component).toBe("DialogAlert")
    expect(alert.props.message).toContain("not reachable")
    await fake.dispose()
    await none.dispose()
  })
})
