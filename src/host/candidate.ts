// What the loader hands the registry: one configured or discovered extension, not yet imported.
import type { Result } from "../result.ts"
import type { ExtensionDefinition, Stability } from "./types.ts"

export type CandidateSourceKind = "builtin" | "file" | "package"

export interface CandidateSource {
  kind: CandidateSourceKind
  /** File path or package specifier, for status views. */
  location?: string
}

export interface Candidate {
  name: string
  source: CandidateSource
  enabled: boolean
  /** The user's options, validated later against the definition's own schema. */
  rawOptions: unknown
  /** The user's overrides; they win over the definition's stability. */
  stability?: Partial<Stability>
  /** Imports the module; called again on reload (the loader is responsible for cache-busting). */
  load(): Promise<Result<ExtensionDefinition>>
  /** Set when the config entry itself is broken: the candidate is reported failed and never loaded. */
  configError?: string
}
