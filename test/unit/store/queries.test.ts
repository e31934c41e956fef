import { describe, expect, test } from "bun:test"
import { openStoreReadonly } from "../../../src/store/open.ts"
import {
  aggregateEvents,
  aggregateTools,
  countAnalytics,
  countEvents,
  iterateAnalytics,
  iterateEvents,
  iterateSessions,
  likePattern,
  listEvents,
  trackedPanes,
} from "../../../src/store/queries.ts"
import { DAY1, DAY2, event, paneKey, populated, sid, write } from "../cli/fixture.ts"

const f = populated()
const db = (() => {
  const opened = openStoreReadonly(f.store)
  if (!opened.ok) throw new Error(opened.error)
  return opened.value
})()
const P = f.project

describe("trackedPanes", () => {
  test("every pane of the project, newest first; unreadable rows and other projects left out", () => {
    const panes = trackedPanes(db, P)
    expect(panes.map((p) => p.pane)).toEqual([paneKey("p1"), paneKey("p2"), paneKey("p3")])
  })

  test("one pane: titles from the captured session, the current marked, last activity from messages and events", () => {
    const [pane] = trackedPanes(db, P, paneKey("p1"))
    expect(pane!.current).toBe(sid(1))
    expect(pane!.sessions).toEqual([
      // Messages count by their creation time; the session row's own update (DAY1) is older than both.
      { id: sid(1), title: "Fix the bug", trackedAt: DAY2, lastActivity: DAY2, current: true, deleted: false },
      { id: sid(2), title: 'Write, "quoted" docs', trackedAt: DAY1, lastActivity: DAY2 + 200, current: false, deleted: false },
    ])
  })

  test("a deleted session is flagged; an unknown pane has nothing", () => {
    expect(trackedPanes(db, P, paneKey("p2"))[0]!.sessions[0]).toMatchObject({ id: sid(3), deleted: true })
    expect(trackedPanes(db, P, "pane:nobody")).toEqual([])
  })
})

describe("events", () => {
  test("listed newest first, scoped to the project, with filters and paging", () => {
    const all = listEvents(db, { project: P }, 100)
    expect(all).toHaveLength(6)
    expect(all.map((e) => e.at)).toEqual([...all.map((e) => e.at)].sort((a, b) => b - a))
    expect(listEvents(db, { project: P, type: "tool.error" }, 10).map((e) => e.summary)).toEqual(["bash: 100% failed_badly"])
    expect(listEvents(db, { project: P, sessionID: sid(2) }, 10)).toHaveLength(1)
    expect(listEvents(db, { project: P, since: DAY2 }, 10)).toHaveLength(3)
    expect(listEvents(db, { project: P, until: DAY2 }, 10)).toHaveLength(3)
    expect(listEvents(db, { project: P }, 2, 1).map((e) => e.at)).toEqual([DAY2 + 100, DAY2])
    expect(countEvents(db, { project: P, since: DAY2 })).toBe(3)
  })

  test("search is literal: % and _ are not wildcards; case does not matter; data is searched too", () => {
    expect(likePattern("100%_x\\")).toBe("%100\\%\\_x\\\\%")
    expect(listEvents(db, { project: P, text: "100%" }, 10)).toHaveLength(1)
    expect(listEvents(db, { project: P, text: "0%" }, 10)).toHaveLength(1)
    expect(listEvents(db, { project: P, text: "a_b" }, 10)).toHaveLength(1)
    expect(listEvents(db, { project: P, text: "a%b" }, 10)).toHaveLength(0)
    expect(listEvents(db, { project: P, text: "FAILED_BADLY" }, 10)).toHaveLength(1)
    expect(listEvents(db, { project: P, text: "exit 1" }, 10)).toHaveLength(1)
  })

  test("iteration pages by id and sees every row once, oldest first", () => {
    const rows = [...iterateEvents(db, { project: P }, 4)]
    expect(rows).toHaveLength(6)
    expect(rows.map((r) => r.id)).toEqual([...rows.map((r) => r.id)].sort((a, b) => a - b))
    expect([...iterateEvents(db, { project: P, type: "session.idle" }, 1)]).toHaveLength(1)
  })

  test("aggregates by type, session (with titles) and UTC day", () => {
    expect(aggregateEvents(db, { project: P }, "type").map((r) => [r.key, r.count])).toEqual([
      ["file.edited", 1],
      ["message.completed", 1],
      ["session.created", 1],
      ["session.idle", 1],
      ["tool.completed", 1],
      ["tool.error", 1],
    ])
    const sessions = aggregateEvents(db, { project: P }, "session")
    expect(sessions[0]).toMatchObject({ key: sid(1), count: 4, title: "Fix the bug", first: DAY1, last: DAY2 })
    expect(sessions.find((r) => r.key === null)).toMatchObject({ count: 1, title: null })
    expect(aggregateEvents(db, { project: P }, "day").map((r) => [r.key, r.count])).toEqual([
      ["2025-01-10", 3],
      ["2025-01-11", 3],
    ])
  })
})

