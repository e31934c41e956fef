import { describe, expect, test } from "bun:test"
import { Database } from "bun:sqlite"
import fs from "node:fs"
import path from "node:path"
import type { SidebarLine, SidebarModel } from "../../../src/status/sidebar.ts"
import { writeHalf } from "../../../src/store/halves.ts"
import { openStore } from "../../../src/store/open.ts"
import { applyWrites } from "../../../src/store/writes.ts"
import { VERSION } from "../../../src/version.ts"
import { readSidebar, readSidebarFor, sidebarFeed, type SidebarRead } from "../../../tui/sidebar-data.ts"
import { fakeTuiApi } from "../helpers/fake-tui-api.ts"
import { tempDir } from "../helpers/tmp.ts"

const root = tempDir()
const lines = (m: SidebarModel) => m.lines.map((l: SidebarLine) => l.map((s) => s.text).join(""))

function store(name: string, extensions: unknown[] = [{ name: "sessions", state: "active", source: "builtin", breaker: "closed" }]) {
  const file = path.join(root, name)
  const opened = openStore(file)
  if (!opened.ok) throw new Error(opened.error)
  const { db } = opened.value
  writeHalf(db, { half: "server", directory: "/proj", pid: 4242, version: VERSION, startedAt: 1, heartbeatAt: 2, status: { extensions } })
  const tokens = { input: 11, output: 7, reasoning: 0, cacheRead: 0, cacheWrite: 0 }
  applyWrites(db, [
    { kind: "message", id: "msg_1", sessionID: "ses_a", project: "/proj", role: "assistant", tokens, cost: 0.5, createdAt: 1, completedAt: 2 },
    { kind: "message", id: "msg_2", sessionID: "ses_a", project: "/proj", role: "assistant", tokens: { ...tokens, output: 1989 }, createdAt: 3, completedAt: 4 },
  ])
  db.close()
  return file
}

describe("readSidebar", () => {
  test("a live server half and this session's usage, read from a real store", () => {
    const file = store("live.db")
    const read = readSidebar(file, "/proj", "ses_a", (pid) => pid === 4242)
    expect(read.error).toBeUndefined()
    expect(read.model.title).toBe("Switchboard")
    expect(lines(read.model)).toEqual(["extensions 1/1 healthy", "tokens 2k · $0.50", "▁█ per reply"])
  })

  test("a dead server half is not trusted; another session has no usage", () => {
    const read = readSidebar(store("dead.db"), "/proj", "ses_other", () => false)
    expect(lines(read.model)).toEqual(["server half not seen", "tokens 0 · $0.00"])
  })

  test("no store (opencode attach to another machine): one muted line, a reason for the console, nothing created", () => {
    const file = path.join(root, "elsewhere", "none.db")
    const read = readSidebar(file, "/proj", "ses_a")
    expect(read.model.lines).toEqual([[{ text: "store not reachable", tone: "muted" }]])
    expect(read.error).toContain("no store at")
    expect(fs.existsSync(file)).toBe(false)
  })

  test("a store that is not a switchboard store, or from a newer one, is said so, never thrown", () => {
    const blank = path.join(root, "blank.db")
    new Database(blank, { create: true }).close()
    expect(lines(readSidebar(blank, "/proj", "ses_a").model)).toEqual(["store not initialised yet"])
    const newer = store("newer.db")
    const db = new Database(newer)
    db.run("PRAGMA user_version = 999")
    db.close()
    expect(lines(readSidebar(newer, "/proj", "ses_a").model)).toEqual(["store is from a newer switchboard"])
    const junk = path.join(root, "junk.db")
    fs.writeFileSync(junk, "not a database at all, just text that is long enough to look like a header".repeat(20))
    const read = readSidebar(junk, "/proj", "ses_a")
    expect(lines(read.model)).toEqual(["store not readable"])
    expect(read.error).toBeTruthy()
  })

  test("readSidebarFor takes the store path from the plugin options and the project from the TUI", () => {
    const file = store("api.db")
    const fake = fakeTuiApi("/proj", [["opencode-switchboard", { store: { path: file } }]])
    const read = readSidebarFor(fake.api, "ses_a")
    expect(lines(read.model)[1]).toBe("tokens 2k · $0.50")
  })

  test("the connection is closed after each read: no file handle outlives it", () => {
    // Written in another process: a writer's connection here would keep SQLite's shared file handles around.
    const file = path.join(root, "closed.db")
    const script = `
      const { openStore } = await import(${JSON.stringify(path.resolve(import.meta.dir, "../../../src/store/open.ts"))})
      const opened = openStore(${JSON.stringify(file)})
      if (!opened.ok) process.exit(1)
      opened.value.db.close()`
    expect(Bun.spawnSync([process.execPath, "-e", script]).exitCode).toBe(0)
    const handles = () =>
      fs.readdirSync("/proc/self/fd").filter((fd) => {
        try {
          return fs.readlinkSync(`/proc/self/fd/${fd}`).startsWith(file)
        } catch {
          return false
        }
      })
    for (let i = 0; i < 50; i++) expect(lines(readSidebar(file, "/proj", "ses_a", () => true).model)[0]).toBe("server half not seen")
    expect(handles()).toEqual([])
  })
})

