import { expect, test } from "bun:test"
import path from "node:path"
import { capturedReader } from "../../../src/captured/reader.ts"
import { eventsExtension } from "../../../src/extensions/events.ts"
import type { ToolContext } from "../../../src/host/types.ts"
import { openStore } from "../../../src/store/open.ts"
import { applyWrites, type Write } from "../../../src/store/writes.ts"
import { tempDir } from "../helpers/tmp.ts"

const SES = "ses_dffa1e4e3ffenUcd7T67OOzOT4"

function setup() {
  const opened = openStore(path.join(tempDir(), "s.db"))
  if (!opened.ok) throw new Error(opened.error)
  const { db } = opened.value
  const ev = (at: number, type: string, summary: string, project = "/p"): Write => ({
    kind: "event", at, project, sessionID: SES, type, summary, data: JSON.stringify({ summary }), truncated: false,
  })
  applyWrites(db, [ev(1000, "tool.error", "bash: exit 1"), ev(2000, "message.completed", "mock/m 18 tokens"), ev(3000, "tool.error", "read: ENOENT"), ev(4000, "tool.error", "other project", "/q")])
  const progress: unknown[] = []
  const ctx = { captured: capturedReader(() => db, "/p"), signal: new AbortController().signal, progress: (u: unknown) => progress.push(u) } as unknown as ToolContext
  return { db, ctx, progress }
}

test("list, filter, search and aggregate read this project's captured events, newest first", async () => {
  const { ctx } = setup()
  const ext = eventsExtension()
  const list = (await ext.tools!.list!.execute({}, ctx)) as unknown as { title: string; metadata: { events: { summary: string }[] } }
  expect(list.metadata.events.map((e) => e.summary)).toEqual(["read: ENOENT", "mock/m 18 tokens", "bash: exit 1"])
  const errors = (await ext.tools!.list!.execute({ type: "tool.error" }, ctx)) as unknown as { metadata: { count: number } }
  expect(errors.metadata.count).toBe(2)
  const found = (await ext.tools!.search!.execute({ text: "ENOENT" }, ctx)) as unknown as { output: string }
  expect(found.output).toContain("read: ENOENT")
  const byType = (await ext.tools!.aggregate!.execute({ by: "type" }, ctx)) as unknown as { metadata: { groups: { key: string; count: number }[] } }
  expect(byType.metadata.groups.map((g) => [g.key, g.count])).toEqual([["tool.error", 2], ["message.completed", 1]])
})

test("bad arguments are answered, never thrown", async () => {
  const { ctx } = setup()
  const ext = eventsExtension()
  expect(((await ext.tools!.list!.execute({ sessionID: "ses_bad;rm" }, ctx)) as unknown as { title: string }).title).toBe("events: invalid arguments")
  expect(((await ext.tools!.list!.execute({ since: "yesterday-ish" }, ctx)) as unknown as { output: string }).output).toContain("since:")
})

test("subscribe returns the live events that arrive, or none when the time runs out", async () => {
  const { ctx, progress } = setup()
  const ext = eventsExtension()
  const pending = ext.tools!.subscribe!.execute({ types: ["session.idle"], timeoutSeconds: 5, max: 1 }, ctx) as unknown as Promise<{ metadata: { types: string[] } }>
  await Bun.sleep(10)
  ext.hooks!.event!({ type: "message.updated", properties: {} }, ctx as never)
  ext.hooks!.event!({ type: "session.idle", properties: { sessionID: SES } }, ctx as never)
  expect((await pending).metadata.types).toEqual(["session.idle"])
  expect(progress.length).toBe(1)
  const none = (await ext.tools!.subscribe!.execute({ types: ["never.happens"], timeoutSeconds: 1, max: 1 }, ctx)) as unknown as { metadata: { count: number } }
  expect(none.metadata.count).toBe(0)
})

test("a missing store reads as empty", async () => {
  const reader = capturedReader(() => undefined, "/p")
  expect(await reader.events()).toEqual([])
  expect(await reader.aggregate("day")).toEqual([])
})

test("events_list with exportFile attaches a private JSON file of the events", async () => {
  const { ctx } = setup()
  const ext = eventsExtension()
  const result = (await ext.tools!.list!.execute({ exportFile: true }, ctx)) as unknown as { attachments: { url: string; mime: string; filename: string }[] }
  const [file] = result.attachments
  expect(file?.mime).toBe("application/json")
  const p = new URL(file!.url).pathname
  const fs = await import("node:fs")
  expect((fs.statSync(p).mode & 0o777).toString(8)).toBe("600")
  expect(JSON.parse(fs.readFileSync(p, "utf8")).map((e: { summary: string }) => e.summary)).toEqual(["read: ENOENT", "mock/m 18 tokens", "bash: exit 1"])
  fs.rmSync(require("node:path").dirname(p), { recursive: true, force: true })
})
