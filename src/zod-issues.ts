// One readable line per zod issue: "<path>: expected <what>, got <what>", for users and logs.
import type { z } from "zod"

export function describeIssues(error: z.ZodError, prefix = ""): string {
  return error.issues
    .map((issue) => {
      const path = [prefix, ...issue.path.map(String)].filter(Boolean).join(".")
      return `${path || "(value)"}: ${issue.message}`
    })
    .join("; ")
}
