import { expect, test } from "bun:test"
import fs from "node:fs"
import path from "node:path"
import { idFileName, readIdFile, removeIdFile, writeIdFile } from "../../../src/sessions/id-file.ts"
import { tempDir } from "../helpers/tmp.ts"

const ID = "ses_dffa1e4e3ffenUcd7T67OOzOT4"
const root = tempDir()

test("written whole by rename, 0600 in a 0700 directory, read back", () => {
  const dir = path.join(root, "panes")
  const written = writeIdFile(dir, "tmux:%3", ID)
  if (!written.ok) throw new Error(written.error)
  expect(path.basename(written.value)).toBe("tmux__3.id")
  expect((fs.statSync(written.value).mode & 0o777).toString(8)).toBe("600")
  expect((fs.statSync(dir).mode & 0o777).toString(8)).toBe("700")
  expect(readIdFile(written.value)).toEqual({ ok: true, value: ID })
  expect(fs.readdirSync(dir)).toEqual(["tmux__3.id"])
  removeIdFile(dir, "tmux:%3")
  expect(fs.existsSync(written.value)).toBe(false)
})

test("a symlink at the path is refused for writing and for reading", () => {
  const dir = path.join(root, "links")
  fs.mkdirSync(dir)
  const target = path.join(root, "victim")
  fs.writeFileSync(target, "keep me")
  fs.symlinkSync(target, path.join(dir, idFileName("p")))
  const written = writeIdFile(dir, "p", ID)
  expect(written.ok).toBe(false)
  expect(fs.readFileSync(target, "utf8")).toBe("keep me")
  const read = readIdFile(path.join(dir, idFileName("p")))
  expect(read).toEqual({ ok: false, error: expect.stringContaining("symbolic link") })
})

test("only opencode session ids are written or read", () => {
  expect(writeIdFile(root, "p", "ses_$(reboot)").ok).toBe(false)
  const file = path.join(root, "bad.id")
  fs.writeFileSync(file, "not-an-id\n")
  expect(readIdFile(file).ok).toBe(false)
})
