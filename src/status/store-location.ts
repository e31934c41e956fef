// The TUI learns the server half's store path from the server config it already has (api.state.config),
// so a `store.path` option in opencode.json reaches both halves without a second setting.
import { defaultStorePath } from "../paths.ts"
import { PACKAGE_NAME } from "../version.ts"

type PluginEntry = string | readonly [string, unknown] | readonly unknown[]

function isOurs(spec: unknown): boolean {
  if (typeof spec !== "string") return false
  return spec === PACKAGE_NAME || spec.startsWith(`${PACKAGE_NAME}@`) || spec.includes(`/${PACKAGE_NAME}`)
}

export function storePathFromPlugins(plugins: readonly PluginEntry[] | undefined, env = process.env): string {
  for (const entry of plugins ?? []) {
    if (!Array.isArray(entry) || !isOurs(entry[0])) continue
    const path = (entry[1] as { store?: { path?: unknown } } | undefined)?.store?.path
    if (typeof path === "string" && path.length > 0) return path
  }
  return defaultStorePath(env)
}
