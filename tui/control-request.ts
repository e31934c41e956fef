// TUI → server actions: a control request row in the shared store, answered by the server half. Polls without
// blocking the UI thread, gives up after a bound, and can be cancelled when the user closes the dialog.
import fs from "node:fs"
import { openStore } from "../src/store/open.ts"
import { controlOutcome, requestControl, type ControlAction } from "../src/store/control.ts"
import { errorMessage, type Result } from "../src/result.ts"

const POLL_MS = 100
const WAIT_MS = 8000

export interface Pending {
  cancel(): void
}

export function sendControl(
  storePath: string,
  directory: string,
  extension: string,
  action: ControlAction,
  target: string | undefined,
  done: (result: Result<string>) => void,
): Pending {
  let cancelled = false
  let timer: ReturnType<typeof setTimeout> | undefined
  // Never create a store from the TUI: no store means no server half here to answer.
  if (!fs.existsSync(storePath)) {
    queueMicrotask(() => done({ ok: false, error: `no switchboard store at ${storePath}: the server half is not running on this machine` }))
    return { cancel() {} }
  }
  const opened = openStore(storePath)
  if (!opened.ok) {
    queueMicrotask(() => done(opened))
    return { cancel() {} }
  }
  const { db } = opened.value
  let closed = false
  const close = () => {
    if (closed) return
    closed = true
    db.close()
  }
  const finish = (result: Result<string>) => {
    close()
    if (!cancelled) done(result)
  }
  let id: number
  try {
    id = requestControl(db, directory, extension, action, Date.now(), target)
  } catch (cause) {
    queueMicrotask(() => finish({ ok: false, error: `cannot write the request: ${errorMessage(cause)}` }))
    return { cancel: () => void (cancelled = true) }
  }
  const deadline = Date.now() + WAIT_MS
  const poll = () => {
    if (cancelled) return close()
    try {
      const outcome = controlOutcome(db, id)
      if (outcome.done) return finish(outcome.ok ? { ok: true, value: outcome.result ?? "" } : { ok: false, error: outcome.result ?? "failed" })
    } catch (cause) {
      return finish({ ok: false, error: errorMessage(cause) })
    }
    if (Date.now() > deadline) return finish({ ok: false, error: `no answer from the server half within ${WAIT_MS / 1000} s (is it running for this project?)` })
    timer = setTimeout(poll, POLL_MS)
  }
  timer = setTimeout(poll, POLL_MS)
  return {
    cancel() {
      cancelled = true
      if (timer) clearTimeout(timer)
      close()
    },
  }
}
