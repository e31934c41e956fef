// OpenMind's schema, in a SQLite file of its own (several projects share it; every row carries its project).
// Versioned on PRAGMA user_version, which is ours alone in this file. Append only: a released migration is never
// edited, a new one is added.
import type { Database } from "bun:sqlite"

export interface KnowledgeMigration {
  version: number
  name: string
  sql: string
}

// Paths stay whole tokens ("scripts/ship.sh", "foo.bar"); see sqlite-match.ts for what else gets indexed.
// porter: "deploy" finds "deploys"; it wraps unicode61, which keeps paths whole.
const TOKENIZE = `tokenize = "porter unicode61 remove_diacritics 2 tokenchars '._/-'"`

export const KNOWLEDGE_MIGRATIONS: KnowledgeMigration[] = [
  {
    version: 1,
    name: "entities, facts, relations, full-text indexes",
    sql: `
      CREATE TABLE entities (
        id INTEGER PRIMARY KEY,
        project TEXT NOT NULL,
        type TEXT NOT NULL,
        name TEXT NOT NULL,
        pinned INTEGER NOT NULL DEFAULT 0,
        count INTEGER NOT NULL DEFAULT 1,
        first_seen INTEGER NOT NULL,
        last_seen INTEGER NOT NULL,
        UNIQUE (project, type, name)
      );
      CREATE TABLE facts (
        id INTEGER PRIMARY KEY,
        project TEXT NOT NULL,
        text TEXT NOT NULL,
        -- First 16 bytes of the SHA-256 of the normalised text: dedupe without a second copy of every text.
        norm_hash BLOB NOT NULL,
        source TEXT NOT NULL,
        session_id TEXT,
        message_id TEXT,
        pinned INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        used_at INTEGER,
        UNIQUE (project, norm_hash)
      );
      -- Recall reads every pinned fact of the project; a partial index keeps that cheap at any size.
      CREATE INDEX facts_pinned ON facts (project, id) WHERE pinned = 1;
      CREATE TABLE fact_entities (
        fact_id INTEGER NOT NULL,
        entity_id INTEGER NOT NULL,
        PRIMARY KEY (fact_id, entity_id)
      ) WITHOUT ROWID;
      CREATE INDEX fact_entities_entity ON fact_entities (entity_id, fact_id);
      CREATE TABLE relations (
        project TEXT NOT NULL,
        from_id INTEGER NOT NULL,
        to_id INTEGER NOT NULL,
        type TEXT NOT NULL,
        count INTEGER NOT NULL DEFAULT 1,
        last_seen INTEGER NOT NULL,
        PRIMARY KEY (from_id, to_id, type)
      ) WITHOUT ROWID;
      CREATE INDEX relations_to ON relations (to_id);
      CREATE INDEX relations_project ON relations (project);

      -- Contentless: the indexed text is derived from facts.text and entities.name (indexText in sqlite-match.ts), so
      -- the store writes and deletes index rows itself, recomputing the same text. bm25() needs no content.
      CREATE VIRTUAL TABLE facts_fts USING fts5(body, content = '', ${TOKENIZE});
      CREATE VIRTUAL TABLE entities_fts USING fts5(body, content = '', ${TOKENIZE});

      -- Links and relations go with what they link, whoever deletes it.
      CREATE TRIGGER facts_ad AFTER DELETE ON facts BEGIN
        DELETE FROM fact_entities WHERE fact_id = old.id;
      END;
      CREATE TRIGGER entities_ad AFTER DELETE ON entities BEGIN
        DELETE FROM fact_entities WHERE entity_id = old.id;
        DELETE FROM relations WHERE from_id = old.id OR to_id = old.id;
      END;
    `,
  },
]

export const KNOWLEDGE_SCHEMA_VERSION = KNOWLEDGE_MIGRATIONS[KNOWLEDGE_MIGRATIONS.length - 1]!.version

/** Brings the file to the latest schema; idempotent. Refuses a file written by a newer version. */
export function migrateKnowledge(db: Database): number {
  const current = version(db)
  if (current > KNOWLEDGE_SCHEMA_VERSION) {
    throw new Error(`knowledge store schema ${current} is newer than this version knows (${KNOWLEDGE_SCHEMA_VERSION})`)
  }
  for (const m of KNOWLEDGE_MIGRATIONS) {
    if (m.version <= current) continue
    // IMMEDIATE and a second look inside: two processes opening a fresh file at once must not both migrate it.
    db.transaction(() => {
      if (version(db) >= m.version) return
      db.run(m.sql)
      db.run(`PRAGMA user_version = ${m.version}`)
    }).immediate()
  }
  return KNOWLEDGE_SCHEMA_VERSION
}

const version = (db: Database) => (db.query("PRAGMA user_version").get() as { user_version: number }).user_version
