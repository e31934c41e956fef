// Properties every observation of every fixture must have, whatever the extractor: the store trusts them.
import { describe, expect, test } from "bun:test"
import { fromAssistantText, fromToolCall, fromUserText } from "../../../src/knowledge/extract.ts"
import { ENTITY_TYPES, type Observation, RELATION_TYPES } from "../../../src/knowledge/types.ts"
import { loadTranscript, partsOf, toolCallOf, transcriptNames } from "../../fixtures/transcripts/load.ts"

function observe(name: string): { source: string; o: Observation }[] {
  const t = loadTranscript(name)
  const { user, assistant, tools } = partsOf(t)
  const options = { root: t.root }
  return [
    ...user.map((text) => ({ source: "user", o: fromUserText(text, options) })),
    ...assistant.map((text) => ({ source: "assistant", o: fromAssistantText(text, options) })),
    ...tools.map((p) => ({ source: `tool ${p.tool}`, o: fromToolCall(toolCallOf(p), options) })),
  ]
}

// Shapes that must never become entities: abbreviations, versions, sentence fragments, call syntax.
const JUNK = [/^(?:e\.g|i\.e|etc|vs)\.?$/i, /^v?\d+(?:\.\d+)+/, /^\.\//, /[.,;:!?)]$/, /\(\)$/, /^\s|\s$/]

describe("extractors over the transcript fixtures", () => {
  const names = transcriptNames()

  test("there are fixtures", () => expect(names.length).toBeGreaterThanOrEqual(4))

  for (const name of names) {
    test(`${name}: valid, bounded, deduplicated, deterministic`, () => {
      const observations = observe(name)
      expect(observe(name)).toEqual(observations)
      for (const { source, o } of observations) {
        const keys = o.entities.map((e) => `${e.type}:${e.name}`)
        expect(new Set(keys).size).toBe(keys.length)
        for (const e of o.entities) {
          expect(ENTITY_TYPES).toContain(e.type)
          expect(e.name.length).toBeGreaterThan(0)
          expect(e.name.length).toBeLessThanOrEqual(200)
          if (e.type === "error") continue
          for (const re of JUNK) expect({ source, name: e.name, junk: re.test(e.name) }).toMatchObject({ junk: false })
        }
        for (const r of o.relations) {
          expect(RELATION_TYPES).toContain(r.type)
          expect(keys).toContain(`${r.from.type}:${r.from.name}`)
          expect(keys).toContain(`${r.to.type}:${r.to.name}`)
        }
        expect(o.relations.filter((r) => r.type === "mentioned_with").length).toBeLessThanOrEqual(10)
        if (source !== "user") expect(o.facts).toEqual([])
        for (const fact of o.facts) expect(fact.length).toBeLessThanOrEqual(300)
      }
    })
  }

  test("user text, tool arguments and bash name the same file the same way", () => {
    const observations = observe("deploy-conventions")
    const isShip = (o: Observation) => o.entities.some((e) => e.type === "file" && e.name === "scripts/ship.sh")
    const ship = observations.filter(({ o }) => isShip(o))
    expect(ship.map((x) => x.source)).toEqual(["user", "assistant", "assistant", "tool read", "tool bash"])
  })

  test("cheap enough to run on every message", () => {
    const start = performance.now()
    for (let i = 0; i < 20; i++) for (const name of names) observe(name)
    expect((performance.now() - start) / 20).toBeLessThan(50)
  })
})
