import { expect, test } from "bun:test"
import path from "node:path"
import { InjectionCache } from "../../../server/hooks/context-prime.ts"
import { openStore } from "../../../src/store/open.ts"
import { tempDir } from "../helpers/tmp.ts"

test("a block survives a restart byte for byte: a new cache over the same store returns it", () => {
  const opened = openStore(path.join(tempDir(), "s.db"))
  if (!opened.ok) throw new Error(opened.error)
  const { db } = opened.value
  const record = { messageID: "msg_1", sessionID: "ses_1", text: "<switchboard-context>\nx\n</switchboard-context>", included: ["a"], dropped: ["b"] }
  new InjectionCache(() => db, "/p").set(record)
  const again = new InjectionCache(() => db, "/p")
  expect(again.get("msg_1")).toEqual(record)
  // First write wins: a block once sent is never replaced.
  again.set({ ...record, text: "different" })
  expect(new InjectionCache(() => db, "/p").get("msg_1")?.text).toBe(record.text)
  expect(new InjectionCache().get("msg_1")).toBeUndefined()
  db.close()
})
