import { describe, expect, test } from "bun:test"
import { fromUserText } from "../../../src/knowledge/extract.ts"
import type { EntityRef, Observation } from "../../../src/knowledge/types.ts"
import { loadTranscript, partsOf } from "../../fixtures/transcripts/load.ts"

const names = (o: Observation): string[] => o.entities.map((e) => `${e.type}:${e.name}`)

describe("fromUserText: the e2e cases", () => {
  test("a stated deploy path is a fact with the sentence and a file entity", () => {
    const o = fromUserText("deploys go through scripts/ship.sh")
    expect(o.facts).toEqual(["deploys go through scripts/ship.sh"])
    expect(o.entities).toEqual([{ type: "file", name: "scripts/ship.sh" }])
    expect(o.relations).toEqual([])
  })

  test("a question is an empty observation: no fact, and no concept made up from its words", () => {
    expect(fromUserText("how do we deploy?")).toEqual({ entities: [], relations: [], facts: [] })
  })

  test("the fixture's user turns", () => {
    const { user } = partsOf(loadTranscript("deploy-conventions"))
    expect(fromUserText(user[0]!).facts).toEqual(["deploys go through scripts/ship.sh"])
    expect(fromUserText(user[1]!).facts).toEqual([])
    const rules = fromUserText(user[2]!)
    expect(rules.facts).toEqual([
      "We use bun, never npm or yarn.",
      "Don't commit .env files.",
      "Migrations must run through `bun run db:migrate`, never by hand.",
      "I prefer small PRs.",
    ])
    expect(names(rules)).toEqual(["file:.env", "command:bun run db:migrate"])
  })
})

describe("fromUserText: entities", () => {
  test("paths in their usual spellings, normalised", () => {
    const o = fromUserText("See ./scripts/ship.sh, ~/notes/deploy.md and package.json; also src/a.ts:42 (and dist/).")
    expect(names(o)).toEqual([
      "file:scripts/ship.sh",
      "file:~/notes/deploy.md",
      "file:package.json",
      "file:src/a.ts",
      "file:dist",
    ])
  })

  test("absolute paths inside the root become relative", () => {
    const o = fromUserText("it crashed in /home/dev/shop/src/server/index.ts", { root: "/home/dev/shop/" })
    expect(names(o)).toEqual(["file:src/server/index.ts"])
  })

  test("symbols, errors and URLs from a bug report", () => {
    const o = fromUserText(
      "I get TypeError in parseConfig() at src/config.ts, plus ENOENT and ECONNREFUSED when Foo.bar calls useState. " +
        "Docs: https://github.com/acme/shop/blob/main/README.md.",
    )
    expect(names(o)).toEqual([
      "error:TypeError",
      "symbol:parseConfig",
      "file:src/config.ts",
      "error:ENOENT",
      "error:ECONNREFUSED",
      "symbol:Foo.bar",
      "symbol:useState",
      "url:https://github.com/acme/shop/blob/main/README.md",
    ])
  })

  test("backticked identifiers are symbols; backticked commands are commands", () => {
    const o = fromUserText("Rename `KnowledgeStore` to `Store`, keep `max_tokens`, then run `bun run build`.")
    expect(names(o)).toEqual([
      "symbol:KnowledgeStore",
      "symbol:Store",
      "symbol:max_tokens",
      "command:bun run build",
    ])
  })

  test("npm packages from installs and imports, reduced to the package", () => {
    const text =
      'Run npm install zod and then restart.\n```ts\nimport { debounce } from "lodash/debounce"\n' +
      'import fs from "node:fs"\nconst x = require("@scope/pkg/sub")\n```\nand `bun add -d @types/bun`'
    expect(names(fromUserText(text))).toEqual([
      "package:zod",
      "package:lodash",
      "package:@scope/pkg",
      "command:bun add",
      "package:@types/bun",
    ])
  })

  test("prose that only looks like entities gives none", () => {
    const junk = [
      "e.g. this, i.e. that, etc. We went from 1.2.3 to v2.0.1 and gpt-4.1 is fine.",
      "It's an and/or thing for client/server setups, 24/7 uptime, 50/50 odds, km/h.",
      "Node.js, Next.js, socket.io, example.com and foo@bar.com are not files.",
      "The route /api/users returns 404. EVERY EDIT ELSE is shouting, not an errno.",
      "note(s) and user(s) are not calls; `server` alone is not clearly a symbol.",
      "I got this from \"someone\" yesterday.",
      "Use console.log sparingly.",
    ]
    for (const text of junk) expect(names(fromUserText(text))).toEqual([])
  })

  test("the noisy fixture: only the real entities", () => {
    const { user } = partsOf(loadTranscript("noisy-prose"))
    expect(names(fromUserText(user[0]!))).toEqual([])
    expect(names(fromUserText(user[1]!))).toEqual([])
    // A pasted log in a fence still names its error and the project file in the stack.
    expect(names(fromUserText(user[2]!, { root: "/home/dev/shop" }))).toEqual([
      "error:EADDRINUSE",
      "file:src/server/index.ts",
    ])
  })
})

