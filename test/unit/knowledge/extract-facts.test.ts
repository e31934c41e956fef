import { describe, expect, test } from "bun:test"
import { fromUserText } from "../../../src/knowledge/extract.ts"

const facts = (text: string): string[] => fromUserText(text).facts

describe("facts: decisions and constraints the user states", () => {
  const rules = [
    "deploys go through scripts/ship.sh",
    "Always run `bun test` before pushing.",
    "Never push directly to main!",
    "Don't commit .env files.",
    "Do not add new dependencies without asking.",
    "Migrations must run through the CLI.",
    "You should use bun instead of node for scripts.",
    "We use pnpm workspaces.",
    "We're using Postgres 16 in production.",
    "I prefer small, focused PRs.",
    "Make sure the changelog is updated.",
    "The convention is kebab-case file names.",
    "From now on, use tabs instead of spaces.",
    "We decided to keep the store in SQLite.",
    "Avoid default exports.",
    "Use Bun rather than Node for scripts.",
    "Files that never change should be cached.",
    "Releases always go through the staging cluster first.",
  ]
  for (const rule of rules) {
    test(rule, () => expect(facts(rule)).toEqual([rule]))
  }
})

describe("facts: what is not a decision", () => {
  const notRules = [
    "how do we deploy?",
    "Should we use Redis here?",
    "Should we always run the linter in CI",
    "Can you make sure the tests pass",
    "Do we always need to rebuild?",
    "What should the default port be",
    "It always fails on Safari.",
    "I've never seen this error before.",
    "I don't know why it crashes.",
    "We don't know why it crashes.",
    "It must be a caching issue.",
    "That should fix it.",
    "Thanks, this should work now.",
    "You should see a login page now.",
    "I think we should maybe switch to vitest.",
    "Don't worry about the lint warnings.",
    "As always, thanks for the help.",
    "I added a retry to avoid the flaky failure.",
    "I wanted to make sure it was not the cache.",
    "Fix the bug in parseConfig.",
    "We used Redis before.",
    "Never mind, it works.",
  ]
  for (const text of notRules) {
    test(text, () => expect(facts(text)).toEqual([]))
  }
})

describe("facts: structure", () => {
  test("one fact per sentence, list markers and headings stripped, abbreviations not split", () => {
    const text = [
      "## Rules",
      "- We use bun, e.g. `bun test`, never npm.",
      "* Never edit dist/ by hand. It is generated.",
      "1. Must be quick",
    ].join("\n")
    expect(facts(text)).toEqual([
      "We use bun, e.g. `bun test`, never npm.",
      "Never edit dist/ by hand.",
      "Must be quick",
    ])
  })

  test("fenced code, quoted lines, indented code and pasted log lines are not the user's words", () => {
    const text = [
      "```",
      "You must always check the port.",
      "```",
      "> Always use npm",
      "    never_called_directly = true  # must stay",
      "npm ERR! you must be logged in",
      "error: you should set an upstream branch",
      "That was the old advice.",
    ].join("\n")
    expect(facts(text)).toEqual([])
  })

  test("a long sentence is cut at a word boundary near 300 characters", () => {
    const sentence = "Always " + "keep the generated client in sync with the schema and ".repeat(10) + "the tests."
    const [fact] = facts(sentence)
    expect(fact!.length).toBeLessThanOrEqual(300)
    expect(fact!.endsWith("…")).toBe(true)
    expect(fact!.startsWith("Always keep the generated client")).toBe(true)
  })

  test("pastes that are not sentences are skipped, and at most eight facts a message", () => {
    expect(facts("must " + "x".repeat(700))).toEqual([])
    const many = Array.from({ length: 12 }, (_, i) => `- Never touch module${i}.`).join("\n")
    expect(facts(many)).toHaveLength(8)
  })

  test("duplicates collapse; curly apostrophes count", () => {
    expect(facts("Don’t use var. Don’t use var.")).toEqual(["Don’t use var."])
  })
})
