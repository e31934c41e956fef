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
      -- Extensions' private key/value slices, scoped by project (the worktree).
      CREATE TABLE kv (
        project TEXT NOT NULL,
        extension TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (project, extension, key)
      );
    `,
  },
  {
    version: 2,
    name: "control requests",
    sql: `
      -- Run-time control of extensions from outside the server half (the TUI, the CLI): a request row that the
      -- server half applies and answers. The store is the channel because both halves and the CLI share it.
      -- "panel" asks the extension for a panel's data (target = the panel key); the result holds it as JSON.
      CREATE TABLE control (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        directory TEXT NOT NULL,
        extension TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('enable', 'disable', 'reload', 'reset', 'panel')),
        target TEXT,
        requested_at INTEGER NOT NULL,
        done_at INTEGER,
        ok INTEGER,
        result TEXT
      );
      CREATE INDEX control_pending ON control (directory, done_at);
    `,
  },
  {
    version: 3,
    name: "captured conversation",
    sql: `
      -- What opencode did, captured from its events. project = the worktree the instance runs in.
      CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        project TEXT NOT NULL,
        directory TEXT NOT NULL,
        title TEXT,
        parent_id TEXT,
        created_at INTEGER,
        updated_at INTEGER NOT NULL,
        deleted_at INTEGER
      );
      CREATE INDEX sessions_project ON sessions (project, updated_at);
      CREATE TABLE messages (
        id TEXT PRIMARY KEY,
        session_id TEXT NOT NULL,
        project TEXT NOT NULL,
        role TEXT NOT NULL,
        provider_id TEXT,
        model_id TEXT,
        agent TEXT,
        tokens_input INTEGER NOT NULL DEFAULT 0,
        tokens_output INTEGER NOT NULL DEFAULT 0,
        tokens_reasoning INTEGER NOT NULL DEFAULT 0,
        tokens_cache_read INTEGER NOT NULL DEFAULT 0,
        tokens_cache_write INTEGER NOT NULL DEFAULT 0,
        cost REAL NOT NULL DEFAULT 0,
        created_at INTEGER,
        completed_at INTEGER,
        finish TEXT,
        error TEXT
      );
      CREATE INDEX messages_session ON messages (session_id, created_at);
      CREATE INDEX messages_project ON messages (project, created_at);
      CREATE TABLE tool_calls (
        call_id TEXT PRIMARY KEY,
        session_id TEXT NOT NULL,
        message_id TEXT,
        project TEXT NOT NULL,
        tool TEXT NOT NULL,
        status TEXT NOT NULL,
        started_at INTEGER,
        ended_at INTEGER,
        title TEXT,
        error TEXT,
        input TEXT,
        truncated INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX tool_calls_session ON tool_calls (session_id);
      CREATE INDEX tool_calls_project_tool ON tool_calls (project, tool);
      CREATE TABLE events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        project TEXT NOT NULL,
        session_id TEXT,
        type TEXT NOT NULL,
        summary TEXT NOT NULL DEFAULT '',
        data TEXT NOT NULL,
        truncated INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX events_project_at ON events (project, at);
      CREATE INDEX events_project_type ON events (project, type, at);
      CREATE INDEX events_session ON events (session_id, at);
    `,
  },
  {
    version: 4,
    name: "events by project and session",
    sql: `
      -- For "events aggregate --by session" and per-session listings within a project.
      CREATE INDEX events_project_session ON events (project, session_id, at);
    `,
  },
  {
    version: 5,
    name: "injected context",
    sql: `
      -- The context block attached to each user message, kept so a restarted opencode sends the same bytes
      -- for old messages (prompt caches stay valid) and /memory can show what was injected.
      CREATE TABLE injections (
        message_id TEXT PRIMARY KEY,
        session_id TEXT NOT NULL,
        project TEXT NOT NULL,
        text TEXT NOT NULL,
        included TEXT NOT NULL DEFAULT '[]',
        dropped TEXT NOT NULL DEFAULT '[]',
        created_at INTEGER NOT NULL
      );
      CREATE INDEX injections_session ON injections (session_id, created_at);
    `,
  },
  {
    version: 6,
    name: "extension cache",
    sql: `
      -- ctx.cache, written through from the host's in-memory LRU so entries survive a restart.
      -- expires_at NULL = never; namespace = the extension's name.
      CREATE TABLE cache (
        project TEXT NOT NULL,
        namespace TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        expires_at INTEGER,
        bytes INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (project, namespace, key)
      );
      CREATE INDEX cache_expiry ON cache (project, expires_at);
      -- Bounds set with configure, per project; defaults apply when there is no row.
      CREATE TABLE cache_config (
        project TEXT PRIMARY KEY,
        max_entries INTEGER NOT NULL,
        max_bytes INTEGER NOT NULL,
        default_ttl_ms INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
    `,
  },
]

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0
