import { describe, expect, test } from "bun:test"
import path from "node:path"
import { openTrackedDialog, trackedOptions } from "../../../tui/tracked-dialog.tsx"
import { openStore } from "../../../src/store/open.ts"
import { applyWrites } from "../../../src/store/writes.ts"
import { fakeTuiApi } from "../helpers/fake-tui-api.ts"
import { tempDir } from "../helpers/tmp.ts"

const A = "ses_dffa1e4e3ffenUcd7T67OOzOT4"
const B = "ses_dffa1dce3ffeSeE6JgKcekNPpx"
const root = tempDir()

function storeWithPanes(file: string) {
  const opened = openStore(file)
  if (!opened.ok) throw new Error(opened.error)
  const { db } = opened.value
  applyWrites(db, [{ kind: "session", id: A, project: "/proj", directory: "/proj", title: "Fix the parser", updatedAt: 5000 }])
  const put = (pane: string, value: unknown) =>
    db.query("INSERT INTO kv (project, extension, key, value, updated_at) VALUES ('/proj', 'sessions', ?, ?, 1)").run(`pane:${pane}`, JSON.stringify(value))
  put("pane:mine", { pane: "pane:mine", paneSource: "SWITCHBOARD_PANE_ID", current: A, history: [{ id: A, at: 4000 }, { id: B, title: "older", at: 1000 }] })
  put("pane:other", { pane: "pane:other", paneSource: "SWITCHBOARD_PANE_ID", current: B, history: [{ id: B, at: 2000 }] })
  db.close()
}

describe("/tracked", () => {
  test("this pane's sessions first, current marked, titles from the store, other panes after", () => {
    const file = path.join(root, "a.db")
    storeWithPanes(file)
    const fake = fakeTuiApi("/proj", [["opencode-switchboard", { store: { path: file } }]])
    const prev = process.env.SWITCHBOARD_PANE_ID
    process.env.SWITCHBOARD_PANE_ID = "mine"
    try {
      openTrackedDialog(fake.api)
    } finally {
      if (prev === undefined) delete process.env.SWITCHBOARD_PANE_ID
      else process.env.SWITCHBOARD_PANE_ID = prev
    }
    const rendered = fake.dialogs[0]!.render() as { component: string; props: { options: { title: string; value: string; category: string }[]; onSelect: (o: { value: string }) => void } }
    expect(rendered.component).toBe("DialogSelect")
    expect(rendered.props.options.map((o) => [o.title, o.category])).toEqual([
      ["● Fix the parser", "This pane (pane:mine)"],
      ["  older", "This pane (pane:mine)"],
      [`● ${B}`, "Pane pane:other"],
    ])
    rendered.props.onSelect({ value: B })
    expect(fake.navigations).toEqual([{ name: "session", params: { sessionID: B } }])
  })

  test("an id that is not an opencode session id is never navigated to", () => {
    const options = trackedOptions([{ pane: "p", paneSource: "x", updatedAt: 1, sessions: [{ id: "bogus", trackedAt: 1, current: true, deleted: false }] }], "p")
    expect(options[0]?.value).toBe("bogus")
    const fake = fakeTuiApi("/proj", [["opencode-switchboard", { store: { path: path.join(root, "none.db") } }]])
    openTrackedDialog(fake.api)
    const rendered = fake.dialogs[0]!.render() as { component: string; props: { message: string } }
    expect(rendered.component).toBe("DialogAlert")
    expect(rendered.props.message).toContain("not reachable from this TUI")
  })

  test("no tracked sessions is said plainly", () => {
    const file = path.join(root, "empty.db")
    const opened = openStore(file)
    if (opened.ok) opened.value.db.close()
    const fake = fakeTuiApi("/proj", [["opencode-switchboard", { store: { path: file } }]])
    openTrackedDialog(fake.api)
    const rendered = fake.dialogs[0]!.render() as { component: string; props: { message: string } }
    expect(rendered.props.message).toContain("No sessions tracked for this project yet")
  })
})
