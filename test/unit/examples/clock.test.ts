import { describe, expect, test } from "bun:test"
import { preMessageResult, structuredResult } from "../../../src/host/result-schemas.ts"
import type { ExtensionDefinition } from "../../../src/host/types.ts"
import { fakeContext, loadExample, toolContext } from "./fake-context.ts"

const def: ExtensionDefinition = await loadExample("clock.ts")

describe("examples/clock.ts", () => {
  test("preMessage adds one synthetic part with the date and time in the configured zone", async () => {
    const ctx = fakeContext(def, { timeZone: "Asia/Tokyo" }, "/proj")
    const result = preMessageResult.parse(await def.hooks!.preMessage!({ sessionID: "s", text: "hi" }, ctx))
    expect(result?.text).toBeUndefined()
    expect(result?.parts).toHaveLength(1)
    expect(result?.parts?.[0]?.synthetic).toBe(true)
    // ICU's exact punctuation varies between runtimes; the zone and the time of day are what matter.
    expect(result?.parts?.[0]?.text).toMatch(/^Sent \w+day,? \d+ \w+ \d{4},?( at)? \d\d:\d\d:\d\d GMT\+9\.$/)
  })

  test("the now tool answers for the default zone or the one asked for", async () => {
    const ctx = fakeContext(def, { timeZone: "UTC" }, "/proj")
    const now = def.tools!.now!
    expect(structuredResult.parse(await now.execute({}, toolContext(ctx)))).toMatchObject({ title: "UTC" })
    const paris = structuredResult.parse(await now.execute({ timeZone: "Europe/Paris" }, toolContext(ctx)))
    expect(paris).toMatchObject({ title: "Europe/Paris", output: expect.stringMatching(/ (CET|CEST|GMT\+[12])$/) })
    // A zone the model made up throws; switchboard turns that into a failed-tool result for the model.
    expect(() => now.execute({ timeZone: "Mars/Olympus" }, toolContext(ctx))).toThrow(RangeError)
  })

  test("options: the local zone by default; an unknown zone is refused with the reason", () => {
    const local = Intl.DateTimeFormat().resolvedOptions().timeZone
    expect(fakeContext(def, undefined, "/proj").options).toEqual({ timeZone: local })
    expect(() => fakeContext(def, { timeZone: "Nowhere/Else" }, "/proj")).toThrow(
      "options.timeZone: expected an IANA time zone such as Europe/Paris",
    )
  })
})
