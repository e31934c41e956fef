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

  test("help names every command and flag; --help after a command is help too", async () => {
    const c = capture()
    expect(await main(["--help"], c.out, c.out)).toBe(0)
    const help = c.lines.join("\n")
    for (const word of ["status", "ext", "sessions", "resume", "events", "export", "doctor", "version"]) {
      expect(help).toContain(`  ${word}`)
    }
    for (const flag of ["--pane", "--all-panes", "--exec", "--type", "--session", "--since", "--until", "--limit", "--offset"]) {
      expect(help).toContain(flag)
    }
    for (const flag of ["--by", "--format", "--out", "--dir", "--json"]) expect(help).toContain(flag)
    const again = capture()
    expect(await main(["events", "--help"], again.out, again.out)).toBe(0)
    expect(again.lines.join("\n")).toBe(help)
  })

  test("an option a command does not take is bad usage, exit 2", async () => {
    const c = capture()
    expect(await main(["doctor", "--by", "type"], c.out, c.out)).toBe(2)
    expect(c.lines[0]).toStartWith("switchboard doctor: ")
  })
})
