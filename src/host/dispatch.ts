// Fans one hook out to every active extension that implements it, in load order, each call guarded.
// Only ok values come back; failures are already counted by the runner and surface through status views.
import type { z } from "zod"
import type { ActiveExtension } from "./instance.ts"
import type { ExtensionContext, ExtensionHooks, HookName } from "./types.ts"

export interface Contribution<T> {
  extension: string
  value: T
}

type HookFn<E, R> = (event: E, ctx: ExtensionContext) => R | Promise<R>

/** Calls `hook` on each extension one after another (results may build on each other, e.g. tool args). */
export async function dispatchSequential<E, R>(
  active: readonly ActiveExtension[],
  hook: HookName,
  event: (previous: Contribution<R>[]) => E,
  schema: z.ZodType<R>,
): Promise<Contribution<R>[]> {
  const out: Contribution<R>[] = []
  for (const ext of active) {
    const fn = (ext.definition.hooks as ExtensionHooks<unknown> | undefined)?.[hook] as HookFn<E, R> | undefined
    if (!fn) continue
    const input = event(out)
    const result = await ext.invoke(hook, (ctx) => fn.call(ext.definition.hooks, input, ctx), schema)
    if (result.kind === "ok") out.push({ extension: ext.name, value: result.value })
  }
  return out
}

/** Calls `hook` on every extension at once; for hooks whose results do not depend on each other. */
export async function dispatchParallel<E, R>(
  active: readonly ActiveExtension[],
  hook: HookName,
  event: E,
  schema: z.ZodType<R>,
): Promise<Contribution<R>[]> {
  const calls = active.flatMap((ext) => {
    const fn = (ext.definition.hooks as ExtensionHooks<unknown> | undefined)?.[hook] as HookFn<E, R> | undefined
    if (!fn) return []
    return [ext.invoke(hook, (ctx) => fn.call(ext.definition.hooks, event, ctx), schema).then((r) => ({ ext, r }))]
  })
  const settled = await Promise.all(calls)
  return settled.flatMap(({ ext, r }) => (r.kind === "ok" ? [{ extension: ext.name, value: r.value }] : []))
}

export function implementsHook(ext: ActiveExtension, hook: HookName): boolean {
  return typeof (ext.definition.hooks as ExtensionHooks<unknown> | undefined)?.[hook] === "function"
}
