// Drives the real server plugin the way opencode does: extension files in a temp project's
// .opencode/switchboard/extensions/, a store in that project, an empty XDG_CONFIG_HOME (so no global extension is
// found), then the config hook, which waits for the host, before anything else.
import { afterAll, beforeAll } from "bun:test"
import type { Config, Hooks } from "@opencode-ai/plugin"
import type { AssistantMessage, Message, TextPart, UserMessage } from "@opencode-ai/sdk"
import fs from "node:fs"
import path from "node:path"
import plugin from "../../../../server/index.ts"
import { fakePluginInput } from "../../helpers/fake-plugin-input.ts"
import { tempDir } from "../../helpers/tmp.ts"

/** Extension files live in temp directories without node_modules: they import zod by its resolved path. */
export const ZOD = `import { z } from ${JSON.stringify(Bun.resolveSync("zod", import.meta.dir))}`

/** A process-wide array extension code and tests share: `globalThis[key].push(…)` in the extension file. */
export function sink<T = unknown>(key: string): T[] {
  const g = globalThis as unknown as Record<string, T[]>
  g[key] = []
  return g[key]
}

let counter = 0

export interface Started {
  dir: string
  hooks: Hooks
  config: Config
  logs: ReturnType<typeof fakePluginInput>["logs"]
}

export type Start = (
  extensions: Record<string, string>,
  options?: Record<string, unknown>,
  config?: Config,
) => Promise<Started>

/**
 * Call once at the top of a test file. XDG_CONFIG_HOME points at an empty temp directory while the file runs; every
 * plugin started with `start` is disposed after it. `extensions`: file name (without .ts) → source.
 */
export function useServer(): Start {
  const started: Hooks[] = []
  const previous = process.env.XDG_CONFIG_HOME
  afterAll(async () => {
    for (const hooks of started) await hooks.dispose?.()
    if (previous === undefined) delete process.env.XDG_CONFIG_HOME
    else process.env.XDG_CONFIG_HOME = previous
  })
  // Registered after the dispose above, so the stores are closed before their directory goes.
  const root = tempDir("switchboard-hooks-")
  beforeAll(() => {
    process.env.XDG_CONFIG_HOME = path.join(root, "xdg-config")
  })
  return async (extensions, options = {}, config = {}) => {
    const dir = path.join(root, `project-${++counter}`)
    const extDir = path.join(dir, ".opencode", "switchboard", "extensions")
    fs.mkdirSync(extDir, { recursive: true })
    for (const [name, source] of Object.entries(extensions)) fs.writeFileSync(path.join(extDir, `${name}.ts`), source)
    const { input, logs } = fakePluginInput(dir)
    const store = { path: path.join(dir, "switchboard.db") }
    const hooks = await plugin.server(input, { store, hotReload: false, ...options })
    started.push(hooks)
    // opencode calls config first; it is also the hook that waits for the extensions to load.
    await hooks.config!(config)
    return { dir, hooks, config, logs }
  }
}

// ---------------------------------------------------------------- opencode's objects, as it builds them

const now = () => Date.now()

/** One entry of experimental.chat.messages.transform's output.messages (text parts only, here). */
export interface Entry {
  info: Message
  parts: TextPart[]
}

export function userMessage(id: string, sessionID = "ses_1"): UserMessage {
  return {
    id,
    sessionID,
    role: "user",
    time: { created: now() },
    agent: "build",
    model: { providerID: "openai", modelID: "gpt-5" },
  }
}

export function textPart(messageID: string, text: string, sessionID = "ses_1"): TextPart {
  return { id: `prt_${messageID}_${++counter}`, sessionID, messageID, type: "text", text }
}

/** The input/output pair opencode passes to chat.message for a user message with these texts. */
export function chatMessage(messageID: string, texts: string[], sessionID = "ses_1") {
  const input = { sessionID, messageID, agent: "build", model: { providerID: "openai", modelID: "gpt-5" } }
  const parts = texts.map((t) => textPart(messageID, t, sessionID))
  const output = { message: userMessage(messageID, sessionID), parts }
  return { input, output }
}

export function userEntry(messageID: string, text: string, sessionID = "ses_1"): Entry {
  return { info: userMessage(messageID, sessionID), parts: [textPart(messageID, text, sessionID)] }
}

export function assistantEntry(messageID: string, parentID: string, text: string, sessionID = "ses_1"): Entry {
  return { info: assistantMessage(messageID, parentID, sessionID), parts: [textPart(messageID, text, sessionID)] }
}

export function assistantMessage(
  id: string,
  parentID: string,
  sessionID = "ses_1",
  extra: Record<string, unknown> = {},
): AssistantMessage {
  return {
    id,
    sessionID,
    role: "assistant",
    time: { created: 1_000 },
    parentID,
    modelID: "gpt-5",
    providerID: "openai",
    mode: "build",
    path: { cwd: "/p", root: "/p" },
    cost: 0,
    tokens: { input: 0, output: 0, reasoning: 0, cache: { read: 0, write: 0 } },
    ...extra,
  }
}

export function toolPart(callID: string, tool: string, state: Record<string, unknown>, sessionID = "ses_1") {
  return { id: `prt_tool_${callID}`, sessionID, messageID: "msg_assistant", type: "tool" as const, callID, tool, state }
}

/** The event hook's argument for a bus event. */
export const busEvent = (type: string, properties: Record<string, unknown>) => ({
  event: { type, properties } as never,
})
