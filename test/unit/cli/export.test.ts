import { describe, expect, test } from "bun:test"
import fs from "node:fs"
import path from "node:path"
import { DAY1, event, populated, run, sid, world, write } from "./fixture.ts"

const f = populated()
const big = world()
write(big.store, Array.from({ length: 10_050 }, (_, i) => event(big.project, DAY1 + i, "tool.completed", `call ${i}`)))

/** Splits CSV text into records of fields, honouring quotes (a minimal reader for the checks below). */
function readCsv(text: string): string[][] {
  const records: string[][] = []
  let field = ""
  let record: string[] = []
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"'
      i++
    } else if (c === '"') quoted = !quoted
    else if (quoted) field += c
    else if (c === ",") {
      record.push(field)
      field = ""
    } else if (c === "\r" && text[i + 1] === "\n") {
      records.push([...record, field])
      record = []
      field = ""
      i++
    } else field += c
  }
  return records
}

describe("switchboard export", () => {
  test("events as CSV: header row, CRLF records, RFC 4180 quoting of commas, quotes and newlines", async () => {
    const r = await run(f, ["export", "events", "--format", "csv"])
    expect(r.code).toBe(0)
    expect(r.written).toStartWith("id,at,time,sessionID,type,summary,data,truncated\r\n")
    expect(r.written).toContain('"{""note"":""line1\\nline2, \\""q\\""""}"')
    const records = readCsv(r.written)
    expect(records).toHaveLength(7)
    const time = new Date(DAY1).toISOString()
    expect(records[1]).toEqual(["1", String(DAY1), time, sid(1), "session.created", "Fix the bug", "{}", "false"])
    expect(JSON.parse(records[6]![6]!)).toEqual({ note: 'line1\nline2, "q"' })
  })

  test("events as JSON (the default): one array, oldest first, data as JSON", async () => {
    const r = await run(f, ["export", "events"])
    const rows = JSON.parse(r.written)
    expect(rows).toHaveLength(6)
    expect(rows[0]).toMatchObject({ id: 1, type: "session.created", data: {}, truncated: false })
    expect(rows[5].data).toEqual({ note: 'line1\nline2, "q"' })
    expect(JSON.parse((await run(f, ["export", "events", "--json", "--type", "nothing"])).written)).toEqual([])
  })

  test("sessions and analytics", async () => {
    const sessions = JSON.parse((await run(f, ["export", "sessions"])).written)
    expect(sessions.map((s: { id: string }) => s.id)).toEqual([sid(1), sid(2), sid(3)])
    expect(sessions[2]).toMatchObject({ title: "Gone", deletedAt: new Date(DAY1).toISOString() })
    const csv = readCsv((await run(f, ["export", "analytics", "--format", "csv"])).written)
    expect(csv[0]).toEqual([
      "day", "sessionID", "title", "messages", "tokensInput", "tokensOutput", "tokensReasoning",
      "tokensCacheRead", "tokensCacheWrite", "cost", "toolCalls", "toolFailures",
    ])
    expect(csv[1]).toEqual(["2025-01-10", sid(1), "Fix the bug", "1", "100", "50", "10", "1000", "5", "0.01", "2", "1"])
    expect(csv).toHaveLength(4)
    const one = JSON.parse((await run(f, ["export", "analytics", "--session", sid(2)])).written)
    expect(one).toEqual([expect.objectContaining({ sessionID: sid(2), cost: 0.005, toolCalls: 1 })])
  })

  test("--out writes a 0600 file, even over an existing one, and says so on stdout", async () => {
    const file = path.join(f.root, "events.csv")
    fs.writeFileSync(file, "old", { mode: 0o644 })
    const r = await run(f, ["export", "events", "--format", "csv", "--out", file])
    expect(r.code).toBe(0)
    expect(r.written).toBe("")
    expect(r.out).toEqual([`exported 6 events rows as CSV to ${file}`])
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
    expect(readCsv(fs.readFileSync(file, "utf8"))).toHaveLength(7)
  })

  test("--out refuses a symbolic link at the path and leaves its target alone", async () => {
    const target = path.join(f.root, "target.txt")
    fs.writeFileSync(target, "keep")
    const link = path.join(f.root, "link.csv")
    fs.symlinkSync(target, link)
    const r = await run(f, ["export", "events", "--out", link])
    expect(r.code).toBe(1)
    expect(r.err[0]).toContain("symbolic link")
    expect(fs.readFileSync(target, "utf8")).toBe("keep")
  })

  test("a progress bar on a terminal stderr for more than 10k rows, and never with --json or off a terminal", async () => {
    const tty = await run(big, ["export", "events", "--format", "csv"], { errIsTTY: true })
    expect(tty.code).toBe(0)
    expect(tty.stderr).toMatch(/█+░*\s+\d+%\s+[\d,]+ \/ 10,050 rows\s+[\d.]+[kM]? rows\/s/)
    expect(tty.stderr.endsWith("\r\x1b[2K")).toBe(true)
    expect(readCsv(tty.written)).toHaveLength(10_051)
    expect((await run(big, ["export", "events", "--json"], { errIsTTY: true })).stderr).toBe("")
    expect((await run(big, ["export", "events"], { errIsTTY: false })).stderr).toBe("")
    expect((await run(f, ["export", "events"], { errIsTTY: true })).stderr).toBe("")
    // Rows printed on the terminal itself: no bar tearing them up; with --out, the bar is back.
    const terminal = { errIsTTY: true, outIsTTY: true }
    expect((await run(big, ["export", "events"], terminal)).stderr).toBe("")
    const out = path.join(big.root, "big.json")
    expect((await run(big, ["export", "events", "--out", out], terminal)).stderr).toContain("10,050 rows")
  })

  test("a reader that goes away (EPIPE) ends the export quietly with 141, like SIGPIPE", async () => {
    const write = () => Promise.reject(new Error("EPIPE: broken pipe, write"))
    const r = await run(big, ["export", "events", "--format", "csv"], { write })
    expect(r).toMatchObject({ code: 141, err: [], out: [] })
  })

  test("bad usage exits 2", async () => {
    for (const args of [
      ["export"],
      ["export", "planets"],
      ["export", "events", "--format", "xml"],
      ["export", "events", "--json", "--format", "csv"],
      ["export", "sessions", "--type", "x"],
      ["export", "analytics", "--type", "x"],
      ["export", "events", "--since", "soon"],
    ]) {
      expect((await run(f, args)).code).toBe(2)
    }
  })
})
