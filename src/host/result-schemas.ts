// What each hook may return, checked before anything touches opencode's output objects.
// A result that fails its schema is an "invalid" call: counted against the extension, never applied.
import { z } from "zod"
import type {
  CompactingResult,
  ContextPrimeResult,
  PanelData,
  PreMessageResult,
  PreToolCallResult,
  StructuredResult,
} from "./types.ts"

const MAX_TEXT = 200_000

// `void` results are allowed everywhere: an extension that has nothing to say returns nothing.
const maybe = <T extends z.ZodType>(schema: T) => z.union([schema, z.undefined(), z.null()])

export const preMessageResult: z.ZodType<PreMessageResult | undefined | null> = maybe(
  z.strictObject({
    text: z.string().max(MAX_TEXT).optional(),
    parts: z.array(z.strictObject({ text: z.string().min(1).max(MAX_TEXT), synthetic: z.boolean().optional() })).max(20).optional(),
  }),
)

export const preToolCallResult: z.ZodType<PreToolCallResult | undefined | null> = maybe(
  z.strictObject({ args: z.record(z.string(), z.unknown()) }),
)

export const contextPrimeResult: z.ZodType<ContextPrimeResult | undefined | null> = maybe(
  z.strictObject({
    context: z.string().max(MAX_TEXT),
    priority: z.number().finite().optional(),
    tokens: z.number().int().nonnegative().optional(),
  }),
)

export const compactingResult: z.ZodType<CompactingResult | undefined | null> = maybe(
  z.strictObject({ context: z.array(z.string().max(MAX_TEXT)).max(50).optional() }),
)

export const structuredResult: z.ZodType<string | StructuredResult> = z.union([
  z.string(),
  z.strictObject({
    title: z.string().optional(),
    output: z.string(),
    metadata: z.record(z.string(), z.unknown()).optional(),
    attachments: z
      .array(
        z.strictObject({
          type: z.literal("file"),
          mime: z.string().min(1).max(200),
          url: z.string().regex(/^(file|data):/, "expected a file: or data: URL"),
          filename: z.string().max(255).optional(),
        }),
      )
      .max(10)
      .optional(),
  }),
])

export const panelData: z.ZodType<PanelData> = z.strictObject({
  items: z
    .array(
      z.strictObject({
        title: z.string(),
        description: z.string().optional(),
        footer: z.string().optional(),
        category: z.string().optional(),
      }),
    )
    .max(1000),
  empty: z.string().optional(),
})

export const noResult = z.unknown().transform(() => undefined)
