// A real store in a temp directory, filled through openStore + applyWrites like the server half fills it, plus the
// session tracker's kv rows; and a runner for main() with an isolated environment.
import fs from "node:fs"
import path from "node:path"
import { main } from "../../../src/cli/main.ts"
import type { Env } from "../../../src/cli/io.ts"
import { detectPane } from "../../../src/sessions/pane.ts"
import type { TrackedPane } from "../../../src/sessions/tracked.ts"
import { openStore } from "../../../src/store/open.ts"
import { TRACKER_EXTENSION } from "../../../src/store/queries.ts"
import { applyWrites, type Write } from "../../../src/store/writes.ts"
import { tempDir } from "../helpers/tmp.ts"

export const sid = (n: number) => `ses_${n.toString(16).padStart(12, "0")}abcdefghijklmn`
export const mid = (n: number) => `msg_${n.toString(16).padStart(12, "0")}abcdefghijklmn`

export const DAY1 = Date.UTC(2025, 0, 10, 12, 0, 0)
export const DAY2 = Date.UTC(2025, 0, 11, 9, 30, 0)

export interface Fixture {
  root: string
  project: string
  store: string
  env: Env
  /** A directory on PATH (the only one) for fake binaries. */
  binDir: string
}

export const paneKey = (id: string) => detectPane({ SWITCHBOARD_PANE_ID: id }, () => undefined).key

/** An empty world: a git project, private config, data and bin dirs, no store yet. */
export function world(): Fixture {
  const root = fs.realpathSync(tempDir("switchboard-cli-"))
  const project = path.join(root, "proj")
  fs.mkdirSync(path.join(project, ".git"), { recursive: true })
  fs.mkdirSync(path.join(project, "sub"), { recursive: true })
  const binDir = path.join(root, "bin")
  fs.mkdirSync(binDir)
  const env: Env = {
    HOME: path.join(root, "home"),
    XDG_CONFIG_HOME: path.join(root, "config"),
    SWITCHBOARD_DATA_DIR: path.join(root, "data"),
    SWITCHBOARD_PANE_ID: "p1",
    PATH: binDir,
  }
  return { root, project, store: path.join(root, "data", "switchboard.db"), env, binDir }
}

/** A finished assistant message; tokens: input, output, reasoning, cache read, cache write. */
export function message(n: number, project: string, sessionID: string, at: number, tokens: number[], cost: number): Write {
  const [input = 0, output = 0, reasoning = 0, cacheRead = 0, cacheWrite = 0] = tokens
  return {
    kind: "message",
    id: mid(n),
    sessionID,
    project,
    role: "assistant",
    tokens: { input, output, reasoning, cacheRead, cacheWrite },
    cost,
    createdAt: at,
    completedAt: at + 500,
  }
}

/** A finished tool call: `ms` long from `start`. */
export function tool(n: number, project: string, sessionID: string, name: string, status: string, start: number, ms: number) {
  const times = { startedAt: start, endedAt: start + ms }
  return { kind: "tool", callID: `call_${n}`, sessionID, project, tool: name, status, ...times, truncated: false } as Write
}

export function event(project: string, at: number, type: string, summary: string, sessionID?: string, data: unknown = {}) {
  return { kind: "event", at, project, sessionID, type, summary, data: JSON.stringify(data), truncated: false } as Write
}

export function putPane(file: string, project: string, pane: TrackedPane | string, updatedAt: number) {
  const opened = openStore(file)
  if (!opened.ok) throw new Error(opened.error)
  const key = typeof pane === "string" ? `pane:${paneKey("bad")}` : `pane:${pane.pane}`
  const value = typeof pane === "string" ? pane : JSON.stringify(pane)
  opened.value.db
    .query("INSERT OR REPLACE INTO kv (project, extension, key, value, updated_at) VALUES (?, ?, ?, ?, ?)")
    .run(project, TRACKER_EXTENSION, key, value, updatedAt)
  opened.value.db.close()
}

export function write(file: string, writes: Write[]) {
  const opened = openStore(file)
  if (!opened.ok) throw new Error(opened.error)
  applyWrites(opened.value.db, writes)
  opened.value.db.close()
}

