/** @jsxImportSource @opentui/solid */
// /memory's details: one fact (its text, source, session and the entities it mentions) or one entity (its facts and
// relations), with Pin/Unpin and Forget. Each action opens OpenMind's database for writing, does one thing, closes
// it, says what happened in a toast and shows the refreshed view. No model turn.
import type { TuiPluginApi } from "@opencode-ai/plugin/tui"
import type { EntityRef, Relation } from "../src/knowledge/types.ts"
import { err, ok, type Result } from "../src/result.ts"
import { isSessionID } from "../src/sessions/id.ts"
import { ago, localTime } from "../src/time.ts"
import {
  factOption,
  findEntity,
  unreachable,
  withKnowledge,
  wrap,
  type MemoryChoice,
  type MemoryOption,
  type Target,
} from "./memory-data.ts"

type Home = () => void
/** Rows for a view; undefined when the fact or entity is gone; the error is already in words for the user. */
type Rows = Result<MemoryOption[] | undefined>

const TITLE = "Memory"
const LIST_LIMIT = 30

/**
 * DialogAlert and DialogConfirm clear the whole dialog stack right after calling onConfirm/onCancel, so the next
 * view opens on the following tick. A throw there would reach opencode's event loop: it becomes a toast.
 */
export function later(api: TuiPluginApi, open: () => void) {
  setTimeout(() => {
    try {
      open()
    } catch (cause) {
      api.ui.toast({ variant: "error", title: TITLE, message: String(cause) })
    }
  }, 0)
}

const refName = (ref: EntityRef) => `${ref.type} ${ref.name}`
const targetName = (t: Target) => ("fact" in t ? `fact #${t.fact}` : refName(t.entity))
// A pinned fact is always a recall candidate and ranks higher; a pinned entity is listed first.
const pinMeaning = (t: Target) => ("fact" in t ? "always considered for the model" : "listed first")

function actions(target: Target, pinned: boolean): MemoryOption[] {
  const category = "Actions"
  const pinRow = pinned ? "back to ordinary ranking" : pinMeaning(target)
  return [
    { title: pinned ? "Unpin" : "Pin", value: { kind: "pin", target, pinned: !pinned }, description: pinRow, category },
    { title: "Forget", value: { kind: "forget", target }, description: "delete it from memory", category },
    { title: "Back", value: { kind: "back" }, description: "to the search", category },
  ]
}

const info = (n: number, title: string, description: string): MemoryOption => {
  return { title, value: { kind: "info", n, text: `${title}: ${description}` }, description, category: "Details" }
}

export function factRows(api: TuiPluginApi, id: number, now = Date.now()): Rows {
  const read = withKnowledge(api, false, (k) => k.fact(id))
  if (!read.ok) return err(unreachable(api, read.error))
  const f = read.value
  if (!f) return ok(undefined)
  // Rows cut long titles: the text is wrapped over several rows, and choosing any of them shows it whole.
  const rows: MemoryOption[] = wrap(f.text).map((line, n) => {
    return { title: line, value: { kind: "info", n: -1 - n, text: f.text }, category: "Text" }
  })
  rows.push(info(0, "Source", `${f.source} · ${localTime(f.createdAt)} (${ago(f.createdAt, now)})`))
  if (f.sessionID && isSessionID(f.sessionID)) {
    const value: MemoryChoice = { kind: "session", sessionID: f.sessionID }
    rows.push({ title: "Session", value, description: `${f.sessionID} · open it`, category: "Details" })
  } else rows.push(info(1, "Session", f.sessionID ?? "none (not from a conversation)"))
  if (f.usedAt) rows.push(info(2, "Last offered", ago(f.usedAt, now)))
  rows.push(info(3, "Pinned", f.pinned ? `yes: ${pinMeaning({ fact: f.id })}` : "no"))
  for (const e of f.entities)
    rows.push({ title: refName(e), value: { kind: "entity", type: e.type, name: e.name }, category: "Mentions" })
  return ok([...rows, ...actions({ fact: f.id }, f.pinned)])
}

/** One row per related entity, however many relation types join the two. */
function relationRows(ref: EntityRef, relations: Relation[]): MemoryOption[] {
  const byOther = new Map<string, { other: EntityRef; types: string[]; count: number }>()
  for (const r of relations) {
    const out = r.from.type === ref.type && r.from.name === ref.name
    const other = out ? r.to : r.from
    const key = `${other.type}\u0001${other.name}`
    const seen = byOther.get(key) ?? { other, types: [], count: 0 }
    seen.types.push(`${out ? "" : "← "}${r.type}`)
    seen.count += r.count
    byOther.set(key, seen)
  }
  return [...byOther.values()].map((x) => ({
    title: refName(x.other),
    value: { kind: "entity", type: x.other.type, name: x.other.name },
    description: `${x.types.join(", ")} · ${x.count}×`,
    category: "Relations",
  }))
}

