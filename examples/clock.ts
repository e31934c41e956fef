// clock: tells the model when each of your messages was sent, and gives it a tool for the time anywhere.
// Install: copy to .opencode/switchboard/extensions/clock.ts and restart opencode.
import type { ExtensionDefinition } from "opencode-switchboard"
import { z } from "zod"

const knownZone = (timeZone: string) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone })
    return true
  } catch {
    return false
  }
}

const options = z.object({
  timeZone: z
    .string()
    .refine(knownZone, "expected an IANA time zone such as Europe/Paris")
    .default(Intl.DateTimeFormat().resolvedOptions().timeZone),
})
type Options = z.infer<typeof options>

const format = (date: Date, timeZone: string) =>
  new Intl.DateTimeFormat("en-GB", { dateStyle: "full", timeStyle: "long", timeZone }).format(date)

export default {
  name: "clock",
  version: "1.0.0",
  description: "Tells the model the date and time",
  options,
  stability: { timeoutMs: 1000 },

  hooks: {
    // The part is stored with the message, so every later turn sends the same bytes.
    preMessage(_event, ctx) {
      return { parts: [{ text: `Sent ${format(new Date(), ctx.options.timeZone)}.`, synthetic: true }] }
    },
  },

  tools: {
    now: {
      description: "The current date and time, in the user's time zone or in another one",
      args: { timeZone: z.string().optional().describe("An IANA time zone, e.g. Asia/Tokyo") },
      execute(args: { timeZone?: string }, ctx) {
        const timeZone = args.timeZone ?? ctx.options.timeZone
        return { title: timeZone, output: format(new Date(), timeZone) }
      },
    },
  },

  commands: {
    "time-in": {
      description: "Ask for the time in a place",
      template: "What time is it in $ARGUMENTS? Use the clock_now tool.",
    },
  },
} satisfies ExtensionDefinition<Options>
