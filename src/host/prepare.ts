// From candidate to a checked definition: import it (under a deadline — a module import can hang), check its
// shape and name, validate the user's options and settle its stability. Each failure is a reason for users.
import { z } from "zod"
import { err, errorMessage, ok, type Result } from "../result.ts"
import { describeIssues } from "../zod-issues.ts"
import type { Candidate } from "./candidate.ts"
import { validateDefinition } from "./define.ts"
import { friendlyIssues } from "./issue-messages.ts"
import type { Runner } from "./runner.ts"
import { DEFAULT_STABILITY, type ExtensionDefinition, type Stability } from "./types.ts"

export interface Prepared {
  definition: ExtensionDefinition
  /** The validated (and defaulted) options in effect. */
  options: unknown
  stability: Stability
  dependencies: string[]
}

/** DEFAULT_STABILITY < the definition's stability < the user's; unset (undefined) fields do not override. */
export function mergeStability(...layers: Array<Partial<Stability> | undefined>): Stability {
  const merged: Stability = { ...DEFAULT_STABILITY }
  for (const layer of layers) {
    if (!layer) continue
    for (const key of Object.keys(merged) as Array<keyof Stability>) {
      const value = layer[key]
      if (typeof value === "number") merged[key] = value
    }
  }
  return merged
}

export function validateOptions(schema: z.ZodType | undefined, raw: unknown): Result<unknown> {
  if (!schema) return ok(raw)
  const parse = (input: unknown) => schema.safeParse(input, { error: friendlyIssues })
  try {
    const first = parse(raw)
    if (first.success) return ok(first.data)
    // No options configured: let an object schema fill in its defaults and name what is required.
    if (raw === undefined) {
      const second = parse({})
      return second.success ? ok(second.data) : err(describeIssues(second.error, "options"))
    }
    return err(describeIssues(first.error, "options"))
  } catch (cause) {
    return err(`options check threw: ${errorMessage(cause)}`)
  }
}

async function load(candidate: Candidate, runner: Runner): Promise<Result<ExtensionDefinition>> {
  const stability = mergeStability(candidate.stability)
  const result = await runner.call(candidate.name, "load", () => candidate.load(), { stability, force: true })
  switch (result.kind) {
    case "ok":
      return result.value.ok ? validateLoaded(result.value.value) : err(`load failed: ${result.value.error}`)
    case "timeout":
      return err(`load timed out after ${stability.timeoutMs} ms`)
    case "error":
      return err(`load failed: ${result.error}`)
    case "invalid":
      return err(`load failed: ${result.issues}`)
    case "rejected":
      return err(`load rejected: ${result.reason}`)
  }
}

function validateLoaded(value: unknown): Result<ExtensionDefinition> {
  const checked = validateDefinition(value)
  return checked.ok ? checked : err(`invalid definition: ${checked.error}`)
}

export async function prepare(candidate: Candidate, runner: Runner): Promise<Result<Prepared>> {
  const loaded = await load(candidate, runner)
  if (!loaded.ok) return loaded
  const definition = loaded.value
  if (definition.name !== candidate.name) {
    return err(`definition is named "${definition.name}" but configured as "${candidate.name}"`)
  }
  const options = validateOptions(definition.options, candidate.rawOptions)
  if (!options.ok) return options
  return ok({
    definition,
    options: options.value,
    stability: mergeStability(definition.stability, candidate.stability),
    dependencies: [...(definition.dependencies ?? [])],
  })
}
