import { expect, test } from "bun:test"
import path from "node:path"
import { openStore } from "../../../src/store/open.ts"
import { pruneOlderThan } from "../../../src/store/retention.ts"
import { applyWrites, type Write } from "../../../src/store/writes.ts"
import { tempDir } from "../helpers/tmp.ts"

const DAY = 86_400_000

test("rows older than the retention window are deleted, newer ones kept; 0 keeps everything", () => {
  const opened = openStore(path.join(tempDir(), "r.db"))
  if (!opened.ok) throw new Error(opened.error)
  const { db } = opened.value
  const now = 100 * DAY
  const event = (at: number): Write => ({ kind: "event", at, project: "/p", type: "t", summary: "", data: "{}", truncated: false })
  applyWrites(db, [
    ...Array.from({ length: 12_000 }, () => event(now - 40 * DAY)),
    event(now - DAY),
    { kind: "session", id: "old", project: "/p", directory: "/p", updatedAt: now - 40 * DAY },
    { kind: "session", id: "new", project: "/p", directory: "/p", updatedAt: now },
  ])
  expect(pruneOlderThan(db, 0, now)).toEqual({ events: 0, toolCalls: 0, messages: 0, sessions: 0 })
  expect(pruneOlderThan(db, 30, now)).toEqual({ events: 12_000, toolCalls: 0, messages: 0, sessions: 1 })
  expect(db.query("SELECT count(*) AS n FROM events").get()).toEqual({ n: 1 })
  expect(db.query("SELECT id FROM sessions").all()).toEqual([{ id: "new" }])
  db.close()
})
