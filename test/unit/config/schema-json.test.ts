import { expect, test } from "bun:test"
import { readFileSync } from "node:fs"
import { generateSchemaJson, SCHEMA_PATH } from "../../../scripts/gen-schema.ts"

test("the committed schema.json is what scripts/gen-schema.ts produces (run it after changing the schema)", () => {
  expect(readFileSync(SCHEMA_PATH, "utf8")).toBe(generateSchemaJson())
})

test("schema.json describes the options for editors", () => {
  const schema = JSON.parse(generateSchemaJson())
  expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema")
  expect(schema.$id).toBeString()
  expect(schema.title).toBeString()
  const fields = ["extensions", "discover", "hotReload", "contextBudgetTokens", "store"]
  expect(Object.keys(schema.properties)).toEqual(fields)
  expect(schema.properties.extensions.additionalProperties.not).toEqual({ required: ["path", "package"] })
})
