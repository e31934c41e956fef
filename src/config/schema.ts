// The plugin's options as a user writes them in opencode.json: ["opencode-switchboard", { ... }].
// Parsing is deliberately forgiving: one broken extension entry must not take the others (or the
// whole plugin) down, so each entry and each top-level field is parsed on its own and falls back.
import { z } from "zod"
import { EXTENSION_NAME } from "../host/define.ts"
import { describeIssues } from "../zod-issues.ts"

/** A short rendering of a received value for error messages ("got -5", "got \"yes\""). */
export function showValue(value: unknown): string {
  if (value === undefined) return "nothing"
  if (typeof value === "function") return "a function"
  let text: string
  try {
    text = JSON.stringify(value) ?? String(value)
  } catch {
    text = String(value)
  }
  if (text.length <= 40) return text
  if (Array.isArray(value)) return "an array"
  return typeof value === "object" && value !== null ? "an object" : `${text.slice(0, 37)}...`
}

/** zod's own wording ("Invalid input: expected number, received string") hides the value; ours shows it. */
const expected = (what: string) => ({
  error: (issue: { input?: unknown }) => `expected ${what}, got ${showValue(issue.input)}`,
})

const positiveInt = (description: string) => {
  const message = expected("a positive integer")
  return z.number(message).int(message).positive(message).meta({ description })
}
const positiveNumber = (description: string) => {
  const message = expected("a positive number")
  return z.number(message).positive(message).meta({ description })
}
const flag = (fallback: boolean, description: string) =>
  z.boolean(expected("true or false")).default(fallback).meta({ description })
const nonEmptyString = (description: string) => {
  const message = expected("a non-empty string")
  return z.string(message).min(1, message).meta({ description })
}

/** Objects reject unknown keys (usually typos) and say which keys exist. */
function strictObject<S extends z.ZodRawShape>(shape: S) {
  const known = Object.keys(shape).join(", ")
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code === "unrecognized_keys") {
        const keys = issue.keys.map((key) => `"${key}"`).join(", ")
        return `unknown key${issue.keys.length > 1 ? "s" : ""} ${keys} (expected ${known})`
      }
      if (issue.code === "invalid_type") return `expected an object, got ${showValue(issue.input)}`
      return undefined
    },
  })
}

export const stabilitySchema = strictObject({
  timeoutMs: positiveInt("Each call into the extension is aborted after this many ms.").optional(),
  maxFailures: positiveInt("Consecutive failures that open the circuit breaker.").optional(),
  resetMs: positiveInt("How long an open breaker waits before one trial call (ms).").optional(),
  maxResetMs: positiveInt("Cap for the exponential back-off of resetMs (ms).").optional(),
  maxHeapDeltaMb: positiveNumber("A call whose heap grows by more than this (MB) counts as a failure.").optional(),
}).meta({ description: "Safeguard limits; each overrides the extension's own value and the host default." })

export const extensionEntrySchema = strictObject({
  path: nonEmptyString("A .ts/.js/.mjs file, relative to the project directory (~ is expanded).").optional(),
  package: nonEmptyString("An npm package name, resolved from the project directory.").optional(),
  enabled: flag(true, "Set to false to keep the extension from loading."),
  stability: stabilitySchema.optional(),
  options: z
    .unknown()
    .meta({ description: "Passed to the extension, validated by its own options schema." })
    .optional(),
})
  .refine((entry) => entry.path === undefined || entry.package === undefined, {
    message: 'give either "path" or "package", not both',
  })
  // The refine above is invisible to JSON Schema; state the same rule for editors.
  .meta({
    description:
      'One extension. Give "path" or "package" to load it, or neither to configure a built-in or ' +
      "auto-discovered extension by name.",
    not: { required: ["path", "package"] },
  })

const extensionsSchema = z
  .record(z.string().regex(EXTENSION_NAME), extensionEntrySchema)
  .default({})
  .meta({ description: "Extensions by name: lower-case letters, digits, - or _, starting with a letter (at most 40)." })

