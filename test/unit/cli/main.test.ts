import { describe, expect, test } from "bun:test"
import { main } from "../../../src/cli/main.ts"
import { VERSION } from "../../../src/version.ts"

function capture() {
  const lines: string[] = []
  return { lines, out: (s: string) => lines.push(s) }
}

describe("switchboard CLI", () => {
  test("version prints the version, exit 0", async () => {
    const c = capture()
    expect(await main(["version"], c.out, c.out)).toBe(0)
    expect(c.lines).toEqual([VERSION])
  })

  test("an unknown command is bad usage, exit 2, with the usage text", async () => {
    const c = capture()
    expect(await main(["frobnicate"], c.out, c.out)).toBe(2)
    expect(c.lines.join("\n")).toContain('unknown command "frobnicate"')
  })

  test("status --json reports a missing store with exit 1", async () => {
    const prev = process.env.SWITCHBOARD_DATA_DIR
    process.env.SWITCHBOARD_DATA_DIR = "/nonexistent/switchboard-test"
    try {
      const c = capture()
      expect(await main(["status", "--json", "--dir", "/proj"], c.out, c.out)).toBe(1)
      const report = JSON.parse(c.lines[0]!)
      expect(report.store).toMatchObject({ ok: false, path: "/nonexistent/switchboard-test/switchboard.db" })
    } finally {
      if (prev === undefined) delete process.env.SWITCHBOARD_DATA_DIR
      else process.env.SWITCHBOARD_DATA_DIR = prev
    }
  })
})
