// Turns a file or an installed package into a validated ExtensionDefinition.
import { stat } from "node:fs/promises"
import { resolve } from "node:path"
import { pathToFileURL } from "node:url"
import { attemptAsync, err, errorMessage, type Result } from "../result.ts"
import { validateDefinition } from "./define.ts"
import type { ExtensionDefinition } from "./types.ts"

// Modules are cached by specifier; a fresh query string makes a fresh module, so a hot reload sees
// new code. The counter keeps two reloads within one mtime tick distinct.
// Limits: only the entry file is re-evaluated (files it imports stay cached), and each reload keeps
// the previous module alive in the cache (a small leak per reload, acceptable for edit-time reloads).
let reloadCounter = 0

/**
 * Bun 1.3 ignores the query of a `file://` URL when caching (the old module comes back) but honours
 * it on a plain absolute path; Node is the other way round (a path with a query is not found).
 * A path that itself contains "?" cannot carry a query under Bun, so it is imported as is (no reload).
 */
export function freshSpecifier(path: string, version: string): string {
  if (typeof Bun === "undefined") {
    const url = pathToFileURL(path)
    url.search = `v=${version}`
    return url.href
  }
  return path.includes("?") ? path : `${path}?v=${version}`
}

/** Imports a .ts/.js/.mjs file afresh and validates its export. */
export async function loadDefinitionFromFile(path: string): Promise<Result<ExtensionDefinition>> {
  const info = await attemptAsync(() => stat(path))
  if (!info.ok) return err(`${path}: cannot read the file: ${info.error}`)
  const specifier = freshSpecifier(resolve(path), `${info.value.mtimeMs}-${++reloadCounter}`)
  return definitionFromModule(path, () => import(specifier))
}

/**
 * Imports an installed package by its resolved entry path (see Bun.resolveSync). No cache busting:
 * packages change only on install, which needs a restart anyway, and their internal imports could
 * not be refreshed.
 */
export async function loadDefinitionFromPackage(resolvedPath: string): Promise<Result<ExtensionDefinition>> {
  return definitionFromModule(resolvedPath, () => import(resolvedPath))
}

async function definitionFromModule(
  where: string,
  importModule: () => Promise<unknown>,
): Promise<Result<ExtensionDefinition>> {
  let mod: unknown
  try {
    mod = await importModule()
  } catch (cause) {
    return err(`${where}: import failed: ${describeImportError(cause)}`)
  }
  const exported = pickExport(mod)
  if (exported === undefined) {
    return err(`${where}: no extension exported (expected a default export or an export named "extension")`)
  }
  const valid = validateDefinition(exported)
  return valid.ok ? valid : err(`${where}: not a valid extension: ${valid.error}`)
}

/** Bun reports syntax errors as an AggregateError ("2 errors building …"); the useful part is inside. */
function describeImportError(cause: unknown): string {
  if (!(cause instanceof AggregateError) || cause.errors.length === 0) return errorMessage(cause)
  const details = cause.errors.slice(0, 3).map((inner: unknown) => {
    // BuildMessage is not an Error, but carries a message and a position.
    const message = (inner as { message?: unknown } | null)?.message
    const position = (inner as { position?: { line?: number; column?: number } } | null)?.position
    const at = position?.line ? ` (line ${position.line}, column ${position.column ?? 0})` : ""
    return `${typeof message === "string" ? message : errorMessage(inner)}${at}`
  })
  const more = cause.errors.length > 3 ? `; and ${cause.errors.length - 3} more` : ""
  return `${errorMessage(cause)}: ${details.join("; ")}${more}`
}

/** `export default defineExtension(...)`, or `export const extension = ...` for authors who avoid defaults. */
function pickExport(mod: unknown): unknown {
  if (typeof mod !== "object" || mod === null) return undefined
  const record = mod as Record<string, unknown>
  return record.default ?? record.extension
}
