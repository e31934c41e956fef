// What every command gets: its parsed arguments, the project, and the runtime it may touch.
import { defaultStorePath } from "../paths.ts"
import { err, ok, type Result } from "../result.ts"
import { projectOf } from "../sessions/project.ts"
import { readConfigs, storePathFrom } from "./config-files.ts"
import type { Env, Runtime } from "./io.ts"

export interface Context {
  command: string
  positionals: string[]
  values: Record<string, string | boolean | undefined>
  /** --dir, resolved; the current directory by default. */
  dir: string
  json: boolean
  rt: Runtime
  now: number
}

/** The key the server half files this directory's rows under. */
export const projectFor = (ctx: Context): string => projectOf(ctx.dir)

/** The store the plugin writes for this directory: the configured `store.path`, else the default. */
export function storePath(dir: string, env: Env): string {
  return storePathFrom(readConfigs(dir, env), dir, defaultStorePath(env))
}

export function stringOption(ctx: Context, name: string): string | undefined {
  const value = ctx.values[name]
  return typeof value === "string" ? value : undefined
}

export function flag(ctx: Context, name: string): boolean {
  return ctx.values[name] === true
}

export function intOption(ctx: Context, name: string, fallback: number, max = 1_000_000_000): Result<number> {
  const text = stringOption(ctx, name)
  if (text === undefined) return ok(fallback)
  const n = Number(text)
  if (/^\d+$/.test(text) && n <= max) return ok(n)
  return err(`--${name} expects a whole number from 0 to ${max}, not "${text}"`)
}

/** Bad usage: says what and exits 2. */
export function usage(ctx: Context, message: string): number {
  ctx.rt.err(`switchboard ${ctx.command}: ${message} (see switchboard --help)`)
  return 2
}

/** A problem found or an action failed: says what and exits 1. */
export function fail(ctx: Context, message: string): number {
  ctx.rt.err(`switchboard ${ctx.command}: ${message}`)
  return 1
}
