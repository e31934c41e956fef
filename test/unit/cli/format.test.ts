import { describe, expect, test } from "bun:test"
import { csvField, csvRecord } from "../../../src/cli/csv.ts"
import { parseJsonc } from "../../../src/cli/jsonc.ts"
import { progressLine } from "../../../src/cli/progress.ts"
import { table, truncate } from "../../../src/cli/table.ts"
import { ago, parseTime } from "../../../src/time.ts"

describe("csv", () => {
  test("quotes a field only when it holds a comma, a quote, CR or LF; doubles quotes", () => {
    expect(csvField("plain")).toBe("plain")
    expect(csvField("a,b")).toBe('"a,b"')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
    expect(csvField("two\nlines")).toBe('"two\nlines"')
    expect(csvField("cr\r")).toBe('"cr\r"')
    expect(csvField(" padded ")).toBe(" padded ")
    expect(csvField(null)).toBe("")
    expect(csvField(undefined)).toBe("")
    expect(csvField(0)).toBe("0")
    expect(csvField(false)).toBe("false")
  })

  test("records end with CRLF", () => {
    expect(csvRecord(["a", 1, null, 'x"y'])).toBe('a,1,,"x""y"\r\n')
  })
})

describe("parseJsonc", () => {
  test("line and block comments, trailing commas, a BOM", () => {
    const text =
      '\uFEFF{\n  // the plugins\n  "plugin": ["a", /* inline */ "b",],\n  /* block\n comment */ "x": { "y": 1, },\n}\n'
    expect(parseJsonc(text)).toEqual({ ok: true, value: { plugin: ["a", "b"], x: { y: 1 } } })
  })

  test("comment markers and commas inside strings are data", () => {
    const text = '{ "url": "https://example.com/a//b", "glob": "/* not a comment */", "s": "a,]", "q": "\\"//\\"" }'
    expect(parseJsonc(text)).toEqual({
      ok: true,
      value: { url: "https://example.com/a//b", glob: "/* not a comment */", s: "a,]", q: '"//"' },
    })
  })

  test("agrees with Bun's own JSONC parser on a typical opencode.jsonc", () => {
    const text = [
      "{",
      '  "$schema": "https://opencode.ai/config.json", // schema',
      '  "plugin": [["opencode-switchboard", { "store": { "path": "/x" } },],],',
      "}",
    ].join("\n")
    const ours = parseJsonc(text)
    expect(ours.ok && ours.value).toEqual(Bun.JSONC.parse(text) as object)
  })

  test("other syntax errors stay errors", () => {
    expect(parseJsonc('{ "a": }').ok).toBe(false)
    expect(parseJsonc("{ /* never closed ").ok).toBe(false)
    expect(parseJsonc("[1,,]").ok).toBe(false)
    expect(parseJsonc("").ok).toBe(false)
  })
})

describe("table", () => {
  test("aligns columns, right-aligns numbers on request, trims trailing spaces", () => {
    const columns = [{ header: "NAME" }, { header: "N", align: "right" as const }, { header: "NOTE" }]
    const lines = table(columns, [["a", 1, ""], ["longer", 100, "x"]])
    expect(lines).toEqual(["NAME      N  NOTE", "a         1", "longer  100  x"])
  })

  test("cuts long cells with an ellipsis, by terminal width", () => {
    expect(truncate("abcdefgh", 5)).toBe("abcd…")
    expect(truncate("abc", 5)).toBe("abc")
    expect(truncate("日本語のテキスト", 7)).toBe("日本語…")
    expect(table([{ header: "T", max: 4 }], [["abcdef"]])).toEqual(["T", "abc…"])
  })

  test("control characters become spaces", () => {
    expect(table([{ header: "T" }], [["a\nb\u001b[31m"]])).toEqual(["T", "a b [31m"])
  })
})

describe("time", () => {
  const now = Date.UTC(2025, 0, 10, 12, 0, 0)
  test("durations back from now and ISO dates", () => {
    expect(parseTime("2h", now)).toEqual({ ok: true, value: now - 2 * 3_600_000 })
    expect(parseTime("3d", now)).toEqual({ ok: true, value: now - 3 * 86_400_000 })
    expect(parseTime("90s", now)).toEqual({ ok: true, value: now - 90_000 })
    expect(parseTime("1w", now)).toEqual({ ok: true, value: now - 7 * 86_400_000 })
    expect(parseTime("2025-01-09T10:00:00Z", now)).toEqual({ ok: true, value: Date.UTC(2025, 0, 9, 10) })
    expect(parseTime("2025-01-09", now)).toEqual({ ok: true, value: Date.UTC(2025, 0, 9) })
  })

  test("anything else is refused", () => {
    for (const bad of ["yesterday", "2h ago", "-2h", "12", "2025-13-45", "Jan 5"]) expect(parseTime(bad, now).ok).toBe(false)
  })

  test("ago", () => {
    expect(ago(now - 5000, now)).toBe("5s ago")
    expect(ago(now - 5 * 60_000, now)).toBe("5m ago")
    expect(ago(now - 3 * 3_600_000, now)).toBe("3h ago")
    expect(ago(now - 2 * 86_400_000, now)).toBe("2d ago")
  })
})

describe("progress", () => {
  test("rows done of the total, percent and rate", () => {
    const bar = `${"█".repeat(12)}${"░".repeat(12)}`
    expect(progressLine(50_000, 100_000, 2000)).toBe(`${bar}  50%  50,000 / 100,000 rows  25.0k rows/s`)
  })
})
