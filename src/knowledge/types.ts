// OpenMind's data model: typed entities, typed relations between them, and facts linked to the entities they
// mention; everything scoped per project. Text reaches these types only after redaction (see redact.ts).

export const ENTITY_TYPES = ["file", "symbol", "command", "concept", "error", "url", "package", "person"] as const
export type EntityType = (typeof ENTITY_TYPES)[number]

export const RELATION_TYPES = ["touches", "fixes", "depends_on", "mentioned_with", "causes", "uses", "related"] as const
export type RelationType = (typeof RELATION_TYPES)[number]

export const FACT_SOURCES = ["remember", "learn", "capture", "import"] as const
export type FactSource = (typeof FACT_SOURCES)[number]

export interface EntityRef {
  type: EntityType
  name: string
}

export interface Entity extends EntityRef {
  id: number
  project: string
  pinned: boolean
  /** How often it was seen. */
  count: number
  firstSeen: number
  lastSeen: number
}

export interface Fact {
  id: number
  project: string
  text: string
  source: FactSource
  sessionID?: string
  messageID?: string
  pinned: boolean
  createdAt: number
  /** Last time recall returned it. */
  usedAt?: number
  entities: EntityRef[]
}

export interface Relation {
  from: EntityRef
  to: EntityRef
  type: RelationType
  count: number
  lastSeen: number
}

/** What extractors find in one message or tool call; the store merges it (counts and recency add up). */
export interface Observation {
  entities: EntityRef[]
  relations: { from: EntityRef; to: EntityRef; type: RelationType }[]
  /** Decisions and constraints stated by the user ("always …", "never …", "we use …"). */
  facts: string[]
}

export interface NewFact {
  text: string
  source: FactSource
  sessionID?: string
  messageID?: string
  entities?: EntityRef[]
  pinned?: boolean
}

export interface RecallQuery {
  /** The current user message (or a /recall topic). */
  text: string
  /** Entities named in the current message: facts linked to them, or to their neighbours, rank higher. */
  entities?: EntityRef[]
  /** Budget in tokens (about four characters a token). */
  budgetTokens: number
  limit?: number
  now?: number
}

export interface RecallHit {
  fact: Fact
  score: number
  /** Why it ranked: bm25, recency, pin and graph components, for /memory's details. */
  parts: { bm25: number; recency: number; pin: number; graph: number }
}

export interface KnowledgeStore {
  /** Adds a fact (deduplicated by its normalised text within the project); returns its id. */
  addFact(fact: NewFact): number
  /** Merges entities and relations, bumping counts and last-seen; stores the facts it carries as source "capture". */
  observe(observation: Observation, context: { sessionID?: string; messageID?: string; at?: number }): void
  link(from: EntityRef, to: EntityRef, type: RelationType): void
  pinFact(id: number, pinned: boolean): boolean
  forgetFact(id: number): boolean
  pinEntity(ref: EntityRef, pinned: boolean): boolean
  /** Forgets an entity with its relations and the facts that mention only it. */
  forgetEntity(ref: EntityRef): boolean
  recall(query: RecallQuery): RecallHit[]
  /** Full-text search over facts and entity names, for /memory and the CLI. */
  search(text: string, limit: number): { facts: Fact[]; entities: Entity[] }
  entities(filter: { type?: EntityType; limit: number; offset?: number }): Entity[]
  factsAbout(ref: EntityRef, limit: number): Fact[]
  relationsOf(ref: EntityRef, limit: number): Relation[]
  fact(id: number): Fact | undefined
  counts(): { facts: number; entities: number; relations: number }
}
