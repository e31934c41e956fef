// Versioned schema. Append only: a released migration is never edited, a new one is added.
export interface Migration {
  version: number
  name: string
  sql: string
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: "halves and extension storage",
    sql: `
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      -- One row per running half of switchboard (server or tui) per project directory:
      -- how each half tells the other (and the CLI) that it is loaded.
      CREATE TABLE halves (
        half TEXT NOT NULL CHECK (half IN ('server', 'tui')),
        directory TEXT NOT NULL,
        pid INTEGER NOT NULL,
        version TEXT NOT NULL,
        opencode_version TEXT,
        started_at INTEGER NOT NULL,
        heartbeat_at INTEGER NOT NULL,
        status_json TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (half, directory)
      );
      CREATE TABLE kv (
        extension TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (extension, key)
      );
    `,
  },
]

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0
