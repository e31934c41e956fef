// chat.message → preMessage: results are validated, then applied to opencode's output in place.
import { describe, expect, test } from "bun:test"
import { chatMessage, sink, textPart, useServer } from "./harness.ts"

const start = useServer()

const ext = (name: string, preMessage: string, extra = "") =>
  `export default { name: "${name}", ${extra} hooks: { preMessage: ${preMessage} } }`

describe("chat.message → preMessage", () => {
  test("the event carries the session, message, agent, model and the user's text (text parts joined)", async () => {
    const seen = sink("chatSeen")
    const { hooks } = await start({ spy: ext("spy", "(e) => { globalThis.chatSeen.push(e) }") })
    const { input, output } = chatMessage("msg_1", ["first", "second"])
    output.parts.push({ ...textPart("msg_1", "hidden"), synthetic: true })
    await hooks["chat.message"]!(input, output as never)
    expect(seen).toEqual([
      {
        sessionID: "ses_1",
        messageID: "msg_1",
        agent: "build",
        model: { providerID: "openai", modelID: "gpt-5" },
        text: "first\n\nsecond",
      },
    ])
  })

  test("a returned text replaces the user's text: the first text part gets it, the other text parts go", async () => {
    const { hooks } = await start({ upper: ext("upper", "(e) => ({ text: e.text.toUpperCase() })") })
    const { input, output } = chatMessage("msg_1", ["hello", "world"])
    const firstId = output.parts[0]!.id
    await hooks["chat.message"]!(input, output as never)
    expect(output.parts).toHaveLength(1)
    expect(output.parts[0]).toMatchObject({ id: firstId, type: "text", text: "HELLO\n\nWORLD" })
  })

  test("added parts become text parts of the message, with opencode-style ids (prt_…)", async () => {
    const { hooks } = await start({
      adds: ext("adds", '() => ({ parts: [{ text: "for the model", synthetic: true }, { text: "shown" }] })'),
    })
    const { input, output } = chatMessage("msg_1", ["hello"])
    await hooks["chat.message"]!(input, output as never)
    expect(output.parts).toHaveLength(3)
    const [user, hidden, shown] = output.parts
    expect(user!.text).toBe("hello")
    expect(hidden).toMatchObject({ sessionID: "ses_1", messageID: "msg_1", type: "text", synthetic: true })
    expect(hidden!.text).toBe("for the model")
    expect(shown).toMatchObject({ text: "shown", synthetic: false })
    for (const p of [hidden!, shown!]) expect(p.id).toMatch(/^prt_[0-9a-f]{12}[0-9A-Za-z]{14}$/)
    expect(hidden!.id < shown!.id).toBe(true)
  })

  test("extensions run in load order, each seeing the text as the previous one left it", async () => {
    const { hooks } = await start({
      "a-upper": ext("a-upper", "(e) => ({ text: e.text.toUpperCase() })"),
      "b-note": ext("b-note", '() => ({ parts: [{ text: "note", synthetic: true }] })'),
      "c-bang": ext("c-bang", '(e) => ({ text: e.text + "!" })'),
    })
    const { input, output } = chatMessage("msg_1", ["hi"])
    await hooks["chat.message"]!(input, output as never)
    expect(output.parts.map((p) => p.text)).toEqual(["HI!", "note"])
  })

  test("an invalid result is not applied (and the others still are)", async () => {
    const { hooks } = await start({
      "bad-type": ext("bad-type", "() => ({ text: 42 })"),
      "bad-key": ext("bad-key", '() => ({ replace: "x" })'),
      "bad-part": ext("bad-part", '() => ({ parts: [{ text: "" }] })'),
      "good": ext("good", '() => ({ parts: [{ text: "kept" }] })'),
    })
    const { input, output } = chatMessage("msg_1", ["hello"])
    await hooks["chat.message"]!(input, output as never)
    expect(output.parts.map((p) => p.text)).toEqual(["hello", "kept"])
  })

  test("a throwing or hanging extension does not throw out of the hook or hold it up past its timeout", async () => {
    const { hooks } = await start({
      "a-throws": ext("a-throws", '() => { throw new Error("boom") }'),
      "b-rejects": ext("b-rejects", 'async () => { throw new Error("async boom") }'),
      "c-hangs": ext("c-hangs", "() => new Promise(() => {})", "stability: { timeoutMs: 50 },"),
      "d-good": ext("d-good", '(e) => ({ text: e.text + " (checked)" })'),
    })
    const { input, output } = chatMessage("msg_1", ["hello"])
    const started = Date.now()
    await hooks["chat.message"]!(input, output as never)
    expect(Date.now() - started).toBeLessThan(1000)
    expect(output.parts.map((p) => p.text)).toEqual(["hello (checked)"])
  })

  test("ignored (display-only) and synthetic parts are left alone; no user text, no dispatch", async () => {
    const seen = sink("chatSeen2")
    const { hooks } = await start({ spy: ext("spy", '(e) => { globalThis.chatSeen2.push(e); return { text: "X" } }') })
    const { input, output } = chatMessage("msg_1", [])
    output.parts.push({ ...textPart("msg_1", "note"), ignored: true })
    output.parts.push({ ...textPart("msg_1", "ctx"), synthetic: true })
    await hooks["chat.message"]!(input, output as never)
    expect(seen).toEqual([])
    expect(output.parts.map((p) => p.text)).toEqual(["note", "ctx"])
  })
})
