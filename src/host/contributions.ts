// What an extension adds to opencode, listed by name for status views and for adapters' bookkeeping.
import type { ExtensionDefinition, HookName } from "./types.ts"

export interface Contributions {
  hooks: HookName[]
  tools: string[]
  commands: string[]
  panels: string[]
  topics: string[]
}

export const noContributions = (): Contributions => ({ hooks: [], tools: [], commands: [], panels: [], topics: [] })

export function contributionsOf(definition: ExtensionDefinition): Contributions {
  const hooks = definition.hooks ?? {}
  return {
    hooks: (Object.keys(hooks) as HookName[]).filter((key) => typeof hooks[key] === "function"),
    tools: Object.keys(definition.tools ?? {}),
    commands: Object.keys(definition.commands ?? {}),
    panels: Object.keys(definition.panels ?? {}),
    topics: Object.keys(definition.on ?? {}),
  }
}
