import { expect, test } from "bun:test"
import pkg from "../../package.json"
import { PACKAGE_NAME, VERSION } from "../../src/version.ts"

test("VERSION and PACKAGE_NAME match package.json", () => {
  expect(VERSION).toBe(pkg.version)
  expect(PACKAGE_NAME).toBe(pkg.name)
})

test("package.json ships both halves and the CLI, and pins the opencode range", () => {
  expect(pkg.exports["./server"].import).toBe("./dist/server/index.js")
  expect(pkg.exports["./tui"].import).toBe("./dist/tui.js")
  expect(pkg.bin.switchboard).toBe("./bin/switchboard")
  expect(pkg.engines.opencode).toBe(">=1.18.0 <2")
  expect(pkg.files).not.toContain("src")
  expect(Object.keys(pkg.dependencies).sort()).toEqual(["@opencode-ai/plugin", "@opencode-ai/sdk", "zod"])
  for (const dev of ["solid-js", "@opentui/solid", "opencode-ai", "bun"]) expect(pkg.devDependencies).toHaveProperty(dev)
})
