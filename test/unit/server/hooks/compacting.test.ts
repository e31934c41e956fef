// experimental.session.compacting → compacting: lines for the compaction prompt; and no context injection for a
// session while it is being compacted (until opencode reports session.compacted).
import { describe, expect, test } from "bun:test"
import { busEvent, type Entry, sink, useServer, userEntry } from "./harness.ts"

const start = useServer()

const compacting = (key: string) => `export default {
  name: "keeper",
  hooks: {
    compacting: (e) => ({ context: ["Keep: the build uses bun", "Keep: session " + e.sessionID] }),
    contextPrime: (req) => { globalThis.${key}.push(req); return { context: "injected" } },
  },
}`

describe("experimental.session.compacting → compacting", () => {
  test("context lines are pushed onto opencode's output; invalid and throwing results add nothing", async () => {
    const { hooks } = await start({
      keeper: compacting("compactSeen1"),
      "too-many":
        'export default { name: "too-many", hooks: { compacting: () => ({ context: Array(51).fill("x") }) } }',
      "wrong-type": 'export default { name: "wrong-type", hooks: { compacting: () => ({ context: "not a list" }) } }',
      throws: 'export default { name: "throws", hooks: { compacting: () => { throw new Error("x") } } }',
    })
    const output = { context: ["opencode's own"] as string[] }
    await hooks["experimental.session.compacting"]!({ sessionID: "ses_1" }, output)
    expect(output.context).toEqual(["opencode's own", "Keep: the build uses bun", "Keep: session ses_1"])
  })

  test("nothing is injected into a compacting session, not even replays; after session.compacted, it is", async () => {
    const seen = sink("compactSeen2")
    const { hooks } = await start({ keeper: compacting("compactSeen2") })
    const transform = (messages: Entry[]) =>
      hooks["experimental.chat.messages.transform"]!({}, { messages } as never).then(() => messages)

    const [before] = await transform([userEntry("msg_1", "hi")])
    expect(before!.parts).toHaveLength(2)

    await hooks["experimental.session.compacting"]!({ sessionID: "ses_1" }, { context: [] })
    const [during] = await transform([userEntry("msg_1", "hi")])
    const [newDuring] = await transform([userEntry("msg_2", "summarise")])
    expect(during!.parts).toHaveLength(1)
    expect(newDuring!.parts).toHaveLength(1)
    // Another session is not affected.
    const [other] = await transform([userEntry("msg_9", "hi", "ses_2")])
    expect(other!.parts).toHaveLength(2)
    expect(seen).toHaveLength(2)

    await hooks.event!(busEvent("session.compacted", { sessionID: "ses_1" }))
    const [after] = await transform([userEntry("msg_1", "hi"), userEntry("msg_3", "continue")])
    expect(after!.parts).toHaveLength(2)
    expect(seen).toHaveLength(3)
  })

  test("with no extensions, compacting still marks the session (and the hook does nothing else)", async () => {
    const { hooks } = await start({})
    const output = { context: [] as string[] }
    await hooks["experimental.session.compacting"]!({ sessionID: "ses_1" }, output)
    expect(output.context).toEqual([])
  })
})
