// Temporary directories for unit tests, removed after each test file.
import { afterAll } from "bun:test"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"

export function tempDir(prefix = "switchboard-unit-"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
  return dir
}
