// switchboard ext: list a project's extensions, or enable/disable/reload/reset one in the running opencode.
import { readStatus } from "../status/read.ts"
import { describeExtension } from "../status/report.ts"
import { openStore } from "../store/open.ts"
import { CONTROL_ACTIONS, isUserAction, controlOutcome, requestControl, type ControlAction } from "../store/control.ts"
import { EXTENSION_NAME } from "../host/define.ts"
import { storePath, type Context } from "./context.ts"

export type { Io } from "./io.ts"

const WAIT_MS = 8000

export async function ext({ positionals, dir, json, rt: io }: Context): Promise<number> {
  const [action, name] = positionals
  const store = storePath(dir, io.env)
  if (action === undefined || action === "list") {
    const report = readStatus(store, dir)
    if (json) io.out(JSON.stringify(report.extensions, null, 2))
    else if (report.extensions.length === 0) io.out(report.server.loaded ? "no extensions" : `no running server half for ${dir}`)
    else for (const e of report.extensions) io.out(`${e.name}\t${describeExtension(e)}`)
    return report.store.ok ? 0 : 1
  }
  if (!isUserAction(action)) {
    io.err(`switchboard ext: unknown action "${action}" (expected list, ${CONTROL_ACTIONS.join(", ")})`)
    return 2
  }
  if (!name || !EXTENSION_NAME.test(name)) {
    io.err(`switchboard ext ${action}: expected an extension name (lower-case letters, digits, - or _)`)
    return 2
  }
  const opened = openStore(store)
  if (!opened.ok) {
    io.err(`switchboard: ${opened.error}`)
    return 1
  }
  const { db } = opened.value
  try {
    const id = requestControl(db, dir, name, action as ControlAction)
    const deadline = Date.now() + WAIT_MS
    while (Date.now() < deadline) {
      const outcome = controlOutcome(db, id)
      if (outcome.done) {
        ;(outcome.ok ? io.out : io.err)(outcome.result ?? (outcome.ok ? "done" : "failed"))
        return outcome.ok ? 0 : 1
      }
      await Bun.sleep(100)
    }
    io.err(`no answer within ${WAIT_MS / 1000} s: is opencode running in ${dir}? (the request stays queued for a minute)`)
    return 1
  } finally {
    db.close()
  }
}
