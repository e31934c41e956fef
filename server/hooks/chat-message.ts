// chat.message → preMessage: extensions may replace the user's text and add parts. Only ok results are applied.
import type { Hooks } from "@opencode-ai/plugin"
import type { Part, TextPart } from "@opencode-ai/sdk"
import { dispatchSequential } from "../../src/host/dispatch.ts"
import { preMessageResult } from "../../src/host/result-schemas.ts"
import type { PreMessageEvent, PreMessageResult } from "../../src/host/types.ts"
import type { Host } from "../host.ts"
import { partId } from "../part-id.ts"

type ChatMessage = NonNullable<Hooks["chat.message"]>

const userText = (parts: Part[]) =>
  parts
    .filter((p): p is TextPart => p.type === "text" && !p.synthetic && !p.ignored)
    .map((p) => p.text)
    .join("\n\n")

/** The greatest id among the message's parts: added parts must sort after all of them. */
const lastId = (parts: Part[]) => parts.reduce<string | undefined>((max, p) => (max === undefined || p.id > max ? p.id : max), undefined)

export function chatMessage(host: Host): ChatMessage {
  return async (input, output) => {
    const active = host.registry.active()
    if (active.length === 0) return
    // Display-only notes (ignored parts) are not the user talking to the model: leave them alone.
    const texts = output.parts.filter((p): p is TextPart => p.type === "text" && !p.synthetic && !p.ignored)
    if (texts.length === 0) return
    const base: Omit<PreMessageEvent, "text"> = {
      sessionID: input.sessionID,
      messageID: input.messageID ?? output.message.id,
      agent: input.agent,
      model: input.model,
    }
    // Each extension sees the text as the previous ones left it.
    let text = userText(output.parts)
    const results = await dispatchSequential<PreMessageEvent, PreMessageResult | undefined | null>(
      active,
      "preMessage",
      (previous) => {
        const last = previous.at(-1)?.value?.text
        if (last !== undefined) text = last
        return { ...base, text }
      },
      preMessageResult,
    )
    const replaced = [...results].reverse().find((r) => r.value?.text !== undefined)?.value?.text
    if (replaced !== undefined) {
      const [first, ...rest] = texts
      first!.text = replaced
      for (const p of rest) output.parts.splice(output.parts.indexOf(p), 1)
    }
    for (const r of results)
      for (const added of r.value?.parts ?? [])
        output.parts.push({
          id: partId(lastId(output.parts)),
          sessionID: output.message.sessionID,
          messageID: output.message.id,
          type: "text",
          text: added.text,
          synthetic: added.synthetic ?? false,
        })
  }
}
