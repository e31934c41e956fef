import { describe, expect, test } from "bun:test"
import { redact } from "../../../src/knowledge/redact.ts"
import { entropy, keyStrength, looksRandom } from "../../../src/knowledge/redact-rules.ts"
import benign from "../../fixtures/secrets/benign.json"
import corpus from "../../fixtures/secrets/corpus.json"
import type { CorpusEntry } from "../../fixtures/secrets/generate.ts"

const entries: CorpusEntry[] = corpus

// What reaches the store is redact(text).text, and the store indexes and recalls fragments of it. So a secret
// leaks not only whole but as any piece long enough to narrow it down: no 8-character window of a secret may
// survive, unless that window also occurs in the text outside every secret (common words around it).
const WINDOW = 8
function leaks(entry: CorpusEntry, out: string): string[] {
  let rest = entry.text
  for (const s of entry.secrets) rest = rest.split(s).join("\u0000")
  const found: string[] = []
  for (const s of entry.secrets) {
    if (s.length < WINDOW) {
      if (out.includes(s) && !rest.includes(s)) found.push(s)
      continue
    }
    for (let i = 0; i + WINDOW <= s.length; i++) {
      const w = s.slice(i, i + WINDOW)
      if (out.includes(w) && !rest.includes(w)) {
        found.push(w)
        break
      }
    }
  }
  return found
}

describe("corpus", () => {
  test("holds at least 120 fake credentials, <private> spans aside", () => {
    const credentials = entries.filter((e) => !e.name.startsWith("private"))
    expect(credentials.reduce((n, e) => n + e.secrets.length, 0)).toBeGreaterThanOrEqual(120)
  })

  for (const entry of entries) {
    test(entry.name, () => {
      const r = redact(entry.text)
      expect({ name: entry.name, leaks: leaks(entry, r.text) }).toEqual({ name: entry.name, leaks: [] })
      expect(r.found).toBe(entry.found ?? entry.secrets.length)
      for (const kind of entry.kinds ?? []) expect(r.kinds).toContain(kind)
      expect(redact(r.text)).toEqual({ text: r.text, found: 0, kinds: [] })
    })
  }
})

describe("benign lines stay as they are", () => {
  for (const line of benign) {
    test(line.slice(0, 80), () => {
      expect(redact(line)).toEqual({ text: line, found: 0, kinds: [] })
    })
  }
})

describe("<private>", () => {
  test("a span goes, the text around it stays", () => {
    expect(redact("a <private>b</private> c")).toEqual({ text: "a [private] c", found: 1, kinds: ["private"] })
  })

  test("tags are case-insensitive and may span lines", () => {
    expect(redact("x <PRIVATE>\n1\n2\n</Private> y").text).toBe("x [private] y")
  })

  test("an unclosed tag removes everything after it", () => {
    expect(redact("keep <private>gone\nand gone").text).toBe("keep [private]")
  })

  test("nesting counts: the outer span goes whole", () => {
    expect(redact("<private>a<private>b</private>c</private>d").text).toBe("[private]d")
  })

  test("a stray closing tag and look-alike tags stay", () => {
    const text = "a </private> b <private-key> <privateKey>"
    expect(redact(text)).toEqual({ text, found: 0, kinds: [] })
  })

  test("secrets outside the span are still redacted", () => {
    const r = redact("<private>x</private> token: ghp_FAKE0123456789abcdefghijklmnopqrstuv")
    expect(r.text).toBe("[private] token: [REDACTED:github-token]")
    expect(r).toMatchObject({ found: 2, kinds: ["github-token", "private"] })
  })
})