/** The standard data set: two live sessions and a deleted one in the project, one session elsewhere. */
export function populated(): Fixture & { other: string } {
  const f = world()
  const p = f.project
  const other = path.join(f.root, "other")
  const session = (id: string, project: string, title: string, updatedAt: number, deleted = false): Write => ({
    kind: "session",
    id,
    project,
    directory: project,
    title,
    createdAt: DAY1,
    updatedAt,
    deleted,
  })
  write(f.store, [
    session(sid(1), p, "Fix the bug", DAY1 + 1000),
    session(sid(2), p, 'Write, "quoted" docs', DAY1 + 2000),
    session(sid(3), p, "Gone", DAY1, true),
    session(sid(9), other, "Elsewhere", DAY1),
    message(1, p, sid(1), DAY1, [100, 50, 10, 1000, 5], 0.01),
    message(2, p, sid(1), DAY2, [200, 60, 0, 0, 0], 0.02),
    message(3, p, sid(2), DAY2, [10, 5, 0, 0, 0], 0.005),
    tool(1, p, sid(1), "bash", "completed", DAY1, 100),
    tool(2, p, sid(1), "bash", "error", DAY1 + 10, 300),
    tool(3, p, sid(1), "read", "completed", DAY2, 10),
    tool(4, p, sid(2), "bash", "completed", DAY2, 200),
    event(p, DAY1, "session.created", "Fix the bug", sid(1)),
    event(p, DAY1 + 100, "tool.completed", "bash: ls", sid(1), { tool: "bash" }),
    event(p, DAY1 + 200, "tool.error", "bash: 100% failed_badly", sid(1), { tool: "bash", error: "exit 1" }),
    event(p, DAY2, "message.completed", "anthropic/claude 1000 tokens $0.0100", sid(1)),
    event(p, DAY2 + 100, "file.edited", "src/a_b.ts", undefined, { file: "src/a_b.ts" }),
    event(p, DAY2 + 200, "session.idle", sid(2), sid(2), { note: "line1\nline2, \"q\"" }),
    event(other, DAY2, "session.idle", "elsewhere", sid(9)),
  ])
  const pane = (id: string, source: string, history: TrackedPane["history"]): TrackedPane => ({
    pane: paneKey(id),
    paneSource: source,
    current: history[0]!.id,
    history,
  })
  const bad = "ses_x; rm -rf ~"
  const p1 = [{ id: sid(1), title: "old title", at: DAY2 }, { id: sid(2), at: DAY1 }]
  putPane(f.store, p, pane("p1", "SWITCHBOARD_PANE_ID", p1), DAY2)
  putPane(f.store, p, pane("p2", "TMUX_PANE", [{ id: sid(3), at: DAY2 }, { id: sid(2), at: DAY1 }]), DAY1)
  putPane(f.store, p, pane("p3", "SWITCHBOARD_PANE_ID", [{ id: bad, at: DAY1 }]), DAY1 - 1)
  putPane(f.store, other, pane("p1", "SWITCHBOARD_PANE_ID", [{ id: sid(9), at: DAY1 }]), DAY1)
  putPane(f.store, p, "{not json", DAY1)
  return { ...f, other }
}

export interface Run {
  code: number
  out: string[]
  err: string[]
  /** What went to raw stdout (exports). */
  written: string
  stderr: string
}

export interface RunOptions {
  env?: Env
  errIsTTY?: boolean
  outIsTTY?: boolean
  cwd?: string
  write?: (chunk: string) => void | Promise<void>
}

export async function run(f: Fixture, args: string[], extra: RunOptions = {}): Promise<Run> {
  const result: Run = { code: -1, out: [], err: [], written: "", stderr: "" }
  result.code = await main(args, (l) => result.out.push(l), (l) => result.err.push(l), {
    env: { ...f.env, ...extra.env },
    cwd: extra.cwd ?? f.project,
    write: extra.write ?? ((chunk) => void (result.written += chunk)),
    errWrite: (chunk) => void (result.stderr += chunk),
    errIsTTY: extra.errIsTTY ?? false,
    outIsTTY: extra.outIsTTY ?? false,
  })
  return result
}

/** A fake binary on the fixture's PATH. */
export function fakeBin(f: Fixture, name: string, script: string) {
  const file = path.join(f.binDir, name)
  fs.writeFileSync(file, `#!/bin/sh\n${script}\n`, { mode: 0o755 })
  return file
}
