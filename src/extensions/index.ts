// The built-in extensions. Each is made fresh per opencode instance (they keep per-instance state in closures)
// and uses only the public extension API. Users configure or disable them by name like any other extension.
import type { BuiltinExtension } from "../host/discover.ts"
import type { ExtensionDefinition } from "../host/types.ts"
import { agentExtension } from "./agent.ts"
import { cacheExtension } from "./cache.ts"
import { eventsExtension } from "./events.ts"
import { openmindExtension } from "./openmind.ts"
import { sessionsExtension } from "./sessions.ts"
import { sessionsToolsExtension } from "./sessions-tools.ts"

export function builtinExtensions(env: Record<string, string | undefined> = process.env): BuiltinExtension[] {
  return [
    { name: "sessions", definition: sessionsExtension(env) as ExtensionDefinition },
    { name: "openmind", definition: openmindExtension() as ExtensionDefinition },
    { name: "events", definition: eventsExtension() as ExtensionDefinition },
    { name: "cache", definition: cacheExtension() as ExtensionDefinition },
    { name: "agent", definition: agentExtension() as ExtensionDefinition },
    { name: "session", definition: sessionsToolsExtension() as ExtensionDefinition },
  ]
}
