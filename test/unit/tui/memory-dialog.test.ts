import { describe, expect, test } from "bun:test"
import fs from "node:fs"
import path from "node:path"
import { LAST_INJECTION_KEY } from "../../../src/extensions/openmind.ts"
import { openKnowledgeFile } from "../../../src/knowledge/open.ts"
import type { KnowledgeStore } from "../../../src/knowledge/types.ts"
import { openStore } from "../../../src/store/open.ts"
import plugin from "../../../tui/index.tsx"
import { SEARCH_DEBOUNCE_MS, openMemoryDialog } from "../../../tui/memory-dialog.tsx"
import { wrap } from "../../../tui/memory-data.ts"
import { fakeTuiApi } from "../helpers/fake-tui-api.ts"
import { tempDir } from "../helpers/tmp.ts"

const SESSION = "ses_dffa1e4e3ffenUcd7T67OOzOT4"

interface Option {
  title: string
  value: { kind: string; [k: string]: unknown }
  description?: string
  category?: string
}
interface Rendered {
  component: string
  props: {
    title: string
    message: string
    options: Option[]
    skipFilter?: boolean
    onFilter: (query: string) => void
    onSelect: (option: Option) => void
    onConfirm: () => void
    onCancel: () => void
  }
}

/** The shared fake plus what /memory needs and it lacks: DialogConfirm and a dialog.clear that counts. */
function memoryApi(dir: string, storePath: string) {
  const fake = fakeTuiApi(dir, [["opencode-switchboard", { store: { path: storePath } }]])
  const ui = fake.api.ui as unknown as Record<string, unknown>
  ui.DialogConfirm = (props: unknown) => ({ component: "DialogConfirm", props })
  let cleared = 0
  ;(ui.dialog as { clear: () => void }).clear = () => void cleared++
  const shown = () => fake.dialogs.at(-1)!.render() as Rendered
  const choose = (title: string) => {
    const view = shown()
    const option = view.props.options.find((o) => o.title === title)
    if (!option) throw new Error(`no row "${title}" in ${view.props.options.map((o) => o.title).join(" | ")}`)
    view.props.onSelect(option)
  }
  return { ...fake, shown, choose, cleared: () => cleared }
}

/** A project directory with the main store (holding OpenMind's last injection) and a seeded knowledge file. */
function seeded() {
  const dir = tempDir()
  const storePath = path.join(dir, "store", "switchboard.db")
  const main = openStore(storePath)
  if (!main.ok) throw new Error(main.error)
  const opened = openKnowledgeFile(storePath, dir, { write: true })
  if (!opened.ok) throw new Error(opened.error)
  const k = opened.value.knowledge
  const ship = { type: "file" as const, name: "scripts/ship.sh" }
  const deploy = k.addFact({
    text: "deploys go through scripts/ship.sh",
    source: "remember",
    sessionID: SESSION,
    entities: [ship],
  })
  const db = k.addFact({ text: "we use postgres 16 in production", source: "capture", pinned: true })
  const uses = { from: ship, to: { type: "command" as const, name: "bun test" }, type: "uses" as const }
  k.observe({ entities: [ship, ship], relations: [uses], facts: [] }, {})
  opened.value.close()
  const text = "What OpenMind remembers…\n- we use postgres 16"
  const value = { sessionID: SESSION, messageID: "msg_x", text, facts: [db], at: Date.now() - 120_000 }
  main.value.db
    .query("INSERT INTO kv (project, extension, key, value, updated_at) VALUES (?, 'openmind', ?, ?, 1)")
    .run(dir, LAST_INJECTION_KEY, JSON.stringify(value))
  main.value.db.close()
  const read = <T>(fn: (k: KnowledgeStore) => T): T => {
    const o = openKnowledgeFile(storePath, dir)
    if (!o.ok) throw new Error(o.error)
    try {
      return fn(o.value.knowledge)
    } finally {
      o.value.close()
    }
  }
  return { dir, storePath, deploy, db, read, ...memoryApi(dir, storePath) }
}

const tick = () => Bun.sleep(5)

