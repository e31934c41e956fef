import { describe, expect, test } from "bun:test"
import path from "node:path"
import fs from "node:fs"
import plugin from "../../../tui/index.tsx"
import { openStore } from "../../../src/store/open.ts"
import { fakeTuiApi } from "../helpers/fake-tui-api.ts"
import { until } from "../helpers/fake-plugin-input.ts"
import { tempDir } from "../helpers/tmp.ts"

const root = tempDir()

describe("TUI half", () => {
  test("exports {id, tui} and no server()", () => {
    expect(plugin.id).toBe("opencode-switchboard")
    expect("server" in plugin).toBe(false)
  })

  test("registers /switchboard in the palette namespace; tui() does no I/O before returning", async () => {
    const storePath = path.join(root, "t", "s.db")
    const fake = fakeTuiApi("/proj", [["opencode-switchboard", { store: { path: storePath } }]])
    await plugin.tui(fake.api, undefined, {} as never)
    expect(fs.existsSync(storePath)).toBe(false)
    const cmd = fake.command("switchboard")
    expect(cmd?.namespace).toBe("palette")
    expect(cmd?.name).toBe("switchboard.open")
    // The TUI never creates the store; once the server half has, the presence row appears.
    await Bun.sleep(50)
    expect(fs.existsSync(storePath)).toBe(false)
    const opened = openStore(storePath)
    if (!opened.ok) throw new Error(opened.error)
    const tuiRow = () => opened.value.db.query("SELECT pid FROM halves WHERE half = 'tui'").get() as { pid: number } | null
    await until(() => tuiRow() !== null, 5000)
    expect(tuiRow()?.pid).toBe(process.pid)
    opened.value.db.close()
    await fake.dispose()
  })

  test("running /switchboard opens one dialog and sizes it; a failure becomes a toast, never a throw", async () => {
    const fake = fakeTuiApi("/proj", [["opencode-switchboard", { store: { path: path.join(root, "u", "s.db") } }]])
    await plugin.tui(fake.api, undefined, {} as never)
    fake.command("switchboard")!.run!()
    expect(fake.dialogs.length).toBe(1)
    expect(fake.sizes).toEqual(["large"])
    ;(fake.api.ui.dialog as unknown as { replace: () => void }).replace = () => {
      throw new Error("renderer gone")
    }
    expect(() => fake.command("switchboard")!.run!()).not.toThrow()
    expect(fake.toasts.at(-1)).toMatchObject({ variant: "error", message: "status failed: Error: renderer gone" })
    await fake.dispose()
  })
})
