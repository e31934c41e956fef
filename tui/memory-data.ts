// What /memory and /remember read from and change in OpenMind's database, and the rows they show. Every call opens
// the file, does one thing and closes it: a handle kept across renders could hold a lock the server half's writer
// waits on, and under `opencode attach` to another machine the file is not here at all.
import fs from "node:fs"
import type { TuiDialogSelectOption, TuiPluginApi } from "@opencode-ai/plugin/tui"
import { LAST_INJECTION_KEY } from "../src/extensions/openmind.ts"
import { OPENMIND, openKnowledgeFile } from "../src/knowledge/open.ts"
import type { Entity, EntityRef, EntityType, Fact, KnowledgeStore } from "../src/knowledge/types.ts"
import { extensionDatabasePath } from "../src/paths.ts"
import { err, errorMessage, ok, type Result } from "../src/result.ts"
import { projectKey } from "../src/sessions/project.ts"
import { openStoreReadonly } from "../src/store/open.ts"
import { ago } from "../src/time.ts"
import { storeFor, TUI_BUSY_TIMEOUT_MS } from "./store-path.ts"

/** A write waits behind the server half's writer a little longer than a read, but never the store's 5 s. */
const WRITE_BUSY_TIMEOUT_MS = 1000
const BROWSE_ENTITIES = 15
const RECENT_FACTS = 10
/** The empty view finds pinned facts among the newest ones: the store has no "pinned facts" query of its own. */
const PINNED_SCAN = 500

export type Target = { fact: number } | { entity: EntityRef }

/** Option values are compared deeply and used as row ids by opencode's DialogSelect, so each one is distinct. */
export type MemoryChoice =
  | { kind: "fact"; id: number }
  | { kind: "entity"; type: EntityType; name: string }
  | { kind: "injection" }
  | { kind: "pin"; target: Target; pinned: boolean }
  | { kind: "forget"; target: Target }
  | { kind: "session"; sessionID: string }
  | { kind: "info"; n: number; text: string }
  | { kind: "back" }

export type MemoryOption = TuiDialogSelectOption<MemoryChoice>

export interface LastInjection {
  sessionID?: string
  messageID?: string
  text: string
  facts: number[]
  at: number
}

export const projectOf = (api: TuiPluginApi) => projectKey(api.state.path.directory, api.state.path.worktree)

/** Why memory is out of reach, in words for the user. */
export function unreachable(api: TuiPluginApi, error: string): string {
  const store = storeFor(api)
  if (!fs.existsSync(store) && !fs.existsSync(extensionDatabasePath(store, OPENMIND)))
    return (
      `The switchboard store is not on this machine (${store}). ` +
      "Under opencode attach to another machine, OpenMind's memory lives on the server's machine."
    )
  if (error.startsWith("nothing remembered yet")) return "Nothing remembered yet for this project."
  return `OpenMind's memory could not be read: ${error}`
}

/** Opens, runs `use`, closes. `write` creates the file only where the server half's store already is. */
export function withKnowledge<T>(api: TuiPluginApi, write: boolean, use: (k: KnowledgeStore) => T): Result<T> {
  const store = storeFor(api)
  if (write && !fs.existsSync(store) && !fs.existsSync(extensionDatabasePath(store, OPENMIND)))
    return err(unreachable(api, "no store"))
  const mode = write ? { write: true } : { busyTimeoutMs: TUI_BUSY_TIMEOUT_MS }
  const opened = openKnowledgeFile(store, projectOf(api), mode)
  if (!opened.ok) return opened
  try {
    if (write) opened.value.db.run(`PRAGMA busy_timeout = ${WRITE_BUSY_TIMEOUT_MS}`)
    return ok(use(opened.value.knowledge))
  } catch (cause) {
    return err(errorMessage(cause))
  } finally {
    opened.value.close()
  }
}