describe("sidebarFeed", () => {
  const model = (text: string): SidebarModel => ({ title: "Switchboard", lines: [[{ text, tone: "muted" }]] })

  test("reads watched sessions soon after they appear, on every tick, and publishes only changes", async () => {
    let n = 0
    const reads: string[] = []
    const published: ReadonlyMap<string, SidebarModel>[] = []
    const read = (id: string): SidebarRead => {
      reads.push(id)
      return { model: model(`${id}:${Math.floor(n / 3)}`) }
    }
    const feed = sidebarFeed(read, (m) => published.push(m), { refreshMs: 40, settleMs: 10 })
    await Bun.sleep(60)
    expect(reads).toEqual([]) // nothing on screen, nothing read
    const stop = feed.watch("ses_a")
    expect(feed.watching("ses_a")).toBe(true)
    await Bun.sleep(5)
    expect(published.length).toBe(1)
    expect(published[0]?.get("ses_a")).toEqual(model("ses_a:0"))
    await Bun.sleep(100)
    const before = published.length
    expect(reads.length).toBeGreaterThan(1)
    expect(before).toBe(1) // same content on later ticks: no new frame
    n = 3
    feed.nudge()
    await Bun.sleep(25)
    expect(published.at(-1)?.get("ses_a")).toEqual(model("ses_a:1"))
    stop()
    stop() // twice is harmless
    expect(feed.watching("ses_a")).toBe(false)
    const count = reads.length
    await Bun.sleep(100)
    expect(reads.length).toBe(count)
    feed.dispose()
  })

  test("two slots on one session: it stays watched until both are gone; dispose stops everything", async () => {
    const reads: string[] = []
    const feed = sidebarFeed((id) => (reads.push(id), { model: model(id) }), () => {}, { refreshMs: 20 })
    const a = feed.watch("s")
    const b = feed.watch("s")
    a()
    expect(feed.watching("s")).toBe(true)
    b()
    expect(feed.watching("s")).toBe(false)
    feed.watch("s")
    feed.dispose()
    const count = reads.length
    await Bun.sleep(60)
    expect(reads.length).toBe(count)
  })

  test("a read's error reaches the log once per distinct reason", async () => {
    const logs: string[] = []
    const feed = sidebarFeed(() => ({ model: model("x"), error: "no store at /x" }), () => {}, { refreshMs: 10, log: (l) => logs.push(l) })
    feed.watch("s")
    await Bun.sleep(60)
    feed.dispose()
    expect(logs).toEqual(["[switchboard] sidebar: no store at /x"])
  })
})
