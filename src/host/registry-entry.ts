// The registry's record of one extension, and its serialisable projection for status views.
import type { BreakerInfo } from "./breaker.ts"
import type { Candidate, CandidateSource } from "./candidate.ts"
import { contributionsOf, noContributions, type Contributions } from "./contributions.ts"
import type { Instance } from "./instance.ts"
import { mergeStability, type Prepared } from "./prepare.ts"
import type { ExtensionState, Stability } from "./types.ts"

export interface Entry {
  name: string
  candidate: Candidate
  state: ExtensionState
  reason: string | undefined
  /** The last successfully checked definition; kept after a later failure so status views can still show it. */
  prepared: Prepared | undefined
  /** Present exactly while the extension is active. */
  instance: Instance | undefined
  /** Set when this extension was switched off because dependency `cascadeFrom` was: enabling that brings it back. */
  cascadeFrom: string | undefined
  /** Counts activations: a reload shows up as a new generation even though the state stays "active". */
  generation: number
}

/** Everything a status view needs, without functions: safe to JSON.stringify. */
export interface ExtensionInfo {
  name: string
  version: string | undefined
  description: string | undefined
  source: CandidateSource
  state: ExtensionState
  reason: string | undefined
  dependencies: string[]
  /** The validated options in effect; undefined until the extension has been loaded. */
  options: unknown
  stability: Stability
  contributes: Contributions
  generation: number
  breaker: BreakerInfo | undefined
}

export function newEntry(candidate: Candidate): Entry {
  return {
    name: candidate.name,
    candidate,
    state: "disabled",
    reason: "starting",
    prepared: undefined,
    instance: undefined,
    cascadeFrom: undefined,
    generation: 0,
  }
}

export function describeEntry(entry: Entry, breaker: BreakerInfo | undefined): ExtensionInfo {
  const definition = entry.prepared?.definition
  return {
    name: entry.name,
    version: definition?.version,
    description: definition?.description,
    source: { ...entry.candidate.source },
    state: entry.state,
    reason: entry.reason,
    dependencies: [...(entry.prepared?.dependencies ?? [])],
    options: entry.prepared?.options,
    stability: entry.prepared?.stability ?? mergeStability(entry.candidate.stability),
    contributes: definition ? contributionsOf(definition) : noContributions(),
    generation: entry.generation,
    breaker,
  }
}
