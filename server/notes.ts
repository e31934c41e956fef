// Display-only notes: a user message with noReply and an ignored text part is stored and shown in the
// transcript but never sent to the model, and starts no turn. Sent only while the session is idle (a note into a
// busy session can cost an extra model step), so notes for a busy session wait for its idle event.
import type { PluginInput } from "@opencode-ai/plugin"
import type { Logger } from "../src/host/types.ts"
import { isSessionID } from "../src/sessions/id.ts"
import { truncateUtf8 } from "../src/store/truncate.ts"
import { withTimeout } from "../src/timeout.ts"

const MAX_PENDING = 20
const MAX_BYTES = 8000
const SEND_TIMEOUT_MS = 5000

export class Notes {
  private readonly busy = new Set<string>()
  private readonly pending = new Map<string, string[]>()
  private lastActive: string | undefined

  constructor(
    private readonly client: PluginInput["client"],
    private readonly directory: string,
    private readonly log: Logger,
  ) {}

  /** Follows session status from the bus: busy/idle, and which session was used last. */
  observe(type: string, properties: Record<string, unknown>) {
    const id = properties.sessionID
    if (!isSessionID(id)) return
    if (type === "session.status") {
      const status = (properties.status as { type?: unknown } | undefined)?.type
      if (status === "busy" || status === "retry") {
        this.busy.add(id)
        this.lastActive = id
      } else if (status === "idle") this.idle(id)
    } else if (type === "session.idle") this.idle(id)
  }

  private idle(id: string) {
    this.busy.delete(id)
    const queued = this.pending.get(id)
    if (!queued) return
    this.pending.delete(id)
    for (const text of queued) this.send(id, text)
  }

  post(sessionID: string, text: string) {
    if (!isSessionID(sessionID)) return this.log.warn(`switchboard: note refused: "${String(sessionID).slice(0, 40)}" is not a session id`)
    const bounded = truncateUtf8(text, MAX_BYTES).value
    if (!this.busy.has(sessionID)) return this.send(sessionID, bounded)
    const queue = this.pending.get(sessionID) ?? []
    if (queue.length >= MAX_PENDING) return this.log.warn(`switchboard: note dropped: ${MAX_PENDING} already waiting for ${sessionID}`)
    queue.push(bounded)
    this.pending.set(sessionID, queue)
  }

  /** For server-side news when no TUI half is there to toast it: the last session the user worked in. */
  postToActive(text: string) {
    if (this.lastActive) this.post(this.lastActive, text)
  }

  private send(sessionID: string, text: string) {
    void withTimeout(
      Promise.resolve().then(() =>
        this.client.session.prompt({
          path: { id: sessionID },
          query: { directory: this.directory },
          body: { noReply: true, parts: [{ type: "text", text, ignored: true }] },
        }),
      ),
      SEND_TIMEOUT_MS,
      "note",
    ).then((r) => {
      if (!r.ok) this.log.warn(`switchboard: ${r.error}`)
    })
  }
}
