// Writes schema.json (the JSON Schema of the plugin's options) from the zod schema, so the two cannot drift.
// A unit test compares the committed file with generateSchemaJson(); run `bun scripts/gen-schema.ts` after
// changing src/config/schema.ts.
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { z } from "zod"
import { pluginOptionsSchema } from "../src/config/schema.ts"

export const SCHEMA_PATH = join(import.meta.dir, "..", "schema.json")
const SCHEMA_ID = "https://unpkg.com/opencode-switchboard/schema.json"

/** The exact text of schema.json: deterministic (zod emits keys in declaration order), ends with a newline. */
export function generateSchemaJson(): string {
  // "input": describes what the user writes, so fields with defaults are optional.
  const generated = z.toJSONSchema(pluginOptionsSchema, { target: "draft-2020-12", io: "input" })
  const { $schema, ...rest } = generated
  const schema = { $schema, $id: SCHEMA_ID, ...rest }
  return `${JSON.stringify(schema, null, 2)}\n`
}

if (import.meta.main) {
  writeFileSync(SCHEMA_PATH, generateSchemaJson())
  console.log(`wrote ${SCHEMA_PATH}`)
}
