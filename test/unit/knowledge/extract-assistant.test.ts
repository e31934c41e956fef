import { describe, expect, test } from "bun:test"
import { fromAssistantText } from "../../../src/knowledge/extract.ts"
import type { Observation } from "../../../src/knowledge/types.ts"
import { loadTranscript, partsOf } from "../../fixtures/transcripts/load.ts"

const names = (o: Observation): string[] => o.entities.map((e) => `${e.type}:${e.name}`)
const ROOT = "/home/dev/shop"

describe("fromAssistantText", () => {
  test("entities only: the model's rules are not the user's decisions", () => {
    const { assistant } = partsOf(loadTranscript("deploy-conventions"))
    for (const text of assistant) {
      const o = fromAssistantText(text, { root: ROOT })
      expect(o.facts).toEqual([])
      expect(o.relations).toEqual([])
    }
    expect(names(fromAssistantText(assistant[0]!))).toEqual([
      "file:scripts/ship.sh",
      "file:dist",
      "url:https://deploy.example.com/api/restart",
    ])
  })

  test("paths, symbols, URLs and errors; no commands or packages", () => {
    const { assistant } = partsOf(loadTranscript("noisy-prose"))
    expect(names(fromAssistantText(assistant[0]!, { root: ROOT }))).toEqual([
      "file:src/server/index.ts",
      "symbol:app.listen",
      "symbol:process.env.PORT",
      "symbol:parseConfig",
      "url:https://nodejs.org/api/net.html#serverlisten",
      "error:EADDRINUSE",
    ])
  })

  test("the code block's identifiers are not symbols, its paths and errors are entities", () => {
    const text =
      "Here is the fix:\n```ts\nconst server = serve({ port: Number(process.env.PORT), fetch: handleRequest })\n" +
      'throw new ConfigError("bad")\n// see src/server/index.ts\n```'
    expect(names(fromAssistantText(text))).toEqual(["error:ConfigError", "file:src/server/index.ts"])
  })

  test("the failing-tests summary", () => {
    const { assistant } = partsOf(loadTranscript("failing-tests"))
    expect(names(fromAssistantText(assistant[0]!))).toEqual([])
    expect(names(fromAssistantText(assistant[1]!))).toEqual([
      "symbol:raw.server",
      "symbol:parseConfig",
      "error:TS2322",
      "file:src/config.ts",
    ])
  })

  test("empty input", () => {
    expect(fromAssistantText("")).toEqual({ entities: [], relations: [], facts: [] })
  })
})
