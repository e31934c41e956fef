// experimental.chat.messages.transform → contextPrime: the block is computed once per user message, attached to it as
// a synthetic part, and replayed byte for byte afterwards, so the prompt prefix stays cache-stable.
import { describe, expect, test } from "bun:test"
import type { ContextPrimeRequest } from "../../../../src/host/types.ts"
import { assistantEntry, type Entry, sink, useServer, userEntry } from "./harness.ts"

const start = useServer()

/** Counts its calls in globalThis[key]; returns `result` (JS source) for every request. */
const primer = (name: string, key: string, result: string) => `export default {
  name: "${name}",
  hooks: { contextPrime: (req) => { globalThis.${key}.push(req); return ${result} } },
}`

const transform = async (hooks: Awaited<ReturnType<typeof start>>["hooks"], messages: Entry[]) => {
  await hooks["experimental.chat.messages.transform"]!({}, { messages } as never)
  return messages
}
const contextPart = (m: Entry) => m.parts.find((p) => p.id === `${m.info.id}-switchboard-context`)

describe("experimental.chat.messages.transform → contextPrime", () => {
  test("the merged block is attached to the current user message as a synthetic part", async () => {
    const seen = sink<ContextPrimeRequest>("primeSeen1")
    const { hooks } = await start({ notes: primer("notes", "primeSeen1", '{ context: "Use bun.\\n" }') })
    const [msg] = await transform(hooks, [userEntry("msg_1", "build it")])
    expect(seen).toEqual([{ sessionID: "ses_1", messageID: "msg_1", text: "build it" }])
    expect(msg!.parts).toHaveLength(2)
    expect(contextPart(msg!)).toEqual({
      id: "msg_1-switchboard-context",
      sessionID: "ses_1",
      messageID: "msg_1",
      type: "text",
      text: '<switchboard-context>\n<context from="notes">\nUse bun.\n</context>\n</switchboard-context>',
      synthetic: true,
    })
  })

  test("a second call with the same messages gives identical bytes without asking the extension again", async () => {
    const seen = sink("primeSeen2")
    const { hooks } = await start({ clock: primer("clock", "primeSeen2", "{ context: `now: ${Math.random()}` }") })
    // opencode rebuilds the messages from its store for every step: fresh objects each time.
    const first = await transform(hooks, [userEntry("msg_1", "hi")])
    const second = await transform(hooks, [userEntry("msg_1", "hi")])
    expect(seen).toHaveLength(1)
    expect(contextPart(second[0]!)!.text).toBe(contextPart(first[0]!)!.text)
    // Already attached (the same objects passed again): not attached twice.
    await transform(hooks, first)
    expect(first[0]!.parts).toHaveLength(2)
  })

  test("contributions merge by priority (ties by name) and are cut at contextBudgetTokens", async () => {
    sink("primeSeen3")
    const { hooks } = await start(
      {
        low: primer("low", "primeSeen3", '{ context: "low", priority: -1, tokens: 10 }'),
        "b-high": primer("b-high", "primeSeen3", '{ context: "b-high", priority: 5, tokens: 40 }'),
        "a-high": primer("a-high", "primeSeen3", '{ context: "a-high", priority: 5, tokens: 40 }'),
        big: primer("big", "primeSeen3", '{ context: "big", priority: 1, tokens: 30 }'),
        none: primer("none", "primeSeen3", "undefined"),
        invalid: primer("invalid", "primeSeen3", '{ context: "bad", tokens: -1 }'),
        throws: 'export default { name: "throws", hooks: { contextPrime: () => { throw new Error("x") } } }',
      },
      { contextBudgetTokens: 95 },
    )
    const [msg] = await transform(hooks, [userEntry("msg_1", "hi")])
    expect(contextPart(msg!)!.text).toBe(
      [
        "<switchboard-context>",
        '<context from="a-high">\na-high\n</context>',
        '<context from="b-high">\nb-high\n</context>',
        '<context from="low">\nlow\n</context>',
        "</switchboard-context>",
      ].join("\n"),
    )
  })

  test("a new turn computes a block for its new message only; older ones are replayed, not recomputed", async () => {
    const seen = sink<ContextPrimeRequest>("primeSeen4")
    const { hooks } = await start({ turn: primer("turn", "primeSeen4", "{ context: `for ${req.messageID}` }") })
    const turn1 = await transform(hooks, [userEntry("msg_1", "one")])
    const block1 = contextPart(turn1[0]!)!.text
    const turn2 = await transform(hooks, [
      userEntry("msg_1", "one"),
      assistantEntry("msg_2", "msg_1", "answer"),
      userEntry("msg_3", "two"),
    ])
    expect(seen.map((r) => r.messageID)).toEqual(["msg_1", "msg_3"])
    expect(contextPart(turn2[0]!)!.text).toBe(block1)
    expect(turn2[1]!.parts).toHaveLength(1)
    expect(contextPart(turn2[2]!)!.text).toContain("for msg_3")
    // Back at an older message (e.g. after a revert): it is the current one again, but already has its block.
    const back = await transform(hooks, [userEntry("msg_1", "one")])
    expect(seen).toHaveLength(2)
    expect(contextPart(back[0]!)!.text).toBe(block1)
  })

  test("an extension with nothing to say caches that too: no part, no second call", async () => {
    const seen = sink("primeSeen5")
    const { hooks } = await start({ quiet: primer("quiet", "primeSeen5", "undefined") })
    const [a] = await transform(hooks, [userEntry("msg_1", "hi")])
    await transform(hooks, [userEntry("msg_1", "hi")])
    expect(a!.parts).toHaveLength(1)
    expect(seen).toHaveLength(1)
  })

  test("a hanging extension costs its timeout once; the others' block is still attached", async () => {
    sink("primeSeen6")
    const { hooks } = await start({
      hangs: `export default {
        name: "hangs",
        stability: { timeoutMs: 50 },
        hooks: { contextPrime: () => new Promise(() => {}) },
      }`,
      ok: primer("ok", "primeSeen6", '{ context: "fine" }'),
    })
    const started = Date.now()
    const [msg] = await transform(hooks, [userEntry("msg_1", "hi")])
    expect(Date.now() - started).toBeLessThan(1000)
    expect(contextPart(msg!)!.text).toContain('<context from="ok">\nfine\n</context>')
  })

  test("no user message, or no extension with contextPrime: nothing changes", async () => {
    const { hooks } = await start({ other: 'export default { name: "other", hooks: { preMessage: () => {} } }' })
    const messages = [userEntry("msg_1", "hi")]
    await transform(hooks, messages)
    await transform(hooks, [])
    expect(messages[0]!.parts).toHaveLength(1)
  })
})
