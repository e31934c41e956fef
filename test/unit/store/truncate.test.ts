import { describe, expect, test } from "bun:test"
import { boundValue, truncateUtf8 } from "../../../src/store/truncate.ts"

const bytes = (s: string) => new TextEncoder().encode(s).length

describe("truncateUtf8", () => {
  test("leaves short text alone", () => {
    expect(truncateUtf8("hello", 10)).toEqual({ value: "hello", truncated: false })
  })

  test("never cuts inside a character and records the cut", () => {
    const text = "ab€€€😀😀" // € is 3 bytes, 😀 is 4
    for (let max = 0; max < bytes(text); max++) {
      const t = truncateUtf8(text, max)
      expect(t.truncated).toBe(true)
      expect(bytes(t.value)).toBeLessThanOrEqual(max)
      expect(text.startsWith(t.value)).toBe(true)
      expect(t.value).not.toContain("\uFFFD")
    }
    expect(truncateUtf8(text, 6).value).toBe("ab€")
    expect(truncateUtf8(text, bytes(text))).toEqual({ value: text, truncated: false })
  })
})

describe("boundValue", () => {
  test("bounds strings, arrays and depth, and says so", () => {
    const input = { s: "x".repeat(100), list: Array.from({ length: 10 }, (_, i) => i), deep: { a: { b: { c: 1 } } }, f: () => 1 }
    const out = boundValue(input, { field: 10, items: 3, depth: 3 })
    expect(out.truncated).toBe(true)
    expect(out.value).toEqual({ s: "x".repeat(10), list: [0, 1, 2], deep: { a: { b: "[object]" } } })
  })

  test("small values pass untouched", () => {
    expect(boundValue({ a: [1, "b", null, true] })).toEqual({ value: { a: [1, "b", null, true] }, truncated: false })
  })
})
