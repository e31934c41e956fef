import { expect, test } from "bun:test"
import type { PluginInput } from "@opencode-ai/plugin"
import { Notes } from "../../../server/notes.ts"
import { until } from "../helpers/fake-plugin-input.ts"

const A = "ses_dffa1e4e3ffenUcd7T67OOzOT4"

function fake() {
  const sent: { id: string; body: { noReply: boolean; parts: { text: string; ignored: boolean }[] } }[] = []
  const warnings: string[] = []
  const client = { session: { prompt: async (r: { path: { id: string }; body: (typeof sent)[number]["body"] }) => void sent.push({ id: r.path.id, body: r.body }) } }
  const log = { debug() {}, info() {}, warn: (m: string) => void warnings.push(m), error() {} }
  return { notes: new Notes(client as unknown as PluginInput["client"], "/p", log), sent, warnings }
}

test("a note to an idle session is sent at once as noReply with an ignored part", async () => {
  const { notes, sent } = fake()
  notes.post(A, "hello")
  await until(() => sent.length === 1)
  expect(sent[0]).toEqual({ id: A, body: { noReply: true, parts: [{ type: "text", text: "hello", ignored: true }] } } as never)
})

test("a note to a busy session waits for its idle event", async () => {
  const { notes, sent } = fake()
  notes.observe("session.status", { sessionID: A, status: { type: "busy" } })
  notes.post(A, "later")
  await Bun.sleep(20)
  expect(sent).toEqual([])
  notes.observe("session.idle", { sessionID: A })
  await until(() => sent.length === 1)
  expect(sent[0]?.body.parts[0]?.text).toBe("later")
})

test("postToActive goes to the session used last; bad ids are refused", async () => {
  const { notes, sent, warnings } = fake()
  notes.postToActive("nobody to tell")
  notes.observe("session.status", { sessionID: A, status: { type: "busy" } })
  notes.observe("session.status", { sessionID: A, status: { type: "idle" } })
  notes.postToActive("breaker opened")
  notes.post("ses_bad; rm -rf", "x")
  await until(() => sent.length === 1)
  expect(sent.map((s) => s.id)).toEqual([A])
  expect(warnings[0]).toContain("not a session id")
})
