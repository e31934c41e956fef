import { expect, test } from "bun:test"
import path from "node:path"
import { openStore } from "../../../src/store/open.ts"
import { completeControl, controlOutcome, pendingControl, requestControl } from "../../../src/store/control.ts"
import { tempDir } from "../helpers/tmp.ts"

const root = tempDir()

test("a request is pending for its project only, until completed with its outcome", () => {
  const opened = openStore(path.join(root, "c.db"))
  if (!opened.ok) throw new Error(opened.error)
  const { db } = opened.value
  const id = requestControl(db, "/proj", "demo", "disable", 1000)
  requestControl(db, "/other", "demo", "enable", 1000)
  expect(pendingControl(db, "/proj")).toEqual([{ id, directory: "/proj", extension: "demo", action: "disable", requestedAt: 1000 }])
  expect(controlOutcome(db, id)).toEqual({ done: false })
  completeControl(db, id, true, "demo disabled: disabled", 2000)
  expect(pendingControl(db, "/proj")).toEqual([])
  expect(controlOutcome(db, id)).toEqual({ done: true, ok: true, result: "demo disabled: disabled" })
  db.close()
})

test("an unknown action is refused by the schema", () => {
  const opened = openStore(path.join(root, "d.db"))
  if (!opened.ok) throw new Error(opened.error)
  expect(() => requestControl(opened.value.db, "/p", "x", "explode" as never)).toThrow()
  opened.value.db.close()
})

test("a panel request carries its target", () => {
  const opened = openStore(path.join(root, "p.db"))
  if (!opened.ok) throw new Error(opened.error)
  const { db } = opened.value
  const id = requestControl(db, "/proj", "demo", "panel", 5, "recent")
  expect(pendingControl(db, "/proj")).toEqual([{ id, directory: "/proj", extension: "demo", action: "panel", target: "recent", requestedAt: 5 }])
  db.close()
})
