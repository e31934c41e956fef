// The batched writer between hooks and the disk. Hooks only enqueue (no I/O, O(1)); a timer or a full batch
// flushes in one transaction. The queue is bounded: when the disk cannot keep up, new writes are dropped and
// counted, and status views show the count. Nothing is ever silently lost.
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
    if (this.queue.length >= this.options.batchSize) this.flush()
    else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.options.intervalMs)
      ;(this.timer as { unref?: () => void }).unref?.()
    }
    return true
  }

  /** Writes everything queued, batch by batch. A failing batch is counted as dropped, never retried forever. */
  flush() {
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
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
