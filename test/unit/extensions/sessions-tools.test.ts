import { expect, test } from "bun:test"
import { sessionsToolsExtension } from "../../../src/extensions/sessions-tools.ts"
import { sessionClient } from "../../../src/extensions/opencode-client.ts"

import { OWN, OTHER, NEW, session, fakeClient, toolContext, run } from "../helpers/fake-sdk-client.ts"

const ext = sessionsToolsExtension()

test("is named session and validates its args with zod", () => {
  expect(ext.name).toBe("session")
  expect(Object.keys(ext.tools!).sort()).toEqual(["close", "create", "get", "list", "spawn", "update"])
  const sid = ext.tools!.get!.args.sessionID!
  expect(sid.safeParse(OTHER).success).toBe(true)
  expect(sid.safeParse("ses_evil; rm -rf ~").success).toBe(false)
})

test("create, list, get and update go through the client", async () => {
  const f = fakeClient({ sessions: [session(OWN, 0), session(OTHER, 5)] })
  const ctx = toolContext(f.client)
  const created = await run(ext, "create", { title: "work" }, ctx)
  expect(created.metadata).toMatchObject({ ok: true, id: NEW, title: "work" })
  expect(f.calls[0]).toMatchObject(
    { method: "create", options: { body: { title: "work" }, query: { directory: "/p" } } },
  )

  const listed = await run(ext, "list", { limit: 1 }, ctx)
  expect(listed.metadata).toMatchObject({ ok: true, total: 2, sessions: [{ id: OWN }] })
  expect(listed.output).toContain(`* ${OWN}`)

  const got = await run(ext, "get", { sessionID: OTHER }, ctx)
  expect(got.metadata).toMatchObject({ ok: true, id: OTHER })
  expect(f.calls.at(-1)).toMatchObject({ method: "get", options: { path: { id: OTHER } } })

  const renamed = await run(ext, "update", { sessionID: OTHER, title: "renamed" }, ctx)
  expect(renamed.metadata).toMatchObject({ ok: true, id: OTHER, title: "renamed" })
  expect(f.calls.at(-1)).toMatchObject(
    { method: "update", options: { path: { id: OTHER }, body: { title: "renamed" } } },
  )
})

test("close deletes another session and refuses the caller's own", async () => {
  const f = fakeClient({ sessions: [session(OWN), session(OTHER)] })
  const ctx = toolContext(f.client)
  const own = await run(ext, "close", { sessionID: OWN }, ctx)
  expect(own.metadata).toMatchObject({ ok: false })
  expect(own.output).toContain("refusing")
  expect(f.calls.length).toBe(0)
  const other = await run(ext, "close", { sessionID: OTHER }, ctx)
  expect(other.metadata).toMatchObject({ ok: true, deleted: true })
  expect(f.sessions.has(OTHER)).toBe(false)
})

test("spawn creates a child of the caller's session and optionally starts it", async () => {
  const f = fakeClient()
  const ctx = toolContext(f.client)
  const bare = await run(ext, "spawn", { title: "child" }, ctx)
  expect(bare.metadata).toMatchObject({ ok: true, id: NEW, parentID: OWN, started: false })
  expect(f.calls.map((c) => c.method)).toEqual(["create"])
  const started = await run(ext, "spawn", { prompt: "do it" }, ctx)
  expect(started.metadata).toMatchObject({ ok: true, started: true })
  expect(f.calls.at(-1)).toMatchObject(
    { method: "promptAsync", options: { path: { id: NEW }, body: { parts: [{ type: "text", text: "do it" }] } } },
  )
})

test("ids are validated before any call, even when zod is bypassed", async () => {
  const f = fakeClient()
  const r = await run(ext, "get", { sessionID: "../../etc" }, toolContext(f.client))
  expect(r.metadata).toMatchObject({ ok: false })
  expect(f.calls.length).toBe(0)
})

test("a hung server becomes a timeout result; SDK errors and a missing client become failures", async () => {
  const hung = fakeClient({ hang: ["get"] })
  const client = sessionClient(hung.client, "/p", 30)
  if (!client.ok) throw new Error(client.error)
  const r = await client.value.get(OTHER)
  expect(r).toEqual({ ok: false, error: `session.get ${OTHER} timed out after 30 ms` })

  const broken = fakeClient({ fail: ["list"] })
  const listed = await run(ext, "list", {}, toolContext(broken.client))
  expect(listed.metadata).toMatchObject({ ok: false })
  expect(listed.output).toContain("list broke")

  const none = await run(ext, "list", {}, toolContext(undefined))
  expect(none.output).toContain("not available")
})
