import { expect, test } from "bun:test"
import { emptyPane, forgetSession, recordActivity } from "../../../src/sessions/tracked.ts"

test("activity moves a session to the front, keeps titles, and is bounded", () => {
  let s = emptyPane("tmux:%1", "TMUX_PANE")
  s = recordActivity(s, "a", 1, "first", 2).state
  s = recordActivity(s, "b", 2, undefined, 2).state
  const again = recordActivity(s, "a", 3, undefined, 2)
  expect(again.changed).toBe(true)
  expect(again.state.current).toBe("a")
  expect(again.state.history).toEqual([
    { id: "a", title: "first", at: 3 },
    { id: "b", title: undefined, at: 2 },
  ])
  expect(recordActivity(again.state, "c", 4, undefined, 2).state.history.map((h) => h.id)).toEqual(["c", "a"])
  expect(recordActivity(again.state, "a", 5, "first", 2).changed).toBe(false)
})

test("forgetting the current session falls back to the previous one", () => {
  let s = emptyPane("p", "x")
  s = recordActivity(s, "a", 1, undefined, 5).state
  s = recordActivity(s, "b", 2, undefined, 5).state
  expect(forgetSession(s, "b")).toMatchObject({ current: "a", history: [{ id: "a" }] })
  expect(forgetSession(s, "a")).toMatchObject({ current: "b" })
})
