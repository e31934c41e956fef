import { describe, expect, spyOn, test } from "bun:test"
import type { TuiPluginApi } from "@opencode-ai/plugin/tui"
import { registerSidebar, SIDEBAR_ORDER } from "../../../tui/sidebar.tsx"
import { fakeTuiApi } from "../helpers/fake-tui-api.ts"

type Handler = (e: { properties: { sessionID: string } }) => void

/** The shared fake plus the parts only the sidebar uses: slots and the event bus. */
function sidebarApi() {
  const fake = fakeTuiApi("/proj", [["opencode-switchboard", { store: { path: "/nonexistent/switchboard.db" } }]])
  const slots: { order?: number; slots: Record<string, unknown> }[] = []
  const handlers = new Map<string, Handler[]>()
  Object.assign(fake.api as object, {
    slots: { register: (plugin: (typeof slots)[number]) => (slots.push(plugin), `slot-${slots.length}`) },
    event: {
      on: (type: string, handler: Handler) => {
        handlers.set(type, [...(handlers.get(type) ?? []), handler])
        return () => {}
      },
    },
  })
  const emit = (type: string, sessionID: string) => handlers.get(type)?.forEach((h) => h({ properties: { sessionID } }))
  return { ...fake, slots, handlers, emit }
}

describe("registerSidebar", () => {
  test("registers one sidebar_content slot after opencode's own sections and listens for replies and idle", async () => {
    const fake = sidebarApi()
    const feed = registerSidebar(fake.api)
    expect(feed).toBeDefined()
    expect(fake.slots.length).toBe(1)
    expect(SIDEBAR_ORDER).toBeGreaterThan(500)
    expect(fake.slots[0]?.order).toBe(SIDEBAR_ORDER)
    expect(Object.keys(fake.slots[0]?.slots ?? {})).toEqual(["sidebar_content"])
    expect([...fake.handlers.keys()].sort()).toEqual(["message.updated", "session.idle"])
    await fake.dispose()
  })

  test("events for a session on screen trigger a read; others do not; dispose stops the timer", async () => {
    const fake = sidebarApi()
    const feed = registerSidebar(fake.api, { refreshMs: 60_000, settleMs: 5 })!
    const warn = spyOn(console, "warn").mockImplementation(() => {})
    try {
      const stop = feed.watch("ses_a")
      await Bun.sleep(20)
      // the store is not there: one console line with the reason, the sidebar says it in one muted line
      expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([
        "[switchboard] sidebar: no store at /nonexistent/switchboard.db yet",
      ])
      fake.emit("message.updated", "ses_other")
      fake.emit("session.idle", "ses_a")
      await Bun.sleep(20)
      stop()
      await fake.dispose()
      expect(feed.watching("ses_a")).toBe(false)
    } finally {
      warn.mockRestore()
    }
  })

  test("an API without slots or events (an older or stripped host) leaves a console line, never a throw", async () => {
    const fake = fakeTuiApi("/proj")
    const api = fake.api as unknown as Record<string, unknown>
    delete api.slots
    delete api.event
    const warn = spyOn(console, "warn").mockImplementation(() => {})
    try {
      expect(registerSidebar(fake.api as TuiPluginApi)).toBeUndefined()
      expect(String(warn.mock.calls[0]?.[0])).toContain("[switchboard] sidebar not registered")
    } finally {
      warn.mockRestore()
      await fake.dispose()
    }
  })
})
