import { afterEach, beforeEach, expect, test } from "bun:test"
import { mkdtemp, rename, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { watchExtensionFiles } from "../../../src/host/watch.ts"

let dir: string
let close: (() => void) | undefined
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "switchboard-watch-"))
})
afterEach(async () => {
  close?.()
  close = undefined
  await rm(dir, { recursive: true, force: true })
})

/** Polls until `check` holds or 3 s pass; the assertion after it reports what was seen. */
async function eventually(check: () => boolean, timeoutMs = 3000) {
  const deadline = Date.now() + timeoutMs
  while (!check() && Date.now() < deadline) await Bun.sleep(20)
}

test("a write to a watched file calls onChange with its path; other files in the directory do not", async () => {
  const watched = join(dir, "ext.ts")
  const other = join(dir, "other.ts")
  await writeFile(watched, "export default 1")
  await writeFile(other, "x")
  const changes: string[] = []
  close = watchExtensionFiles([watched], (path) => changes.push(path), { debounceMs: 30 })
  await writeFile(other, "y")
  await writeFile(watched, "export default 2")
  await eventually(() => changes.length > 0)
  expect(changes).toEqual([watched])
})

test("two watched files written back to back are both reported (Bun drops all but the first event)", async () => {
  const a = join(dir, "a.ts")
  const b = join(dir, "b.ts")
  await writeFile(a, "0")
  await writeFile(b, "0")
  const changes: string[] = []
  close = watchExtensionFiles([a, b], (path) => changes.push(path), { debounceMs: 30 })
  await writeFile(a, "1")
  await writeFile(b, "1")
  await eventually(() => changes.length >= 2)
  expect(changes.sort()).toEqual([a, b])
})

test("a deleted file is reported; a throwing onChange goes to onError", async () => {
  const watched = join(dir, "ext.ts")
  await writeFile(watched, "0")
  const errors: string[] = []
  close = watchExtensionFiles(
    [watched],
    () => {
      throw new Error("reload exploded")
    },
    { debounceMs: 30, onError: (error, where) => errors.push(`${where}: ${error}`) },
  )
  await rm(watched)
  await eventually(() => errors.length > 0)
  expect(errors).toEqual([`${watched}: reload exploded`])
})

test("an editor-style save (write a temp file, rename it over the original) is seen, twice", async () => {
  const watched = join(dir, "ext.ts")
  await writeFile(watched, "export default 1")
  const changes: string[] = []
  close = watchExtensionFiles([watched], (path) => changes.push(path), { debounceMs: 30 })
  for (const version of [2, 3]) {
    const seen = changes.length
    const temp = join(dir, `.ext.ts.${version}.tmp`)
    await writeFile(temp, `export default ${version}`)
    await rename(temp, watched)
    await eventually(() => changes.length > seen)
    expect(changes.length).toBeGreaterThan(seen)
    expect(changes.at(-1)).toBe(watched)
  }
})

test("a burst of writes is debounced into one call", async () => {
  const watched = join(dir, "ext.ts")
  await writeFile(watched, "0")
  const changes: string[] = []
  // Long enough that the burst below surely fits inside one debounce window.
  close = watchExtensionFiles([watched], (path) => changes.push(path), { debounceMs: 500 })
  for (let i = 1; i <= 5; i++) await writeFile(watched, String(i))
  await eventually(() => changes.length > 0)
  await Bun.sleep(700)
  expect(changes).toEqual([watched])
})

test("after close() no more calls arrive", async () => {
  const watched = join(dir, "ext.ts")
  await writeFile(watched, "0")
  const changes: string[] = []
  const stop = watchExtensionFiles([watched], (path) => changes.push(path), { debounceMs: 30 })
  await writeFile(watched, "1")
  stop()
  stop() // idempotent
  await writeFile(watched, "2")
  await Bun.sleep(200)
  expect(changes).toEqual([])
})

test("a directory that cannot be watched is reported through onError, never thrown", async () => {
  const errors: string[] = []
  const missing = join(dir, "nope", "ext.ts")
  close = watchExtensionFiles([missing], () => {}, { onError: (error, where) => errors.push(`${where}: ${error}`) })
  expect(errors).toHaveLength(1)
  expect(errors[0]).toStartWith(join(dir, "nope"))
})
