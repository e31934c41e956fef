// The batched writer between hooks and the disk. Hooks only enqueue (no I/O, O(1)); a timer, or the next tick
// after a batch fills, flushes in one transaction. The queue is bounded: when the disk cannot keep up, new writes
// are dropped and counted, and status views show the count. Nothing is ever silently lost.
export interface WriterStats {
  queued: number
  written: number
  dropped: number
  failedBatches: number
  lastError?: string
}

export interface WriterOptions {
  maxQueue: number
  batchSize: number
  intervalMs: number
}

export const DEFAULT_WRITER: WriterOptions = { maxQueue: 20_000, batchSize: 500, intervalMs: 200 }

export class BatchWriter<W> {
  private queue: W[] = []
  private timer: ReturnType<typeof setTimeout> | undefined
  /** The pending timer is the immediate one for a full batch. */
  private soon = false
  private readonly stats_: WriterStats = { queued: 0, written: 0, dropped: 0, failedBatches: 0 }
  private closed = false

  constructor(
    private readonly apply: (batch: W[]) => void,
    private readonly options: WriterOptions = DEFAULT_WRITER,
  ) {}

  /** Returns false when the write was dropped (queue full or writer closed). */
  enqueue(write: W): boolean {
    if (this.closed || this.queue.length >= this.options.maxQueue) {
      this.stats_.dropped++
      return false
    }
    this.queue.push(write)
    // A full batch is written on the next tick, not inside this call: the hook that filled it never waits on disk.
    if (this.queue.length >= this.options.batchSize) this.schedule(0)
    else if (!this.timer) this.schedule(this.options.intervalMs)
    return true
  }

  private schedule(ms: number) {
    if (this.timer && (ms > 0 || this.soon)) return
    if (this.timer) clearTimeout(this.timer)
    this.soon = ms === 0
    this.timer = setTimeout(() => this.flush(), ms)
    ;(this.timer as { unref?: () => void }).unref?.()
  }

  /** Writes everything queued, batch by batch. A failing batch is counted as dropped, never retried forever. */
  flush() {
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    this.soon = false
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.batchSize)
      try {
        this.apply(batch)
        this.stats_.written += batch.length
      } catch (cause) {
        this.stats_.failedBatches++
        this.stats_.dropped += batch.length
        this.stats_.lastError = cause instanceof Error ? cause.message : String(cause)
      }
    }
  }

  stats(): WriterStats {
    return { ...this.stats_, queued: this.queue.length }
  }

  close() {
    this.flush()
    this.closed = true
  }
}
