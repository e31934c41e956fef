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
  {
    version: 2,
    name: "control requests",
    sql: `
      -- Run-time control of extensions from outside the server half (the TUI, the CLI): a request row that the
      -- server half applies and answers. The store is the channel because both halves and the CLI share it.
      CREATE TABLE control (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        directory TEXT NOT NULL,
        extension TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('enable', 'disable', 'reload', 'reset')),
        requested_at INTEGER NOT NULL,
        done_at INTEGER,
        ok INTEGER,
        result TEXT
      );
      CREATE INDEX control_pending ON control (directory, done_at);
    `,
  },
]

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0
