import { describe, expect, test } from "bun:test"
import fs from "node:fs"
import path from "node:path"
import { openKnowledgeFile } from "../../../src/knowledge/open.ts"
import { openStore } from "../../../src/store/open.ts"
import { openRememberDialog } from "../../../tui/remember-dialog.tsx"
import { fakeTuiApi } from "../helpers/fake-tui-api.ts"
import { tempDir } from "../helpers/tmp.ts"

const SESSION = "ses_dffa1e4e3ffenUcd7T67OOzOT4"

interface Prompt {
  component: string
  props: { title: string; placeholder?: string; onConfirm: (value: string) => void; onCancel: () => void }
}

/** The shared fake plus what /remember needs and it lacks: DialogPrompt, a route, and a dialog.clear that counts. */
const IN_SESSION = { name: "session", params: { sessionID: SESSION } }

function rememberApi(dir: string, storePath: string, route: unknown = IN_SESSION) {
  const fake = fakeTuiApi(dir, [["opencode-switchboard", { store: { path: storePath } }]])
  const ui = fake.api.ui as unknown as Record<string, unknown>
  ui.DialogPrompt = (props: unknown) => ({ component: "DialogPrompt", props })
  let cleared = 0
  ;(ui.dialog as { clear: () => void }).clear = () => void cleared++
  ;(fake.api.route as unknown as { current: unknown }).current = route
  const prompt = () => {
    openRememberDialog(fake.api)
    return fake.dialogs.at(-1)!.render() as Prompt
  }
  return { ...fake, prompt, cleared: () => cleared }
}

/** A project whose server half has run: the main store exists, OpenMind's file not necessarily. */
function project() {
  const dir = tempDir()
  const storePath = path.join(dir, "store", "switchboard.db")
  const main = openStore(storePath)
  if (!main.ok) throw new Error(main.error)
  main.value.db.close()
  const facts = () => {
    const o = openKnowledgeFile(storePath, dir)
    if (!o.ok) throw new Error(o.error)
    try {
      return o.value.knowledge.search("", 10).facts
    } finally {
      o.value.close()
    }
  }
  return { dir, storePath, facts }
}

describe("/remember", () => {
  test("stores the fact with the entities it names and the current session, then closes", () => {
    const p = project()
    const r = rememberApi(p.dir, p.storePath)
    const prompt = r.prompt()
    expect(prompt.component).toBe("DialogPrompt")
    expect(prompt.props.title).toBe("Remember")
    expect(prompt.props.placeholder).toBe("deploys go through scripts/ship.sh")
    prompt.props.onConfirm("  deploys go through scripts/ship.sh ")
    const [fact] = p.facts()
    expect(fact).toMatchObject({
      text: "deploys go through scripts/ship.sh",
      source: "remember",
      sessionID: SESSION,
      pinned: false,
      entities: [{ type: "file", name: "scripts/ship.sh" }],
    })
    expect(r.toasts.at(-1)).toMatchObject({ variant: "success", message: `Remembered #${fact!.id}` })
    expect(r.cleared()).toBe(1)
  })

  test("a secret is redacted before it is stored, and the toast says so", () => {
    const p = project()
    const r = rememberApi(p.dir, p.storePath, { name: "home" })
    const key = `sk-ant-api03-FAKE${"a1B2c3D4e5".repeat(5)}`
    r.prompt().props.onConfirm(`the staging key is ${key} for scripts/ship.sh`)
    const [fact] = p.facts()
    expect(fact!.text).toBe("the staging key is [REDACTED:anthropic-key] for scripts/ship.sh")
    expect(fact!.sessionID).toBeUndefined()
    expect(fact!.entities).toEqual([{ type: "file", name: "scripts/ship.sh" }])
    expect(r.toasts.at(-1)?.message).toBe(`Remembered #${fact!.id} (1 redacted: anthropic-key)`)
  })

  test("an empty fact is a toast and the prompt stays open", () => {
    const p = project()
    const r = rememberApi(p.dir, p.storePath)
    r.prompt().props.onConfirm("   ")
    expect(r.toasts.at(-1)).toMatchObject({ variant: "warning", message: "Nothing to remember: type a fact first." })
    expect(r.cleared()).toBe(0)
    expect(fs.existsSync(path.join(p.dir, "store", "extensions", "openmind.db"))).toBe(false)
  })

  test("without the store on this machine nothing is created and the toast says why", () => {
    const dir = tempDir()
    const r = rememberApi(dir, path.join(dir, "elsewhere", "switchboard.db"))
    r.prompt().props.onConfirm("deploys go through scripts/ship.sh")
    expect(r.toasts.at(-1)?.variant).toBe("error")
    expect(r.toasts.at(-1)?.message).toContain("not on this machine")
    expect(r.cleared()).toBe(0)
    expect(fs.existsSync(path.join(dir, "elsewhere"))).toBe(false)
  })
})