describe("fromUserText: mentioned_with", () => {
  test("pairs among the entities of one message, in a canonical direction", () => {
    const o = fromUserText("parseConfig() in src/config.ts throws TypeError")
    const pairs = o.relations.map((r) => `${r.from.type}:${r.from.name} ${r.type} ${r.to.type}:${r.to.name}`)
    expect(pairs).toEqual([
      "file:src/config.ts mentioned_with symbol:parseConfig",
      "error:TypeError mentioned_with symbol:parseConfig",
      "error:TypeError mentioned_with file:src/config.ts",
    ])
  })

  test("bounded to the pairs of the first five entities", () => {
    const files = Array.from({ length: 30 }, (_, i) => `src/f${i}.ts`)
    const o = fromUserText(`Touch ${files.join(", ")}.`)
    expect(o.entities).toHaveLength(30)
    expect(o.relations).toHaveLength(10)
    const paired = new Set(o.relations.flatMap((r) => [r.from.name, r.to.name]))
    expect([...paired].sort()).toEqual(files.slice(0, 5).sort())
  })

  test("the same pair from two messages has the same direction", () => {
    const a = fromUserText("src/a.ts and useThing").relations
    const b = fromUserText("useThing and src/a.ts").relations
    expect(a).toEqual(b)
  })
})

describe("fromUserText: bounds and robustness", () => {
  test("a fake API key and a JWT are not split into entities; the variable name is fine", () => {
    const { user } = partsOf(loadTranscript("noisy-prose"))
    const o = fromUserText(user[3]!)
    expect(names(o)).toEqual(["symbol:OPENAI_API_KEY"])
    expect(o.facts).toEqual([])
  })

  test("long garbage does not throw, stays fast and yields nothing odd", () => {
    const garbage =
      "sk-proj-" + "Ab3/".repeat(6000) + " ghp_" + "x9".repeat(40) + " " + "a.".repeat(3000) + "(".repeat(2000)
    const start = performance.now()
    const o = fromUserText(garbage + " You must always do this.")
    expect(performance.now() - start).toBeLessThan(500)
    for (const e of o.entities) expect(e.name.length).toBeLessThanOrEqual(200)
    expect(o.facts).toEqual([])
  })

  test("names are bounded to 200 characters and input to its first 20k", () => {
    const long = "src/" + "d/".repeat(150) + "x.ts"
    expect(fromUserText(long).entities[0]!.name.length).toBe(200)
    const late = "word ".repeat(5000) + " src/late.ts"
    expect(fromUserText(late).entities).toEqual([])
  })

  test("deterministic and deduplicated", () => {
    const text = "src/a.ts, ./src/a.ts and src/a.ts. parseConfig() or parseConfig(x)? TypeError, TypeError"
    const o = fromUserText(text)
    expect(fromUserText(text)).toEqual(o)
    const refs: EntityRef[] = [
      { type: "file", name: "src/a.ts" },
      { type: "symbol", name: "parseConfig" },
      { type: "error", name: "TypeError" },
    ]
    expect(o.entities).toEqual(refs)
  })

  test("empty and non-string input", () => {
    expect(fromUserText("")).toEqual({ entities: [], relations: [], facts: [] })
    expect(fromUserText(undefined as unknown as string)).toEqual({ entities: [], relations: [], facts: [] })
  })
})