describe("shape of the result", () => {
  test("passwords in URLs keep scheme, user and host", () => {
    const r = redact("postgres://app:Pg-FAKE1234@db:5432/app")
    expect(r.text).toBe("postgres://app:[REDACTED:url-password]@db:5432/app")
  })

  test("an assignment keeps its key", () => {
    expect(redact("DB_PASSWORD=hunter2").text).toBe("DB_PASSWORD=[REDACTED:password]")
  })

  test("a repeated secret counts each time", () => {
    const k = "npm_FAKE0123456789abcdefghijklmnopqrstuv"
    expect(redact(`${k} ${k}`)).toMatchObject({ found: 2, kinds: ["npm-token"] })
  })

  test("idempotent on its own markers, even written by hand", () => {
    const text = "token: [REDACTED:github-token] password: [REDACTED:password] [private]"
    expect(redact(text)).toEqual({ text, found: 0, kinds: [] })
  })
})

describe("what stays", () => {
  test("a commit hash after a secret word without a separator is kept, with one it is not", () => {
    const sha = "9fceb02d0ae598e95dc970b74767f19372d61af8"
    expect(redact(`fix token refresh (${sha})`).found).toBe(0)
    expect(redact(`token: ${sha}`).text).toBe("token: [REDACTED:secret]")
  })

  test("placeholders and references are not secrets", () => {
    for (const line of ["API_KEY=${API_KEY}", "password: <your-password>", "TOKEN=$GITHUB_TOKEN", 'secret: "***"']) {
      expect(redact(line).found).toBe(0)
    }
  })
})

describe("helpers", () => {
  test("entropy separates words from random strings", () => {
    expect(entropy("aaaaaaaa")).toBe(0)
    expect(entropy("configuration")).toBeLessThan(3.5)
    expect(looksRandom("configuration_value_2024")).toBe(false)
    expect(looksRandom("user_id_v2_migration_2024")).toBe(false)
    expect(looksRandom("7f3kQ9xL2mN8vB4cR1tY6wZ0")).toBe(true)
    expect(looksRandom("550e8400-e29b-41d4-a716-446655440000")).toBe(false)
  })

  test("key names", () => {
    expect(keyStrength("DB_PASSWORD")).toBe("strong")
    expect(keyStrength("clientSecret")).toBe("strong")
    expect(keyStrength("SECRET_KEY_BASE")).toBe("strong")
    expect(keyStrength("OPENAI_KEY")).toBe("weak")
    expect(keyStrength("sortKey")).toBe("none")
    expect(keyStrength("MAX_TOKENS")).toBe("none")
    expect(keyStrength("TOKEN_URL")).toBe("none")
  })
})

describe("hostile input stays linear", () => {
  // Each of these was quadratic or worse in a draft (a rule reading to the end of a long line at every hit). The
  // generous timeout only catches that class of bug again; it says nothing about speed.
  const cases = {
    "password= repeated on one line": "password= ".repeat(5000),
    "key: repeated on one line": "key: ".repeat(5000),
    "cookie headers on one line": "Cookie: a=b ".repeat(5000),
    "sk- repeated": "sk-".repeat(15000),
    "unclosed PEM headers": "-----BEGIN PRIVATE KEY-----".repeat(2000),
    "one long token after a secret word": "token " + "x".repeat(50000),
  }
  for (const [name, text] of Object.entries(cases)) {
    test(name, () => {
      const r = redact(text)
      expect(redact(r.text).text).toBe(r.text)
    }, 30_000)
  }
})

// Cost per KB, printed and never asserted: machine speed must not fail the suite.
test("cost per KB (printed)", () => {
  const sample = [...benign, ...entries.map((e) => e.text)].join("\n")
  const kb = sample.length / 1024
  const prose = "The build failed in src/store/writer.ts because the migration ran twice; see the log below.\n".repeat(
    Math.ceil(sample.length / 90),
  )
  for (const [label, text] of [
    ["corpus+benign", sample],
    ["plain prose", prose],
  ] as const) {
    for (let i = 0; i < 5; i++) redact(text)
    const runs = 50
    const t0 = performance.now()
    for (let i = 0; i < runs; i++) redact(text)
    const us = ((performance.now() - t0) * 1000) / runs / (text.length / 1024)
    console.log(`redact ${label}: ${us.toFixed(1)} µs/KB over ${(text.length / 1024).toFixed(1)} KB`)
  }
  expect(kb).toBeGreaterThan(0)
})