describe("tools and analytics", () => {
  test("calls, failures and nearest-rank p50/p95 per tool", () => {
    expect(aggregateTools(db, { project: P })).toEqual([
      { tool: "bash", calls: 3, failures: 1, p50Ms: 200, p95Ms: 300 },
      { tool: "read", calls: 1, failures: 0, p50Ms: 10, p95Ms: 10 },
    ])
    const one = aggregateTools(db, { project: P, sessionID: sid(2) })
    expect(one).toEqual([{ tool: "bash", calls: 1, failures: 0, p50Ms: 200, p95Ms: 200 }])
    expect(aggregateTools(db, { project: P, since: DAY2 }).map((r) => r.tool)).toEqual(["bash", "read"])
  })

  test("analytics per session and UTC day: messages, tokens, cost, tool calls and failures", () => {
    const rows = [...iterateAnalytics(db, { project: P })]
    expect(rows).toEqual([
      {
        sessionID: sid(1), day: "2025-01-10", title: "Fix the bug", messages: 1, tokensInput: 100, tokensOutput: 50,
        tokensReasoning: 10, tokensCacheRead: 1000, tokensCacheWrite: 5, cost: 0.01, toolCalls: 2, toolFailures: 1,
      },
      {
        sessionID: sid(1), day: "2025-01-11", title: "Fix the bug", messages: 1, tokensInput: 200, tokensOutput: 60,
        tokensReasoning: 0, tokensCacheRead: 0, tokensCacheWrite: 0, cost: 0.02, toolCalls: 1, toolFailures: 0,
      },
      {
        sessionID: sid(2), day: "2025-01-11", title: 'Write, "quoted" docs', messages: 1, tokensInput: 10, tokensOutput: 5,
        tokensReasoning: 0, tokensCacheRead: 0, tokensCacheWrite: 0, cost: 0.005, toolCalls: 1, toolFailures: 0,
      },
    ])
    expect(countAnalytics(db, { project: P })).toBe(3)
    expect(countAnalytics(db, { project: P, since: DAY2 })).toBe(2)
  })

  test("sessions page by id", () => {
    expect([...iterateSessions(db, P, 2)].map((s) => s.id)).toEqual([sid(1), sid(2), sid(3)])
    expect([...iterateSessions(db, P, 2)][2]).toMatchObject({ deletedAt: DAY1, title: "Gone" })
  })
})

describe("search input", () => {
  test("a search value never becomes SQL", () => {
    write(f.store, [event(P, DAY2 + 999, "note", "it's a 'quote'); DROP TABLE events; --")])
    const found = listEvents(db, { project: P, text: "'); DROP TABLE events; --" }, 10)
    expect(found).toHaveLength(1)
    expect(countEvents(db, { project: P })).toBe(7)
  })
})
