// Sessions being compacted, from the compacting hook until opencode reports session.compacted. A compaction that
// never reports back (it failed, opencode restarted) expires, so injection does not stay off for good.
const STALE_MS = 10 * 60_000

export class Compactions {
  private readonly started = new Map<string, number>()
  constructor(private readonly now: () => number = Date.now) {}
  start(sessionID: string) {
    this.started.set(sessionID, this.now())
  }
  end(sessionID: string) {
    this.started.delete(sessionID)
  }
  has(sessionID: string): boolean {
    const at = this.started.get(sessionID)
    if (at === undefined) return false
    if (this.now() - at <= STALE_MS) return true
    this.started.delete(sessionID)
    return false
  }
}
