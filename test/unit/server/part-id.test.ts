import { expect, test } from "bun:test"
import { partId } from "../../../server/part-id.ts"

test("ids follow opencode's format and sort after a given id, even one from the same or a later millisecond", () => {
  const theirs = "prt_2005e1ece001Xw917v0zZqsFhk"
  for (let i = 0; i < 2000; i++) {
    const ours = partId(theirs, Math.floor(0x2005e1ece001 / 0x1000))
    expect(ours).toMatch(/^prt_[0-9a-f]{12}[0-9A-Za-z]{14}$/)
    expect(ours > theirs).toBe(true)
  }
  expect(partId(undefined, 1000) < partId(undefined, 2000)).toBe(true)
})

test("an id in another format is no floor, and never an error", () => {
  expect(partId("p1")).toMatch(/^prt_/)
  expect(partId("prt_zz")).toMatch(/^prt_/)
})