/** Every top-level field but `extensions` (parsed entry by entry, see parsePluginOptions). */
const topLevelFields = {
  discover: flag(true, "Load *.ts/*.js from .opencode/switchboard/extensions (project and global)."),
  hotReload: flag(true, "Reload file extensions when they change on disk."),
  contextBudgetTokens: positiveInt("Token budget for the context extensions inject into a message.").default(2000),
  store: strictObject({
    path: nonEmptyString("Location of the SQLite store file.").optional(),
    retentionDays: z
      .number(expected("a whole number of days, 0 or more"))
      .int(expected("a whole number of days, 0 or more"))
      .nonnegative(expected("a whole number of days, 0 or more"))
      .default(90)
      .meta({ description: "Captured events, messages and tool calls older than this are deleted; 0 keeps everything." }),
  })
    .default({ retentionDays: 90 })
    .meta({ description: "The switchboard store." }),
}

export const pluginOptionsSchema = z
  .object({ extensions: extensionsSchema, ...topLevelFields })
  .meta({ title: "opencode-switchboard options", description: "Options of the opencode-switchboard plugin." })

export type ExtensionEntry = z.output<typeof extensionEntrySchema>
export type PluginOptions = z.output<typeof pluginOptionsSchema>

export interface ParsedPluginOptions {
  /** Always complete: broken fields hold their defaults, broken entries are left out. */
  options: PluginOptions
  /** Per-extension problems, keyed by the entry's name; the rest of the config still applies. */
  entryErrors: Record<string, string>
  /** Broken top-level fields (each fell back to its default). */
  errors: string[]
  /** Not fatal: unknown top-level keys. */
  warnings: string[]
}

const TOP_LEVEL_KEYS = ["extensions", ...Object.keys(topLevelFields)]

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

export function parsePluginOptions(raw: unknown): ParsedPluginOptions {
  const errors: string[] = []
  const warnings: string[] = []
  // opencode passes no options object when the plugin is listed as a bare string.
  if (raw !== undefined && raw !== null && !isPlainObject(raw)) {
    errors.push(`options: expected an object, got ${showValue(raw)} (using the defaults)`)
  }
  const input = isPlainObject(raw) ? raw : {}

  const fields: Record<string, unknown> = {}
  for (const [key, schema] of Object.entries(topLevelFields)) {
    const parsed = schema.safeParse(input[key])
    if (parsed.success) {
      fields[key] = parsed.data
      continue
    }
    const fallback = schema.parse(undefined)
    errors.push(`${describeIssues(parsed.error, key)} (using the default, ${showValue(fallback)})`)
    fields[key] = fallback
  }

  const { extensions, entryErrors, error } = parseExtensions(input.extensions)
  if (error) errors.push(error)

  for (const key of Object.keys(input)) {
    if (TOP_LEVEL_KEYS.includes(key)) continue
    const near = TOP_LEVEL_KEYS.find((known) => known.toLowerCase() === key.toLowerCase())
    const hint = near ? `did you mean "${near}"?` : `known options: ${TOP_LEVEL_KEYS.join(", ")}`
    warnings.push(`unknown option "${key}" is ignored (${hint})`)
  }

  const options = { extensions, ...fields } as PluginOptions
  return { options, entryErrors, errors, warnings }
}

function parseExtensions(raw: unknown): {
  extensions: Record<string, ExtensionEntry>
  entryErrors: Record<string, string>
  error?: string
} {
  const extensions: Record<string, ExtensionEntry> = {}
  const entryErrors: Record<string, string> = {}
  if (raw === undefined) return { extensions, entryErrors }
  if (!isPlainObject(raw)) {
    const error = `extensions: expected an object of entries by name, got ${showValue(raw)}`
    return { extensions, entryErrors, error }
  }
  for (const [name, value] of Object.entries(raw)) {
    const prefix = `extensions.${name}`
    if (!EXTENSION_NAME.test(name)) {
      entryErrors[name] =
        `${prefix}: expected a name of lower-case letters, digits, - or _, starting with a letter (at most 40)`
      continue
    }
    const parsed = extensionEntrySchema.safeParse(value)
    if (parsed.success) extensions[name] = parsed.data
    else entryErrors[name] = describeIssues(parsed.error, prefix)
  }
  return { extensions, entryErrors }
}
