// event → `event` hooks for every bus event, and postMessage once per finished assistant message.
import { describe, expect, test } from "bun:test"
import { until } from "../../helpers/fake-plugin-input.ts"
import type { BusEvent, PostMessageEvent } from "../../../../src/host/types.ts"
import { assistantMessage, busEvent, sink, useServer, userMessage } from "./harness.ts"

const start = useServer()

const spy = (key: string) => `export default {
  name: "spy",
  hooks: {
    postMessage: (e) => { globalThis.${key}.push(e) },
  },
}`

const finished = (id: string, extra: Record<string, unknown> = {}) =>
  busEvent("message.updated", {
    sessionID: "ses_1",
    info: assistantMessage(id, "msg_user", "ses_1", {
      time: { created: 1_000, completed: 4_500 },
      cost: 0.0123,
      finish: "stop",
      tokens: { total: 1800, input: 1200, output: 300, reasoning: 100, cache: { read: 200, write: 0 } },
      ...extra,
    }),
  })

describe("event → postMessage", () => {
  test("a finished assistant message reports tokens, cost, finish and duration, once", async () => {
    const seen = sink<PostMessageEvent>("postSeen1")
    const { hooks } = await start({ spy: spy("postSeen1") })
    await hooks.event!(finished("msg_a1"))
    await hooks.event!(finished("msg_a1"))
    await until(() => seen.length >= 1)
    await Bun.sleep(30)
    expect(seen).toEqual([
      {
        sessionID: "ses_1",
        messageID: "msg_a1",
        providerID: "openai",
        modelID: "gpt-5",
        tokens: { input: 1200, output: 300, reasoning: 100, cache: { read: 200, write: 0 } },
        cost: 0.0123,
        finish: "stop",
        error: undefined,
        durationMs: 3500,
      },
    ])
  })

  test("a failed message carries its error; unfinished and user messages report nothing", async () => {
    const seen = sink<PostMessageEvent>("postSeen2")
    const { hooks } = await start({ spy: spy("postSeen2") })
    await hooks.event!(busEvent("message.updated", { sessionID: "ses_1", info: assistantMessage("msg_a2", "msg_u") }))
    await hooks.event!(busEvent("message.updated", { sessionID: "ses_1", info: userMessage("msg_u") }))
    await hooks.event!(
      finished("msg_a3", {
        error: { name: "APIError", data: { message: "rate limited", isRetryable: true } },
        finish: undefined,
      }),
    )
    await until(() => seen.length >= 1)
    await Bun.sleep(30)
    expect(seen.map((e) => [e.messageID, e.error])).toEqual([["msg_a3", "APIError: rate limited"]])
  })

  test("every bus event reaches `event` hooks as {type, properties}; junk events are ignored", async () => {
    const seen = sink<BusEvent>("eventSeen")
    const { hooks } = await start({
      spy: 'export default { name: "spy", hooks: { event: (e) => { globalThis.eventSeen.push(e) } } }',
      throws: 'export default { name: "throws", hooks: { event: () => { throw new Error("x") } } }',
    })
    await hooks.event!(busEvent("session.idle", { sessionID: "ses_1" }))
    await hooks.event!({ event: { nonsense: true } as never })
    expect(seen).toEqual([{ type: "session.idle", properties: { sessionID: "ses_1" } }])
  })
})
