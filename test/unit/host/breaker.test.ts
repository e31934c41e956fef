import { describe, expect, test } from "bun:test"
import { createBreaker, TRANSITION_HISTORY, type BreakerTransition } from "../../../src/host/breaker.ts"
import { createFakeClock } from "../helpers/fake-clock.ts"

const settings = { maxFailures: 3, resetMs: 1000, maxResetMs: 3000 }

function setup() {
  const clock = createFakeClock(10_000)
  const seen: BreakerTransition[] = []
  const breaker = createBreaker(settings, clock, (t) => seen.push(t))
  const fail = (n: number) => {
    for (let i = 0; i < n; i++) breaker.failure("boom")
  }
  return { clock, breaker, seen, fail }
}

describe("breaker", () => {
  test("stays closed below maxFailures, and a success clears the count", () => {
    const { breaker, fail } = setup()
    fail(2)
    expect(breaker.state).toBe("closed")
    expect(breaker.consecutiveFailures).toBe(2)
    breaker.success()
    expect(breaker.consecutiveFailures).toBe(0)
    fail(2)
    expect(breaker.state).toBe("closed")
    expect(breaker.allow()).toBe(true)
  })

  test("full cycle closed → open → half-open → closed", async () => {
    const { clock, breaker, fail, seen } = setup()
    fail(3)
    expect(breaker.state).toBe("open")
    expect(breaker.openedAt).toBe(10_000)
    expect(breaker.nextTrialAt).toBe(11_000)
    expect(breaker.allow()).toBe(false)
    expect(breaker.rejection()).toContain("circuit open after 3 consecutive failures (last: boom)")

    await clock.advance(999)
    expect(breaker.allow()).toBe(false)
    await clock.advance(1)
    expect(breaker.allow()).toBe(true)
    expect(breaker.state).toBe("half-open")

    breaker.success()
    expect(breaker.state).toBe("closed")
    expect(breaker.openedAt).toBeUndefined()
    expect(breaker.nextTrialAt).toBeUndefined()
    expect(seen.map((t) => `${t.from}>${t.to}`)).toEqual(["closed>open", "open>half-open", "half-open>closed"])
    expect(seen[0]!.at).toBe(10_000)
    expect(seen[1]!.at).toBe(11_000)
  })

  test("only one trial call while half-open", async () => {
    const { clock, breaker, fail } = setup()
    fail(3)
    await clock.advance(1000)
    expect(breaker.allow()).toBe(true)
    expect(breaker.allow()).toBe(false)
    expect(breaker.allow()).toBe(false)
    expect(breaker.rejection()).toContain("half-open")
  })

  test("a failed trial re-opens with the wait doubled, capped at maxResetMs; success resets the back-off", async () => {
    const { clock, breaker, fail } = setup()
    fail(3)
    const waits: number[] = []
    for (let i = 0; i < 4; i++) {
      waits.push(breaker.nextTrialAt! - clock.now())
      await clock.advance(breaker.nextTrialAt! - clock.now())
      expect(breaker.allow()).toBe(true)
      breaker.failure("still broken")
      expect(breaker.state).toBe("open")
    }
    waits.push(breaker.nextTrialAt! - clock.now())
    expect(waits).toEqual([1000, 2000, 3000, 3000, 3000])

    await clock.advance(3000)
    expect(breaker.allow()).toBe(true)
    breaker.success()
    fail(3)
    expect(breaker.nextTrialAt! - clock.now()).toBe(1000)
  })

  test("late outcomes while open change nothing", () => {
    const { breaker, fail } = setup()
    fail(3)
    breaker.success()
    expect(breaker.state).toBe("open")
    expect(breaker.consecutiveFailures).toBe(3)
    breaker.failure("late")
    expect(breaker.state).toBe("open")
    expect(breaker.transitions.length).toBe(1)
  })

  test("reset() forces closed and forgets the back-off", async () => {
    const { clock, breaker, fail, seen } = setup()
    fail(3)
    await clock.advance(1000)
    breaker.allow()
    breaker.failure("x")
    breaker.reset()
    expect(breaker.state).toBe("closed")
    expect(breaker.consecutiveFailures).toBe(0)
    expect(seen.at(-1)).toMatchObject({ from: "open", to: "closed", reason: "reset by user" })
    fail(3)
    expect(breaker.nextTrialAt! - clock.now()).toBe(1000)
    // Resetting a closed breaker records nothing.
    breaker.reset()
    const count = breaker.transitions.length
    breaker.reset()
    expect(breaker.transitions.length).toBe(count)
  })

  test("keeps only the last transitions", async () => {
    const { clock, breaker, fail } = setup()
    for (let i = 0; i < 40; i++) {
      fail(3)
      await clock.advance(3000)
      breaker.allow()
      breaker.success()
    }
    expect(breaker.transitions.length).toBe(TRANSITION_HISTORY)
    expect(breaker.transitions.at(-1)!.to).toBe("closed")
    expect(JSON.parse(JSON.stringify(breaker.info())).transitions.length).toBe(TRANSITION_HISTORY)
  })

  test("a throwing observer does not break transitions", () => {
    const clock = createFakeClock()
    const breaker = createBreaker(settings, clock, () => {
      throw new Error("observer")
    })
    for (let i = 0; i < 3; i++) breaker.failure("x")
    expect(breaker.state).toBe("open")
  })
})
