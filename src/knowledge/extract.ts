// OpenMind's extractors: pure, cheap functions (they run on every message and tool call) that turn a user message,
// an assistant message or a tool call into an Observation for the store to merge. They do not redact: text is
// redacted before it gets here (redact.ts), and nothing below prints or stores anything.
//
// Choices worth knowing:
// - Precision over recall. An entity needs a shape that is unambiguous in prose (see extract-vocab.ts); free-text
//   concepts are never extracted, so "how do we deploy?" yields an empty observation (no fact: it is a question; no
//   entity: "deploy" is just a word; recall matches it through full-text search of the message instead).
// - Only the user's sentences become facts; the assistant's text gives entities only.
// - Texts are cut to their first 20k characters, names to 200, entities to 40 an observation.
// - Pass `root` (the project worktree) so absolute paths become relative and match what the user types.
import { scanText } from "./extract-entities.ts"
import { extractFacts } from "./extract-facts.ts"
import { bound, type ExtractOptions, ObservationBuilder } from "./extract-util.ts"
import type { EntityType, Observation } from "./types.ts"

export { fromToolCall, type ToolCall } from "./extract-tool.ts"
export type { ExtractOptions } from "./extract-util.ts"

const USER_TYPES: ReadonlySet<EntityType> = new Set(["file", "symbol", "url", "error", "package", "command"])
const ASSISTANT_TYPES: ReadonlySet<EntityType> = new Set(["file", "symbol", "url", "error"])
/** Co-mentions: all pairs of the first five entities (ten at most). More would be a clique of noise. */
const PAIRED_ENTITIES = 5

function entitiesOf(text: string, types: ReadonlySet<EntityType>, options: ExtractOptions): ObservationBuilder {
  const b = new ObservationBuilder(options.root)
  for (const hit of scanText(text, types)) b.entity(hit.type, hit.name)
  return b
}

export function fromUserText(text: string, options: ExtractOptions = {}): Observation {
  if (typeof text !== "string" || !text) return { entities: [], relations: [], facts: [] }
  const input = bound(text)
  const b = entitiesOf(input, USER_TYPES, options)
  const first = b.entities.slice(0, PAIRED_ENTITIES)
  for (let i = 0; i < first.length; i++) {
    for (let j = i + 1; j < first.length; j++) {
      // Undirected in meaning, so stored in one canonical direction: the same pair from two messages adds up.
      const [from, to] = [first[i]!, first[j]!].sort((x, y) =>
        `${x.type}:${x.name}` < `${y.type}:${y.name}` ? -1 : 1,
      )
      b.relate(from, to, "mentioned_with")
    }
  }
  return b.build(extractFacts(input))
}

export function fromAssistantText(text: string, options: ExtractOptions = {}): Observation {
  if (typeof text !== "string" || !text) return { entities: [], relations: [], facts: [] }
  return entitiesOf(bound(text), ASSISTANT_TYPES, options).build()
}
