// ctx.database(): an extension's own SQLite file beside the store, private, opened on first use.
import { afterAll, expect, test } from "bun:test"
import fs from "node:fs"
import path from "node:path"
import plugin from "../../../server/index.ts"
import { fakePluginInput } from "../helpers/fake-plugin-input.ts"
import { tempDir } from "../helpers/tmp.ts"

const root = tempDir()
const previous = process.env.XDG_CONFIG_HOME
afterAll(() => {
  if (previous === undefined) delete process.env.XDG_CONFIG_HOME
  else process.env.XDG_CONFIG_HOME = previous
})

test("an extension creates its own tables in <store dir>/extensions/<name>.db, mode 0600", async () => {
  process.env.XDG_CONFIG_HOME = path.join(root, "config")
  const project = path.join(root, "project")
  const dir = path.join(project, ".opencode", "switchboard", "extensions")
  fs.mkdirSync(dir, { recursive: true })
  fs.writeFileSync(
    path.join(dir, "notes.ts"),
    `export default { name: "notes", init(ctx) {
      const db = ctx.database()
      db.run("CREATE TABLE IF NOT EXISTS n (project TEXT, text TEXT)")
      db.query("INSERT INTO n VALUES (?, ?)").run(ctx.worktree, "hello")
    } }\n`,
  )
  const storePath = path.join(root, "data", "switchboard.db")
  const { input } = fakePluginInput(project)
  const hooks = await plugin.server(input, { store: { path: storePath }, hotReload: false })
  await hooks.config?.({} as never)
  const file = path.join(root, "data", "extensions", "notes.db")
  expect((fs.statSync(file).mode & 0o777).toString(8)).toBe("600")
  await hooks.dispose?.()
  const { Database } = await import("bun:sqlite")
  const db = new Database(file, { readonly: true })
  expect(db.query("SELECT project, text FROM n").all()).toEqual([{ project, text: "hello" }])
  db.close()
})
