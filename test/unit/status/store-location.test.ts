import { expect, test } from "bun:test"
import { storePathFromPlugins } from "../../../src/status/store-location.ts"

const env = { XDG_DATA_HOME: "/data", HOME: "/home/u" }

test("uses store.path from our plugin entry in the server config", () => {
  expect(storePathFromPlugins([["opencode-switchboard@1.2.3", { store: { path: "/custom/s.db" } }]], env)).toBe("/custom/s.db")
  expect(storePathFromPlugins(["other", ["opencode-switchboard", { store: { path: "/x.db" } }]], env)).toBe("/x.db")
})

test("falls back to the XDG default for a bare spec, another plugin's options or no config", () => {
  expect(storePathFromPlugins(["opencode-switchboard"], env)).toBe("/data/opencode-switchboard/switchboard.db")
  expect(storePathFromPlugins([["other-plugin", { store: { path: "/nope.db" } }]], env)).toBe("/data/opencode-switchboard/switchboard.db")
  expect(storePathFromPlugins(undefined, env)).toBe("/data/opencode-switchboard/switchboard.db")
})
