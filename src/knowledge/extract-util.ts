// Shared plumbing for the extractors: bounds, name normalisation, and a builder that deduplicates entities and
// relations while keeping the order they were found in (so the same input always gives the same observation).
import type { EntityRef, EntityType, Observation, RelationType } from "./types.ts"

/** Extractors run on every message and tool call: they only ever look at this much of a text. */
export const MAX_INPUT = 20_000
export const MAX_NAME = 200

export interface ExtractOptions {
  /**
   * The project's worktree. Absolute paths inside it become relative, so a tool's "/repo/src/a.ts" and the user's
   * "src/a.ts" are one entity. Without it absolute paths stay absolute (tool titles still help, see extract-tool.ts).
   */
  root?: string
}

export function bound(text: string, max = MAX_INPUT): string {
  return text.length > max ? clip(text, max) : text
}

/** Cuts to `max` UTF-16 units without leaving half a surrogate pair behind. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text
  const code = text.charCodeAt(max - 1)
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max)
}

export function stripAnsi(text: string): string {
  return text.includes("\x1b") ? text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "") : text
}

const LEADING_JUNK = /^[("'`[<{*]+/
const TRAILING_JUNK = /[.,;:!?'"`)\]}>*]+$/

export function normalisePath(raw: string, root?: string): string {
  let p = raw.trim().replace(LEADING_JUNK, "").replace(TRAILING_JUNK, "")
  p = p.replace(/\/{2,}/g, "/").replace(/\/\.(?=\/)/g, "")
  const r = root?.replace(/\/+$/, "")
  if (r) {
    if (p === r) return ""
    if (p.startsWith(r + "/")) p = p.slice(r.length + 1)
  }
  while (p.startsWith("./")) p = p.slice(2)
  if (p.length > 1) p = p.replace(/\/+$/, "")
  return p === "." ? "" : p
}

/** Replaces every occurrence of the worktree prefix, so error lines name files the way the rest of the graph does. */
export function relativiseIn(text: string, root?: string): string {
  const r = root?.replace(/\/+$/, "")
  return r ? text.split(r + "/").join("") : text
}

function normaliseName(type: EntityType, raw: string, root?: string): string {
  let name = raw.replace(/\s+/g, " ").trim()
  switch (type) {
    case "file":
      name = normalisePath(name, root)
      break
    case "symbol":
      // "parseConfig()" and "parseConfig(x)" are the symbol parseConfig; "Map<K, V>" is Map.
      name = name.replace(/[(<].*$/, "").replace(LEADING_JUNK, "").replace(TRAILING_JUNK, "")
      break
    case "url":
      name = name.replace(TRAILING_JUNK, "")
      break
    case "error":
      name = relativiseIn(name, root)
      break
  }
  return clip(name, MAX_NAME).trim()
}

const key = (ref: EntityRef): string => `${ref.type}\u0000${ref.name}`

/** Collects one observation: entities and relations deduplicated, first occurrence wins, at most `maxEntities`. */
export class ObservationBuilder {
  private readonly seen = new Set<string>()
  private readonly seenRelations = new Set<string>()
  readonly entities: EntityRef[] = []
  readonly relations: Observation["relations"] = []

  constructor(
    private readonly root?: string,
    private readonly maxEntities = 40,
  ) {}

  /** Adds an entity (normalised); returns it, or undefined when the name normalises to nothing or the cap is hit. */
  entity(type: EntityType, raw: unknown): EntityRef | undefined {
    if (typeof raw !== "string" || !raw) return undefined
    const name = normaliseName(type, raw, this.root)
    if (!name) return undefined
    const ref = { type, name }
    if (this.seen.has(key(ref))) return ref
    if (this.entities.length >= this.maxEntities) return undefined
    this.seen.add(key(ref))
    this.entities.push(ref)
    return ref
  }

  relate(from: EntityRef | undefined, to: EntityRef | undefined, type: RelationType): void {
    if (!from || !to || key(from) === key(to)) return
    const k = `${key(from)}\u0001${key(to)}\u0001${type}`
    if (this.seenRelations.has(k)) return
    this.seenRelations.add(k)
    this.relations.push({ from, to, type })
  }

  build(facts: string[] = []): Observation {
    return { entities: this.entities, relations: this.relations, facts }
  }
}
