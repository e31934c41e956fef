import { describe, expect, test } from "bun:test"
import { BatchWriter } from "../../../src/store/writer.ts"

describe("BatchWriter", () => {
  test("enqueue does no I/O, not even for a full batch (it flushes on the next tick); the rest on the timer", async () => {
    const batches: number[][] = []
    const w = new BatchWriter<number>((b) => void batches.push(b), { maxQueue: 100, batchSize: 3, intervalMs: 20 })
    w.enqueue(1)
    w.enqueue(2)
    expect(batches).toEqual([])
    w.enqueue(3)
    expect(batches).toEqual([])
    await Bun.sleep(1)
    expect(batches).toEqual([[1, 2, 3]])
    w.enqueue(4)
    await Bun.sleep(60)
    expect(batches).toEqual([[1, 2, 3], [4]])
    expect(w.stats()).toEqual({ queued: 0, written: 4, dropped: 0, failedBatches: 0 })
  })

  test("overflow is counted, never silent", () => {
    const w = new BatchWriter<number>(() => {}, { maxQueue: 2, batchSize: 10, intervalMs: 10_000 })
    expect([w.enqueue(1), w.enqueue(2), w.enqueue(3)]).toEqual([true, true, false])
    expect(w.stats()).toMatchObject({ queued: 2, dropped: 1 })
    w.close()
    expect(w.enqueue(4)).toBe(false)
    expect(w.stats()).toMatchObject({ queued: 0, written: 2, dropped: 2 })
  })

  test("a failing batch is dropped and counted with its error, and the writer keeps going", () => {
    let fail = true
    const written: number[] = []
    const w = new BatchWriter<number>(
      (b) => {
        if (fail) throw new Error("disk is full")
        written.push(...b)
      },
      { maxQueue: 10, batchSize: 2, intervalMs: 10_000 },
    )
    w.enqueue(1)
    w.enqueue(2)
    w.flush()
    fail = false
    w.enqueue(3)
    w.flush()
    expect(written).toEqual([3])
    expect(w.stats()).toEqual({ queued: 0, written: 1, dropped: 2, failedBatches: 1, lastError: "disk is full" })
  })
})
