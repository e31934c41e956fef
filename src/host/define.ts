// defineExtension() for authors, and the shape check the host applies to whatever a module exports.
import { z } from "zod"
import { err, ok, type Result } from "../result.ts"
import { describeIssues } from "../zod-issues.ts"
import type { ExtensionDefinition, ExtensionTool } from "./types.ts"

export const EXTENSION_NAME = /^[a-z][a-z0-9_-]{0,39}$/
/** Tool and panel keys become parts of opencode tool names (`<extension>_<tool>`). */
const KEY = /^[a-z][a-z0-9_-]{0,39}$/i

/** Identity at run time; gives authors type inference for `options` (tool args: see defineTool). */
export function defineExtension<O = unknown>(definition: ExtensionDefinition<O>): ExtensionDefinition<O> {
  return definition
}

/** Identity at run time; infers a tool's `args` in `execute` from its zod shape. */
export function defineTool<S extends z.ZodRawShape, O = unknown>(tool: ExtensionTool<O, S>): ExtensionTool<O, S> {
  return tool
}

const fn = z.custom<(...args: unknown[]) => unknown>((v) => typeof v === "function", { message: "expected a function" })
const zodSchema = z.custom<z.ZodType>((v) => typeof v === "object" && v !== null && "_zod" in v, {
  message: "expected a zod schema (zod v4)",
})
const keyed = <T extends z.ZodType>(value: T) =>
  z.record(z.string().regex(KEY, "expected a name of letters, digits, - or _ (at most 40)"), value)

const definitionShape = z.object({
  name: z.string().regex(EXTENSION_NAME, "expected lower-case letters, digits, - or _, starting with a letter (at most 40)"),
  version: z.string().optional(),
  description: z.string().optional(),
  dependencies: z.array(z.string().regex(EXTENSION_NAME, "expected an extension name")).optional(),
  options: zodSchema.optional(),
  stability: z
    .object({
      timeoutMs: z.number().int().positive(),
      maxFailures: z.number().int().positive(),
      resetMs: z.number().int().positive(),
      maxResetMs: z.number().int().positive(),
      maxHeapDeltaMb: z.number().positive(),
    })
    .partial()
    .optional(),
  init: fn.optional(),
  shutdown: fn.optional(),
  hooks: z
    .object({
      preMessage: fn.optional(),
      postMessage: fn.optional(),
      preToolCall: fn.optional(),
      postToolCall: fn.optional(),
      contextPrime: fn.optional(),
      event: fn.optional(),
      compacting: fn.optional(),
    })
    .strict()
    .optional(),
  tools: keyed(
    z.object({ description: z.string().min(1), args: z.record(z.string(), zodSchema), execute: fn }),
  ).optional(),
  commands: keyed(
    z.object({
      description: z.string(),
      template: z.string().min(1),
      agent: z.string().optional(),
      model: z.string().optional(),
      subtask: z.boolean().optional(),
    }),
  ).optional(),
  panels: keyed(z.object({ title: z.string().min(1), description: z.string().optional(), load: fn })).optional(),
  on: z.record(z.string().min(1), fn).optional(),
})

/** Checks an untrusted module export; the error names the field and what was expected. */
export function validateDefinition(value: unknown): Result<ExtensionDefinition> {
  const parsed = definitionShape.safeParse(value)
  if (!parsed.success) return err(describeIssues(parsed.error))
  // Keep the author's object (zod's output would strip unknown keys and rebuild functions' owners).
  return ok(value as ExtensionDefinition)
}
