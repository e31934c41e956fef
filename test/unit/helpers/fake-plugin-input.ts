// A PluginInput with a recording client: enough of opencode's server side for the plugin's own tests.
import type { PluginInput } from "@opencode-ai/plugin"

export interface LoggedLine {
  service: string
  level: string
  message: string
  extra?: Record<string, unknown>
}

export function fakePluginInput(directory: string) {
  const logs: LoggedLine[] = []
  const toasts: unknown[] = []
  const client = {
    app: {
      log: async (req: { body: LoggedLine }) => {
        logs.push(req.body)
        return { data: true }
      },
    },
    tui: {
      showToast: async (req: { body: unknown }) => {
        toasts.push(req.body)
        return { data: true }
      },
    },
  }
  const input = {
    client,
    directory,
    worktree: directory,
    project: { id: "test-project", worktree: directory },
    serverUrl: new URL("http://localhost:4096"),
    experimental_workspace: { register() {} },
    $: undefined,
  } as unknown as PluginInput
  return { input, logs, toasts }
}

/** The context opencode hands a tool's execute(). */
export function fakeToolContext(directory: string, sessionID = "ses_test") {
  return {
    sessionID,
    messageID: "msg_test",
    agent: "build",
    directory,
    worktree: directory,
    abort: new AbortController().signal,
    callID: "call_test",
    metadata() {},
    ask: async () => {},
  }
}

export async function until(check: () => boolean, timeoutMs = 3000) {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time")
    await Bun.sleep(10)
  }
}