export function entityRows(api: TuiPluginApi, ref: EntityRef, now = Date.now()): Rows {
  const read = withKnowledge(api, false, (k) => {
    const e = findEntity(k, ref)
    return e && { e, facts: k.factsAbout(ref, LIST_LIMIT), relations: k.relationsOf(ref, LIST_LIMIT) }
  })
  if (!read.ok) return err(unreachable(api, read.error))
  if (!read.value) return ok(undefined)
  const { e, facts, relations } = read.value
  const target: Target = { entity: { type: e.type, name: e.name } }
  const seen = `${e.count}× · first ${ago(e.firstSeen, now)} · last ${ago(e.lastSeen, now)}`
  return ok([
    info(0, "Seen", seen),
    info(1, "Pinned", e.pinned ? `yes: ${pinMeaning(target)}` : "no"),
    ...facts.map((f) => factOption(f, "Facts", now)),
    ...relationRows(ref, relations),
    ...actions(target, e.pinned),
  ])
}

function show(api: TuiPluginApi, title: string, rows: Rows, gone: string, home: Home, here: () => void) {
  if (!rows.ok) return api.ui.dialog.replace(() => <api.ui.DialogAlert title={TITLE} message={rows.error} />)
  if (!rows.value) {
    api.ui.toast({ variant: "warning", title: TITLE, message: `${gone} is no longer remembered` })
    return home()
  }
  const options = rows.value
  const onSelect = (option: MemoryOption) => chooseMemory(api, option.value, home, here)
  api.ui.dialog.replace(() => <api.ui.DialogSelect title={title} options={options} onSelect={onSelect} />)
  api.ui.dialog.setSize("large")
}

export function openFactDetails(api: TuiPluginApi, id: number, home: Home) {
  show(api, `Fact #${id}`, factRows(api, id), `Fact #${id}`, home, () => openFactDetails(api, id, home))
}

export function openEntityDetails(api: TuiPluginApi, ref: EntityRef, home: Home) {
  show(api, refName(ref), entityRows(api, ref), refName(ref), home, () => openEntityDetails(api, ref, home))
}

function reopen(api: TuiPluginApi, target: Target, home: Home) {
  return "fact" in target ? openFactDetails(api, target.fact, home) : openEntityDetails(api, target.entity, home)
}

export function pin(api: TuiPluginApi, target: Target, pinned: boolean, home: Home) {
  const done = withKnowledge(api, true, (k) =>
    "fact" in target ? k.pinFact(target.fact, pinned) : k.pinEntity(target.entity, pinned),
  )
  const name = targetName(target)
  const verb = pinned ? "pin" : "unpin"
  if (!done.ok) api.ui.toast({ variant: "error", title: TITLE, message: `Could not ${verb} ${name}: ${done.error}` })
  else if (!done.value) api.ui.toast({ variant: "warning", title: TITLE, message: `${name} is no longer remembered` })
  else api.ui.toast({ variant: "success", title: TITLE, message: `${pinned ? "Pinned" : "Unpinned"} ${name}` })
  reopen(api, target, home)
}

export function forget(api: TuiPluginApi, target: Target, home: Home) {
  const done = withKnowledge(api, true, (k) =>
    "fact" in target ? k.forgetFact(target.fact) : k.forgetEntity(target.entity),
  )
  const name = targetName(target)
  if (!done.ok) api.ui.toast({ variant: "error", title: TITLE, message: `Could not forget ${name}: ${done.error}` })
  else if (!done.value) api.ui.toast({ variant: "warning", title: TITLE, message: `${name} was already forgotten` })
  else api.ui.toast({ variant: "success", title: TITLE, message: `Forgot ${name}` })
  home()
}

function confirmForget(api: TuiPluginApi, target: Target, home: Home) {
  const message =
    "fact" in target
      ? `Forget fact #${target.fact}? It will no longer be offered to the model.`
      : `Forget ${refName(target.entity)}? Its relations go with it, and so do the facts that mention only it.`
  api.ui.dialog.replace(() => (
    <api.ui.DialogConfirm
      title="Forget"
      message={message}
      onConfirm={() => later(api, () => forget(api, target, home))}
      onCancel={() => later(api, () => reopen(api, target, home))}
    />
  ))
}

/** Where a row of any /memory view leads; `here` reopens the view the row was chosen in. */
export function chooseMemory(api: TuiPluginApi, choice: MemoryChoice, home: Home, here: () => void) {
  switch (choice.kind) {
    case "fact":
      return openFactDetails(api, choice.id, home)
    case "entity":
      return openEntityDetails(api, { type: choice.type, name: choice.name }, home)
    case "pin":
      return pin(api, choice.target, choice.pinned, home)
    case "forget":
      return confirmForget(api, choice.target, home)
    case "session":
      api.ui.dialog.clear()
      return api.route.navigate("session", { sessionID: choice.sessionID })
    case "info":
      return api.ui.dialog.replace(() => (
        <api.ui.DialogAlert title={TITLE} message={choice.text} onConfirm={() => later(api, here)} />
      ))
    default:
      return home()
  }
}
