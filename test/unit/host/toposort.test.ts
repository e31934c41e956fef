import { describe, expect, test } from "bun:test"
import { toposort } from "../../../src/host/toposort.ts"

const node = (name: string, ...dependencies: string[]) => ({ name, dependencies })

describe("toposort", () => {
  test("dependencies first, otherwise input order", () => {
    const result = toposort([node("c", "b"), node("a"), node("b", "a"), node("d")])
    expect(result.order).toEqual(["a", "b", "c", "d"])
    expect(result.failed.size).toBe(0)
  })

  test("missing dependency", () => {
    const result = toposort([node("a", "ghost"), node("b", "a")])
    expect(result.failed.get("a")).toBe('missing dependency "ghost"')
    expect(result.failed.has("b")).toBe(false)
    expect(result.order).toEqual(["a", "b"])
  })

  test("every member of a cycle fails with its own path; outsiders are ordered", () => {
    const result = toposort([node("a", "b"), node("b", "c"), node("c", "a"), node("d", "a"), node("e")])
    expect(result.failed.get("a")).toBe("dependency cycle: a → b → c → a")
    expect(result.failed.get("b")).toBe("dependency cycle: b → c → a → b")
    expect(result.failed.get("c")).toBe("dependency cycle: c → a → b → c")
    expect(result.failed.has("d")).toBe(false)
    expect(result.order).toEqual(["d", "e"])
  })

  test("self-dependency is a cycle", () => {
    expect(toposort([node("a", "a")]).failed.get("a")).toBe("dependency cycle: a → a")
  })
})
