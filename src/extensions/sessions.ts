// Built-in "sessions": remembers which opencode session each terminal pane is in, so `switchboard resume`, the
// /tracked dialog and multiplexers can bring the pane back to the same conversation after a restart.
// Written on the public extension API only. Records on session and message activity, because resuming with
// `--session` emits no session.created (upstream #39711); ignores child (subagent) sessions.
import path from "node:path"
import { z } from "zod"
import { defineExtension } from "../host/define.ts"
import type { BusEvent, ExtensionContext } from "../host/types.ts"
import { isSessionID } from "../sessions/id.ts"
import { removeIdFile, writeIdFile } from "../sessions/id-file.ts"
import { detectPane, type Pane } from "../sessions/pane.ts"
import { emptyPane, forgetSession, recordActivity, TRACKED_PREFIX, trackedPane, type TrackedPane } from "../sessions/tracked.ts"
import { VERSION } from "../version.ts"

const options = z
  .object({
    idFile: z.boolean().default(false),
    idFileDir: z.string().min(1).optional(),
    history: z.number().int().min(1).max(200).default(20),
  })
  .strict()
  .default({ idFile: false, history: 20 })
type Options = z.infer<typeof options>

/** Activity inside this window on the same session only refreshes memory, not the store. */
const REFRESH_MS = 30_000

export function defaultIdFileDir(env: Record<string, string | undefined>): string {
  const base = env.XDG_STATE_HOME || path.join(env.HOME || "", ".local", "state")
  return path.join(base, "opencode-switchboard", "panes")
}

function sessionOf(e: BusEvent): { id?: string; title?: string; parent?: boolean } {
  const p = e.properties
  const info = p.info as { id?: unknown; sessionID?: unknown; title?: unknown; parentID?: unknown; role?: unknown } | undefined
  switch (e.type) {
    case "session.created":
    case "session.updated":
      return { id: info?.id as string, title: typeof info?.title === "string" ? info.title : undefined, parent: !!info?.parentID }
    case "session.idle":
    case "session.compacted":
      return { id: p.sessionID as string }
    case "message.updated":
      return { id: info?.sessionID as string }
    default:
      return {}
  }
}

export function sessionsExtension(env: Record<string, string | undefined> = process.env) {
  const pane: Pane = detectPane(env)
  const key = `${TRACKED_PREFIX}${pane.key}`
  const children = new Set<string>()
  let state: TrackedPane | undefined
  let lastWrite = 0

  const load = async (ctx: ExtensionContext<Options>) => {
    if (state) return state
    const stored = trackedPane.safeParse(await ctx.store.get(key))
    state = stored.success ? stored.data : emptyPane(pane.key, pane.source)
    return state
  }

  const save = async (ctx: ExtensionContext<Options>, next: TrackedPane, previousCurrent: string | undefined) => {
    state = next
    lastWrite = Date.now()
    await ctx.store.set(key, next)
    if (!ctx.options.idFile || next.current === previousCurrent) return
    const dir = ctx.options.idFileDir ?? defaultIdFileDir(env)
    if (!next.current) return removeIdFile(dir, pane.key)
    const written = writeIdFile(dir, pane.key, next.current)
    if (!written.ok) ctx.log.warn(written.error)
  }

  return defineExtension<Options>({
    name: "sessions",
    version: VERSION,
    description: `Tracks this pane's opencode session across restarts (pane ${pane.key}, from ${pane.source})`,
    options,
    hooks: {
      async event(e, ctx) {
        if (e.type === "session.deleted") {
          const id = (e.properties.info as { id?: unknown } | undefined)?.id
          if (!isSessionID(id)) return
          const current = await load(ctx)
          if (current.history.some((h) => h.id === id)) await save(ctx, forgetSession(current, id), current.current)
          return
        }
        const { id, title, parent } = sessionOf(e)
        if (!isSessionID(id)) return
        if (parent) children.add(id)
        if (children.has(id)) return
        const current = await load(ctx)
        const { state: next, changed } = recordActivity(current, id, Date.now(), title, ctx.options.history)
        if (changed || Date.now() - lastWrite > REFRESH_MS) await save(ctx, next, current.current)
        else state = next
      },
    },
  })
}