/** What OpenMind offered the model for the last turn, which it keeps in its kv slice of the main store. */
export function readLastInjection(api: TuiPluginApi): LastInjection | undefined {
  const opened = openStoreReadonly(storeFor(api), TUI_BUSY_TIMEOUT_MS)
  if (!opened.ok) return undefined
  try {
    const row = opened.value
      .query("SELECT value FROM kv WHERE project = ? AND extension = ? AND key = ?")
      .get(projectOf(api), OPENMIND, LAST_INJECTION_KEY) as { value: string } | null
    const v = row ? (JSON.parse(row.value) as Partial<LastInjection>) : undefined
    if (!v || typeof v.text !== "string" || typeof v.at !== "number") return undefined
    const facts = Array.isArray(v.facts) ? v.facts.filter((n) => typeof n === "number") : []
    const str = (s: unknown) => (typeof s === "string" ? s : undefined)
    return { sessionID: str(v.sessionID), messageID: str(v.messageID), text: v.text, facts, at: v.at }
  } catch {
    // an older store without kv, a row being written: the row is just not shown
    return undefined
  } finally {
    opened.value.close()
  }
}

export interface Browse {
  counts: { facts: number; entities: number; relations: number }
  entities: Entity[]
  pinned: Fact[]
  recent: Fact[]
}

export function readBrowse(api: TuiPluginApi): Result<Browse> {
  return withKnowledge(api, false, (k) => {
    const newest = k.search("", PINNED_SCAN).facts
    return {
      counts: k.counts(),
      entities: k.entities({ limit: BROWSE_ENTITIES }),
      pinned: newest.filter((f) => f.pinned),
      recent: newest.filter((f) => !f.pinned).slice(0, RECENT_FACTS),
    }
  })
}

export const oneLine = (text: string) => text.replace(/\s+/g, " ").trim()

export function factOption(f: Fact, category: string, now: number): MemoryOption {
  return {
    title: `${f.pinned ? "● " : ""}${oneLine(f.text)}`,
    value: { kind: "fact", id: f.id },
    description: `#${f.id} · ${f.source} · ${ago(f.createdAt, now)}`,
    category,
  }
}

export function entityOption(e: Entity, category: string): MemoryOption {
  return {
    title: `${e.pinned ? "● " : ""}${e.type} ${e.name}`,
    value: { kind: "entity", type: e.type, name: e.name },
    description: `seen ${e.count}×`,
    category,
  }
}

export function injectionOption(last: LastInjection | undefined, now: number): MemoryOption {
  const description = last
    ? `${last.facts.length} fact${last.facts.length === 1 ? "" : "s"} offered ${ago(last.at, now)}`
    : "nothing offered yet"
  return { title: "Last injection", value: { kind: "injection" }, description, category: "What the model was given" }
}

/** The view before anything is typed: the last injection, then the most seen entities, then pinned and recent facts. */
export function browseOptions(b: Browse, last: LastInjection | undefined, now = Date.now()): MemoryOption[] {
  return [
    injectionOption(last, now),
    ...b.entities.map((e) => entityOption(e, "Most seen entities")),
    ...b.pinned.map((f) => factOption(f, "Pinned facts", now)),
    ...b.recent.map((f) => factOption(f, "Recent facts", now)),
  ]
}

export function searchOptions(found: { facts: Fact[]; entities: Entity[] }, now = Date.now()): MemoryOption[] {
  const facts = found.facts.map((f) => factOption(f, "Facts", now))
  return [...facts, ...found.entities.map((e) => entityOption(e, "Entities"))]
}

/** The store has no single-entity lookup: full-text search finds it by name, a scan of its type is the fallback. */
export function findEntity(k: KnowledgeStore, ref: EntityRef): Entity | undefined {
  const same = (e: Entity) => e.type === ref.type && e.name === ref.name
  return k.search(ref.name, 50).entities.find(same) ?? k.entities({ type: ref.type, limit: 5000 }).find(same)
}

/** Splits text at spaces into lines that fit a DialogSelect row (it cuts titles at 61 characters). */
export function wrap(text: string, width = 60): string[] {
  const lines: string[] = []
  for (const para of text.split(/\n+/)) {
    let line = ""
    for (const word of para.split(/\s+/).filter(Boolean)) {
      for (let w = word; w; w = w.slice(width)) {
        const part = w.slice(0, width)
        if (line && line.length + 1 + part.length > width) {
          lines.push(line)
          line = part
        } else line = line ? `${line} ${part}` : part
      }
    }
    if (line) lines.push(line)
  }
  return lines
}
