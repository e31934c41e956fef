/** @jsxImportSource @opentui/solid */
// /remember: type a fact, OpenMind keeps it for this project. No model turn and no message: the fact goes straight
// into OpenMind's database, redacted first like everything OpenMind stores, linked to the files, commands and
// symbols it names.
import type { TuiPluginApi } from "@opencode-ai/plugin/tui"
import { fromUserText } from "../src/knowledge/extract.ts"
import { redact } from "../src/knowledge/redact.ts"
import { err, ok, type Result } from "../src/result.ts"
import { projectOf, withKnowledge } from "./memory-data.ts"

const TITLE = "Remember"
/** The same bound as the model's openmind_save tool: a fact is a sentence or two, not a document. */
export const MAX_FACT_CHARS = 2000

export interface Remembered {
  id: number
  /** Secrets and <private> spans replaced before storing. */
  redacted: number
  kinds: string[]
}

function currentSession(api: TuiPluginApi): string | undefined {
  const route = api.route.current
  const id = route.name === "session" ? route.params?.sessionID : undefined
  return typeof id === "string" ? id : undefined
}

export function rememberFact(api: TuiPluginApi, input: string): Result<Remembered> {
  const text = input.trim()
  if (text === "") return err("Nothing to remember: type a fact first.")
  if (text.length > MAX_FACT_CHARS)
    return err(`A fact is at most ${MAX_FACT_CHARS} characters (this one has ${text.length}).`)
  const clean = redact(text)
  const { entities } = fromUserText(clean.text, { root: projectOf(api) })
  const stored = withKnowledge(api, true, (k) =>
    k.addFact({ text: clean.text, source: "remember", sessionID: currentSession(api), entities, pinned: false }),
  )
  if (!stored.ok) return err(`Could not remember it: ${stored.error}`)
  return ok({ id: stored.value, redacted: clean.found, kinds: clean.kinds })
}

export function rememberedMessage(r: Remembered): string {
  if (r.redacted === 0) return `Remembered #${r.id}`
  return `Remembered #${r.id} (${r.redacted} redacted: ${r.kinds.join(", ")})`
}

export function openRememberDialog(api: TuiPluginApi) {
  const onConfirm = (value: string) => {
    try {
      const done = rememberFact(api, value)
      const variant = value.trim() === "" ? "warning" : "error"
      if (!done.ok) return api.ui.toast({ variant, title: TITLE, message: done.error })
      api.ui.toast({ variant: "success", title: TITLE, message: rememberedMessage(done.value) })
      api.ui.dialog.clear()
    } catch (cause) {
      // Called from a key press, outside the command's safety net.
      api.ui.toast({ variant: "error", title: TITLE, message: `remember failed: ${String(cause)}` })
    }
  }
  api.ui.dialog.replace(() => (
    <api.ui.DialogPrompt
      title={TITLE}
      placeholder="deploys go through scripts/ship.sh"
      onConfirm={onConfirm}
      onCancel={() => api.ui.dialog.clear()}
    />
  ))
}
