// switchboard resume: the command that brings this pane back to its session, `opencode --session <id>`, or
// `opencode --continue` (opencode's most recent session) when the pane has nothing tracked. With --exec, runs it.
import os from "node:os"
import { errorMessage } from "../result.ts"
import { isSessionID } from "../sessions/id.ts"
import { openStoreReadonly } from "../store/open.ts"
import { trackedPanes, type PaneSessions } from "../store/queries.ts"
import { fail, flag, projectFor, storePath, usage, type Context } from "./context.ts"
import { childEnv, findOpencode } from "./opencode.ts"
import { paneOf } from "./sessions.ts"
import { schemaVersion, CAPTURE_SCHEMA } from "./store.ts"

export const resumeOptions = { pane: { type: "string" }, exec: { type: "boolean" } } as const

type Lookup = { pane?: PaneSessions; note?: string }

function lookup(ctx: Context, project: string, pane: string): Lookup {
  const opened = openStoreReadonly(storePath(ctx.dir, ctx.rt.env))
  if (!opened.ok) return { note: opened.error }
  const db = opened.value
  try {
    if (schemaVersion(db) < CAPTURE_SCHEMA) return { note: "the store predates session tracking" }
    return { pane: trackedPanes(db, project, pane)[0] }
  } catch (cause) {
    return { note: `cannot read the store: ${errorMessage(cause)}` }
  } finally {
    db.close()
  }
}

/** The current session unless it was deleted, else the most recent one still there. */
function pick(pane: PaneSessions | undefined): string | undefined {
  const live = pane?.sessions.filter((s) => !s.deleted) ?? []
  return (live.find((s) => s.current) ?? live[0])?.id
}

export async function resume(ctx: Context): Promise<number> {
  if (ctx.positionals.length > 0) return usage(ctx, `unexpected argument "${ctx.positionals[0]}"`)
  const pane = paneOf(ctx)
  const project = projectFor(ctx)
  const found = lookup(ctx, project, pane.key)
  const id = pick(found.pane)
  const shown = JSON.stringify(id?.slice(0, 80))
  if (id !== undefined && !isSessionID(id)) {
    return fail(ctx, `refusing the tracked id ${shown}: not an opencode session id`)
  }
  const args = id ? ["--session", id] : ["--continue"]
  if (!id) {
    const why = found.note ? ` (${found.note})` : ""
    ctx.rt.err(`no session tracked for pane ${pane.key} in ${project}${why}: falling back to opencode --continue`)
  }
  if (!flag(ctx, "exec")) {
    const command = ["opencode", ...args]
    if (ctx.json) {
      const result = { project, pane: pane.key, paneSource: pane.source, session: id ?? null, fallback: !id, command }
      ctx.rt.out(JSON.stringify(result, null, 2))
    } else ctx.rt.out(command.join(" "))
    return 0
  }
  return run(ctx, args)
}

async function run(ctx: Context, args: string[]): Promise<number> {
  const bin = findOpencode(ctx.rt.env)
  if (!bin) {
    return fail(ctx, `opencode is not on PATH (install it: npm i -g opencode-ai), or run: opencode ${args.join(" ")}`)
  }
  // The terminal sends Ctrl-C to opencode and to us alike: stay alive until opencode exits, then pass on its code.
  const ignore = () => {}
  const signals = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"] as const
  for (const s of signals) process.on(s, ignore)
  try {
    const env = childEnv(ctx.rt.env)
    const proc = Bun.spawn([bin, ...args], { cwd: ctx.dir, env, stdio: ["inherit", "inherit", "inherit"] })
    const code = await proc.exited
    if (proc.signalCode) return 128 + (os.constants.signals[proc.signalCode as keyof typeof os.constants.signals] ?? 0)
    return code
  } catch (cause) {
    return fail(ctx, `cannot run ${bin}: ${errorMessage(cause)}`)
  } finally {
    for (const s of signals) process.off(s, ignore)
  }
}