describe("/memory", () => {
  test("empty query: the last injection first, then the most seen entities, then pinned facts", async () => {
    const m = seeded()
    openMemoryDialog(m.api)
    expect(m.sizes).toEqual(["large"])
    const view = m.shown()
    expect(view.component).toBe("DialogSelect")
    expect(view.props.skipFilter).toBe(true)
    const rows = view.props.options.map((o) => [o.title, o.category])
    expect(rows[0]).toEqual(["Last injection", "What the model was given"])
    expect(view.props.options[0]!.description).toBe("1 fact offered 2m ago")
    expect(rows[1]).toEqual(["file scripts/ship.sh", "Most seen entities"])
    expect(rows).toContainEqual(["● we use postgres 16 in production", "Pinned facts"])
    expect(rows).toContainEqual(["deploys go through scripts/ship.sh", "Recent facts"])

    m.choose("Last injection")
    const alert = m.shown()
    expect(alert.component).toBe("DialogAlert")
    expect(alert.props.message).toContain(`2m ago`)
    const offered = "What OpenMind remembers…\n- we use postgres 16"
    expect(alert.props.message).toContain(`in ${SESSION}, facts #${m.db}:\n\n${offered}`)
    alert.props.onConfirm()
    await tick()
    expect(m.shown().props.title).toBe("Memory")
  })

  test("typing re-queries the store after a pause; the last query of a burst is the one shown", async () => {
    const m = seeded()
    openMemoryDialog(m.api)
    const { onFilter } = m.shown().props
    onFilter("ship")
    onFilter("postgres")
    await Bun.sleep(SEARCH_DEBOUNCE_MS / 2)
    expect(m.shown().props.options[0]!.title).toBe("Last injection")
    await Bun.sleep(SEARCH_DEBOUNCE_MS + 60)
    const rows = m.shown().props.options.map((o) => [o.title, o.description?.replace(/ · \d+s ago$/, ""), o.category])
    expect(rows).toEqual([
      ["● we use postgres 16 in production", `#${m.db} · capture`, "Facts"],
    ])
    onFilter("ship.sh")
    await Bun.sleep(SEARCH_DEBOUNCE_MS + 60)
    const found = m.shown().props.options
    expect(found.map((o) => [o.title, o.category])).toEqual([
      ["deploys go through scripts/ship.sh", "Facts"],
      ["file scripts/ship.sh", "Entities"],
    ])
    expect(found[1]!.description).toBe("seen 2×")
    onFilter("")
    await Bun.sleep(SEARCH_DEBOUNCE_MS + 60)
    expect(m.shown().props.options[0]!.title).toBe("Last injection")
  })

  test("a fact's details: full text, source, session, the entities it mentions, and its actions", () => {
    const m = seeded()
    openMemoryDialog(m.api)
    m.choose("deploys go through scripts/ship.sh")
    const view = m.shown()
    expect(view.props.title).toBe(`Fact #${m.deploy}`)
    const byCategory = (c: string) => view.props.options.filter((o) => o.category === c).map((o) => o.title)
    expect(byCategory("Text")).toEqual(["deploys go through scripts/ship.sh"])
    expect(byCategory("Details")).toEqual(["Source", "Session", "Pinned"])
    expect(view.props.options.find((o) => o.title === "Source")!.description).toStartWith("remember · ")
    expect(byCategory("Mentions")).toEqual(["file scripts/ship.sh"])
    expect(byCategory("Actions")).toEqual(["Pin", "Forget", "Back"])
    m.choose("Session")
    expect(m.navigations).toEqual([{ name: "session", params: { sessionID: SESSION } }])
  })

  test("Pin and Unpin write the store, toast, and show the refreshed details", () => {
    const m = seeded()
    openMemoryDialog(m.api)
    m.choose("deploys go through scripts/ship.sh")
    m.choose("Pin")
    expect(m.toasts.at(-1)).toMatchObject({ variant: "success", message: `Pinned fact #${m.deploy}` })
    expect(m.read((k) => k.fact(m.deploy)?.pinned)).toBe(true)
    expect(m.shown().props.options.map((o) => o.title)).toContain("Unpin")
    m.choose("Unpin")
    expect(m.read((k) => k.fact(m.deploy)?.pinned)).toBe(false)
  })

  test("Forget asks first; cancel goes back to the details, confirm deletes and shows the refreshed list", async () => {
    const m = seeded()
    openMemoryDialog(m.api)
    m.choose("deploys go through scripts/ship.sh")
    m.choose("Forget")
    const confirm = m.shown()
    expect(confirm.component).toBe("DialogConfirm")
    expect(confirm.props.message).toContain(`Forget fact #${m.deploy}?`)
    confirm.props.onCancel()
    await tick()
    expect(m.read((k) => k.fact(m.deploy))).toBeDefined()
    expect(m.shown().props.title).toBe(`Fact #${m.deploy}`)
    m.choose("Forget")
    m.shown().props.onConfirm()
    await tick()
    expect(m.toasts.at(-1)).toMatchObject({ variant: "success", message: `Forgot fact #${m.deploy}` })
    expect(m.read((k) => k.fact(m.deploy))).toBeUndefined()
    const list = m.shown()
    expect(list.props.title).toBe("Memory")
    expect(list.props.options.map((o) => o.title)).not.toContain("deploys go through scripts/ship.sh")
  })

  test("an entity shows its facts and relations; it can be pinned and forgotten", async () => {
    const m = seeded()
    openMemoryDialog(m.api)
    m.choose("file scripts/ship.sh")
    const view = m.shown()
    expect(view.props.title).toBe("file scripts/ship.sh")
    const rows = view.props.options.map((o) => [o.title, o.category])
    expect(rows).toContainEqual(["deploys go through scripts/ship.sh", "Facts"])
    expect(rows).toContainEqual(["command bun test", "Relations"])
    expect(view.props.options.find((o) => o.title === "command bun test")!.description).toBe("uses · 1×")
    m.choose("Pin")
    expect(m.toasts.at(-1)).toMatchObject({ message: "Pinned file scripts/ship.sh" })
    expect(m.read((k) => k.entities({ limit: 10 }).find((e) => e.name === "scripts/ship.sh")?.pinned)).toBe(true)
    m.choose("Forget")
    m.shown().props.onConfirm()
    await tick()
    expect(m.toasts.at(-1)).toMatchObject({ variant: "success", message: "Forgot file scripts/ship.sh" })
    expect(m.read((k) => k.entities({ limit: 10 }).map((e) => e.name))).toEqual(["bun test"])
    // The fact mentioned only this entity, so it went with it.
    expect(m.read((k) => k.fact(m.deploy))).toBeUndefined()
  })

  test("no store on this machine, or nothing remembered, is said plainly and nothing is created", () => {
    const dir = tempDir()
    const away = memoryApi(dir, path.join(dir, "elsewhere", "switchboard.db"))
    openMemoryDialog(away.api)
    expect(away.shown().component).toBe("DialogAlert")
    expect(away.shown().props.message).toContain("not on this machine")
    expect(away.shown().props.message).toContain("opencode attach")
    expect(fs.existsSync(path.join(dir, "elsewhere"))).toBe(false)

    const storePath = path.join(dir, "here", "switchboard.db")
    const main = openStore(storePath)
    if (main.ok) main.value.db.close()
    const empty = memoryApi(dir, storePath)
    openMemoryDialog(empty.api)
    expect(empty.shown().props.message).toStartWith("Nothing remembered yet for this project.")
  })

  test("long texts wrap into rows that fit a DialogSelect title", () => {
    const lines = wrap(`${"word ".repeat(30)}${"x".repeat(130)}`, 60)
    expect(lines.every((l) => l.length <= 60)).toBe(true)
    expect(lines.join(" ").replace(/ /g, "")).toBe(`${"word".repeat(30)}${"x".repeat(130)}`)
  })

  test("/memory and /remember are registered; a failure opening them is a toast", async () => {
    const dir = tempDir()
    const m = memoryApi(dir, path.join(dir, "none", "switchboard.db"))
    await plugin.tui(m.api, undefined, {} as never)
    expect(m.command("memory")?.name).toBe("switchboard.memory")
    expect(m.command("remember")?.name).toBe("switchboard.remember")
    ;(m.api.ui.dialog as unknown as { replace: () => void }).replace = () => {
      throw new Error("renderer gone")
    }
    expect(() => m.command("memory")!.run!()).not.toThrow()
    expect(m.toasts.at(-1)).toMatchObject({ variant: "error", message: "memory failed: Error: renderer gone" })
    await m.dispose()
  })
})
