import { describe, expect, test } from "bun:test"
import fs from "node:fs"
import path from "node:path"
import { openStore, openStoreReadonly } from "../../../src/store/open.ts"
import { SCHEMA_VERSION } from "../../../src/store/migrations.ts"
import { tempDir } from "../helpers/tmp.ts"

const root = tempDir()
const mode = (p: string) => (fs.statSync(p).mode & 0o777).toString(8)

describe("openStore", () => {
  test("creates the file 0600 in a 0700 directory, in WAL mode, migrated to the latest schema", () => {
    const file = path.join(root, "fresh", "nested", "switchboard.db")
    const opened = openStore(file)
    if (!opened.ok) throw new Error(opened.error)
    expect(opened.value.schemaVersion).toBe(SCHEMA_VERSION)
    expect(opened.value.recovered).toBeUndefined()
    const journal = opened.value.db.query("PRAGMA journal_mode").get() as { journal_mode: string }
    expect(journal.journal_mode).toBe("wal")
    opened.value.db.close()
    expect(mode(file)).toBe("600")
    expect(mode(path.dirname(file))).toBe("700")
  })

  test("reopening keeps the data and does not re-run migrations", () => {
    const file = path.join(root, "reopen.db")
    const first = openStore(file)
    if (!first.ok) throw new Error(first.error)
    first.value.db.run("INSERT INTO meta (key, value) VALUES ('k', 'v')")
    first.value.db.close()
    const second = openStore(file)
    if (!second.ok) throw new Error(second.error)
    expect(second.value.db.query("SELECT value FROM meta WHERE key = 'k'").get()).toEqual({ value: "v" })
    second.value.db.close()
  })

  test("a corrupt file is moved aside with a timestamp and a fresh store is created", () => {
    const file = path.join(root, "corrupt.db")
    fs.writeFileSync(file, "this is not a database, just garbage ".repeat(200))
    const opened = openStore(file, () => new Date("2026-11-21T10:00:00.000Z"))
    if (!opened.ok) throw new Error(opened.error)
    expect(opened.value.recovered?.movedTo).toBe(`${file}.corrupt-2026-11-21T10-00-00-000Z`)
    expect(opened.value.recovered?.reason).toMatch(/not a database|file is not|malformed/i)
    expect(fs.readFileSync(opened.value.recovered!.movedTo, "utf8")).toStartWith("this is not a database")
    expect(opened.value.schemaVersion).toBe(SCHEMA_VERSION)
    opened.value.db.close()
  })

  test("a symlink at the store path is refused", () => {
    const target = path.join(root, "elsewhere.db")
    const link = path.join(root, "link.db")
    fs.writeFileSync(target, "")
    fs.symlinkSync(target, link)
    const opened = openStore(link)
    expect(opened.ok).toBe(false)
    if (!opened.ok) expect(opened.error).toContain("symbolic link")
  })

  test("a directory that cannot be created is a clear error naming the directory", () => {
    const blocker = path.join(root, "a-file")
    fs.writeFileSync(blocker, "")
    const opened = openStore(path.join(blocker, "sub", "switchboard.db"))
    expect(opened.ok).toBe(false)
    if (!opened.ok) expect(opened.error).toContain(`cannot create the store directory ${path.join(blocker, "sub")}`)
  })
})

describe("openStoreReadonly", () => {
  test("never creates a store", () => {
    const file = path.join(root, "absent", "switchboard.db")
    const opened = openStoreReadonly(file)
    expect(opened.ok).toBe(false)
    expect(fs.existsSync(path.dirname(file))).toBe(false)
  })

  test("cannot write", () => {
    const file = path.join(root, "ro.db")
    const rw = openStore(file)
    if (!rw.ok) throw new Error(rw.error)
    rw.value.db.close()
    const ro = openStoreReadonly(file)
    if (!ro.ok) throw new Error(ro.error)
    expect(() => ro.value.run("INSERT INTO meta (key, value) VALUES ('a', 'b')")).toThrow()
    ro.value.close()
  })
})
