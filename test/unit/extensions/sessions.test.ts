import { expect, test } from "bun:test"
import fs from "node:fs"
import path from "node:path"
import { sessionsExtension } from "../../../src/extensions/sessions.ts"
import type { BusEvent, ExtensionContext } from "../../../src/host/types.ts"
import { tempDir } from "../helpers/tmp.ts"

const A = "ses_dffa1e4e3ffenUcd7T67OOzOT4"
const B = "ses_dffa1dce3ffeSeE6JgKcekNPpx"
const CHILD = "ses_dffa1dce3ffeSeE6JgKcekNPpy"

function context(options: Record<string, unknown>) {
  const data = new Map<string, unknown>()
  const warnings: string[] = []
  const ctx = {
    name: "sessions",
    options,
    signal: new AbortController().signal,
    log: { debug() {}, info() {}, warn: (m: string) => warnings.push(m), error() {} },
    bus: { emit: async () => {} },
    store: {
      get: async (k: string) => structuredClone(data.get(k)),
      set: async (k: string, v: unknown) => void data.set(k, structuredClone(v)),
      delete: async (k: string) => void data.delete(k),
      keys: async () => [...data.keys()],
    },
    client: undefined,
    directory: "/p",
    worktree: "/p",
  } as unknown as ExtensionContext<never>
  return { ctx, data, warnings }
}

const send = async (ext: ReturnType<typeof sessionsExtension>, ctx: ExtensionContext<never>, e: BusEvent) => ext.hooks!.event!(e, ctx as never)

test("records the pane's current session from session and message events; ignores subagent sessions", async () => {
  const ext = sessionsExtension({ SWITCHBOARD_PANE_ID: "left" })
  const { ctx, data } = context({ idFile: false, history: 20 })
  await send(ext, ctx, { type: "session.created", properties: { info: { id: A, title: "first" } } })
  await send(ext, ctx, { type: "session.created", properties: { info: { id: CHILD, parentID: A } } })
  await send(ext, ctx, { type: "message.updated", properties: { info: { sessionID: CHILD, role: "user" } } })
  expect(data.get("pane:pane:left")).toMatchObject({ pane: "pane:left", current: A, history: [{ id: A, title: "first" }] })
  // Resuming with --session emits no session.created: message activity alone must switch the pane.
  await send(ext, ctx, { type: "message.updated", properties: { info: { sessionID: B, role: "user" } } })
  expect(data.get("pane:pane:left")).toMatchObject({ current: B })
  await send(ext, ctx, { type: "session.deleted", properties: { info: { id: B } } })
  expect(data.get("pane:pane:left")).toMatchObject({ current: A, history: [{ id: A }] })
})

test("an invalid id is never stored", async () => {
  const ext = sessionsExtension({ SWITCHBOARD_PANE_ID: "x" })
  const { ctx, data } = context({ idFile: false, history: 20 })
  await send(ext, ctx, { type: "session.idle", properties: { sessionID: "ses_evil; rm -rf ~" } })
  expect(data.size).toBe(0)
})

test("the opt-in id file follows the current session", async () => {
  const dir = path.join(tempDir(), "panes")
  const ext = sessionsExtension({ SWITCHBOARD_PANE_ID: "right" })
  const { ctx } = context({ idFile: true, idFileDir: dir, history: 20 })
  await send(ext, ctx, { type: "session.idle", properties: { sessionID: A } })
  expect(fs.readFileSync(path.join(dir, "pane_right.id"), "utf8")).toBe(`${A}\n`)
  await send(ext, ctx, { type: "session.deleted", properties: { info: { id: A } } })
  expect(fs.existsSync(path.join(dir, "pane_right.id"))).toBe(false)
})
