// A zod error map with short "expected X, got Y" messages: users read these in toasts and status views.
import type { z } from "zod"

/** The kind of a value as a user would name it. */
export function kindOf(value: unknown): string {
  if (value === null) return "null"
  if (Array.isArray(value)) return "array"
  if (typeof value === "number" && Number.isNaN(value)) return "NaN"
  return typeof value
}

const show = (value: unknown): string => {
  if (typeof value === "string") return JSON.stringify(value)
  if (value === null || value === undefined) return String(value)
  if (typeof value === "number" || typeof value === "boolean") return String(value)
  return kindOf(value)
}

/** Pass as `safeParse(value, { error: friendlyIssues })`; codes it does not know keep zod's own message. */
export const friendlyIssues: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === "invalid_type") return `expected ${issue.expected}, got ${kindOf(issue.input)}`
  if (issue.code === "invalid_value") {
    const values = issue.values.map((v) => show(v)).join(" | ")
    return `expected ${issue.values.length === 1 ? values : `one of ${values}`}, got ${show(issue.input)}`
  }
  return undefined
}
