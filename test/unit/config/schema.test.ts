import { describe, expect, test } from "bun:test"
import { parsePluginOptions, showValue } from "../../../src/config/schema.ts"

describe("parsePluginOptions", () => {
  test("a good config parses with defaults filled in", () => {
    const parsed = parsePluginOptions({
      extensions: {
        notes: { path: "./ext/notes.ts", stability: { timeoutMs: 2000, maxHeapDeltaMb: 12.5 }, options: { x: 1 } },
        lint: { package: "switchboard-lint", enabled: false },
        memory: { enabled: false },
      },
      hotReload: false,
      contextBudgetTokens: 500,
      store: { path: "/tmp/s.db" },
    })
    expect(parsed.errors).toEqual([])
    expect(parsed.warnings).toEqual([])
    expect(parsed.entryErrors).toEqual({})
    expect(parsed.options).toEqual({
      extensions: {
        notes: {
          path: "./ext/notes.ts",
          enabled: true,
          stability: { timeoutMs: 2000, maxHeapDeltaMb: 12.5 },
          options: { x: 1 },
        },
        lint: { package: "switchboard-lint", enabled: false },
        memory: { enabled: false },
      },
      discover: true,
      hotReload: false,
      contextBudgetTokens: 500,
      store: { path: "/tmp/s.db", retentionDays: 90 },
    })
  })

  test("no options at all (plugin listed as a bare string) gives the defaults", () => {
    for (const raw of [undefined, null, {}]) {
      const parsed = parsePluginOptions(raw)
      expect(parsed.errors).toEqual([])
      const defaults = { extensions: {}, discover: true, hotReload: true, contextBudgetTokens: 2000, store: { retentionDays: 90 } }
      expect(parsed.options).toEqual(defaults)
    }
  })

  test("a bad entry is isolated with a message naming the field and the value", () => {
    const parsed = parsePluginOptions({
      extensions: { foo: { stability: { timeoutMs: -5 } }, bar: { enabled: true } },
      contextBudgetTokens: 100,
    })
    expect(parsed.entryErrors).toEqual({
      foo: "extensions.foo.stability.timeoutMs: expected a positive integer, got -5",
    })
    expect(parsed.errors).toEqual([])
    expect(Object.keys(parsed.options.extensions)).toEqual(["bar"])
    expect(parsed.options.contextBudgetTokens).toBe(100)
  })

  test("entry problems: both path and package, wrong types, typos, bad names", () => {
    const { entryErrors, options } = parsePluginOptions({
      extensions: {
        both: { path: "a.ts", package: "b" },
        flag: { enabled: "yes" },
        typo: { enable: false },
        scalar: 5,
        "Bad Name": {},
        heap: { stability: { maxHeapDeltaMb: 0 } },
      },
    })
    expect(entryErrors.both).toBe('extensions.both: give either "path" or "package", not both')
    expect(entryErrors.flag).toBe('extensions.flag.enabled: expected true or false, got "yes"')
    expect(entryErrors.typo).toContain('extensions.typo: unknown key "enable"')
    expect(entryErrors.scalar).toBe("extensions.scalar: expected an object, got 5")
    expect(entryErrors["Bad Name"]).toContain("extensions.Bad Name: expected a name of lower-case letters")
    expect(entryErrors.heap).toBe("extensions.heap.stability.maxHeapDeltaMb: expected a positive number, got 0")
    expect(options.extensions).toEqual({})
  })

  test("a bad top-level field is an error and falls back to its default", () => {
    const parsed = parsePluginOptions({ contextBudgetTokens: 1.5, discover: "no", extensions: { ok: {} } })
    expect(parsed.errors).toEqual([
      'discover: expected true or false, got "no" (using the default, true)',
      "contextBudgetTokens: expected a positive integer, got 1.5 (using the default, 2000)",
    ])
    expect(parsed.options.discover).toBe(true)
    expect(parsed.options.contextBudgetTokens).toBe(2000)
    expect(parsed.options.extensions).toEqual({ ok: { enabled: true } })
  })

  test("extensions that is not an object is an error, other fields still apply", () => {
    const parsed = parsePluginOptions({ extensions: ["a"], hotReload: false })
    expect(parsed.errors).toEqual(['extensions: expected an object of entries by name, got ["a"]'])
    expect(parsed.options.extensions).toEqual({})
    expect(parsed.options.hotReload).toBe(false)
  })

  test("options that are not an object are an error with all defaults", () => {
    const parsed = parsePluginOptions("fast")
    expect(parsed.errors).toEqual(['options: expected an object, got "fast" (using the defaults)'])
    expect(parsed.options.contextBudgetTokens).toBe(2000)
  })

  test("unknown top-level keys are warnings, with a hint for a case typo", () => {
    const parsed = parsePluginOptions({ hotreload: false, colour: "red" })
    expect(parsed.errors).toEqual([])
    expect(parsed.warnings).toEqual([
      'unknown option "hotreload" is ignored (did you mean "hotReload"?)',
      'unknown option "colour" is ignored (known options: extensions, discover, hotReload, contextBudgetTokens, store)',
    ])
    expect(parsed.options.hotReload).toBe(true)
  })
})

describe("showValue", () => {
  test("short values verbatim, long ones summarised", () => {
    expect(showValue(-5)).toBe("-5")
    expect(showValue("x")).toBe('"x"')
    expect(showValue(undefined)).toBe("nothing")
    expect(showValue({ a: "x".repeat(50) })).toBe("an object")
    expect(showValue("y".repeat(60))).toEndWith("...")
  })
})

test("store.retentionDays must be a whole number of days; a bad value falls back to 90", () => {
  const parsed = parsePluginOptions({ store: { retentionDays: -1 } })
  expect(parsed.options.store.retentionDays).toBe(90)
  expect(parsed.errors.join("\n")).toContain("store.retentionDays: expected a whole number of days, 0 or more, got -1")
})
