// The progress surface: every update forwarded to opencode's ctx.metadata, and shown as a toast titled with the
// tool's name, throttled per call (first at once, then one per interval, the last always), never throwing.
import { describe, expect, test } from "bun:test"
import { createProgressSurface, renderProgress, type ToastClient } from "../../../server/progress.ts"
import { createFakeClock, flush } from "../helpers/fake-clock.ts"

function recordingClient() {
  const toasts: { title?: string; message: string; variant: string; duration?: number }[] = []
  const client: ToastClient = {
    tui: {
      showToast: async (req) => {
        toasts.push(req.body)
        return true
      },
    },
  }
  return { client, toasts, messages: () => toasts.map((t) => t.message) }
}

describe("progress surface", () => {
  test("the first update is shown at once, with the tool's name as the title; metadata is forwarded", async () => {
    const clock = createFakeClock()
    const { client, toasts } = recordingClient()
    const seen: unknown[] = []
    const reporter = createProgressSurface(client, "/p", clock).start("ext_slow", (u) => seen.push(u))
    reporter.report({ title: "1/5", metadata: { i: 1 } })
    await flush()
    expect(toasts).toEqual([{ title: "ext_slow", message: "1/5", variant: "info", duration: expect.any(Number) }])
    expect(seen).toEqual([{ title: "1/5", metadata: { i: 1 } }])
  })

  test("updates inside the interval are held; one per second at most, the newest wins; finish shows the last", async () => {
    const clock = createFakeClock()
    const { client, messages } = recordingClient()
    const reporter = createProgressSurface(client, "/p", clock, 1000).start("ext_slow")
    reporter.report({ title: "1/10" })
    await clock.advance(100)
    reporter.report({ title: "2/10" })
    await clock.advance(100)
    reporter.report({ title: "3/10" })
    await flush()
    expect(messages()).toEqual(["1/10"])
    await clock.advance(800) // one interval after the first toast: the newest held update
    expect(messages()).toEqual(["1/10", "3/10"])
    await clock.advance(300)
    reporter.report({ title: "4/10" })
    await clock.advance(100)
    reporter.report({ title: "10/10" })
    reporter.finish()
    await flush()
    expect(messages()).toEqual(["1/10", "3/10", "10/10"])
    expect(clock.pending()).toBe(0)
    reporter.report({ title: "late" })
    await clock.advance(5000)
    expect(messages()).toEqual(["1/10", "3/10", "10/10"])
  })

  test("each tool call is throttled on its own", async () => {
    const clock = createFakeClock()
    const { client, toasts } = recordingClient()
    const surface = createProgressSurface(client, "/p", clock)
    surface.start("a_x").report({ title: "a1" })
    surface.start("b_y").report({ title: "b1" })
    await flush()
    expect(toasts.map((t) => `${t.title}:${t.message}`)).toEqual(["a_x:a1", "b_y:b1"])
  })

  test("a throwing client, a hanging client and a throwing metadata callback never reach the tool", async () => {
    const clock = createFakeClock()
    const throwing: ToastClient = { tui: { showToast: () => { throw new Error("no tui") } } }
    const hanging: ToastClient = { tui: { showToast: () => new Promise(() => {}) } }
    for (const client of [throwing, hanging]) {
      const reporter = createProgressSurface(client, "/p", clock).start("t", () => {
        throw new Error("dropped upstream")
      })
      expect(() => reporter.report({ title: "x" })).not.toThrow()
      expect(() => reporter.finish()).not.toThrow()
    }
    await flush()
  })

  test("without a title the metadata is rendered briefly; nothing to show, no toast", () => {
    expect(renderProgress({ title: "3/4" })).toBe("3/4")
    expect(renderProgress({ metadata: { files: 3, phase: "scan" } })).toBe("files: 3, phase: scan")
    expect(renderProgress({ metadata: { blob: "x".repeat(500) } })!.length).toBe(120)
    expect(renderProgress({})).toBeUndefined()
  })
})
