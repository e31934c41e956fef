// Everything the server half writes in the hot path, as data: hooks build these and enqueue them; the batch
// writer applies them in one transaction. A different backend (a shared PostgreSQL) implements applyWrites.
import type { Database, Statement } from "bun:sqlite"

export type Write =
  | {
      kind: "session"
      id: string
      project: string
      directory: string
      title?: string
      parentID?: string
      createdAt?: number
      updatedAt: number
      deleted?: boolean
    }
  | {
      kind: "message"
      id: string
      sessionID: string
      project: string
      role: string
      providerID?: string
      modelID?: string
      agent?: string
      tokens?: { input: number; output: number; reasoning: number; cacheRead: number; cacheWrite: number }
      cost?: number
      createdAt?: number
      completedAt?: number
      finish?: string
      error?: string
    }
  | {
      kind: "tool"
      callID: string
      sessionID: string
      messageID?: string
      project: string
      tool: string
      status: string
      startedAt?: number
      endedAt?: number
      title?: string
      error?: string
      input?: string
      truncated: boolean
    }
  | { kind: "event"; at: number; project: string; sessionID?: string; type: string; summary: string; data: string; truncated: boolean }

type Statements = { [K in Write["kind"]]: Statement }

const cache = new WeakMap<Database, Statements>()

function statements(db: Database): Statements {
  const found = cache.get(db)
  if (found) return found
  const made: Statements = {
    // Session rows merge: later events fill in what earlier ones lacked, never erase it.
    session: db.prepare(`
      INSERT INTO sessions (id, project, directory, title, parent_id, created_at, updated_at, deleted_at)
      VALUES ($id, $project, $directory, $title, $parent, $created, $updated, $deleted)
      ON CONFLICT (id) DO UPDATE SET
        title = COALESCE(excluded.title, sessions.title),
        parent_id = COALESCE(excluded.parent_id, sessions.parent_id),
        created_at = COALESCE(sessions.created_at, excluded.created_at),
        updated_at = MAX(sessions.updated_at, excluded.updated_at),
        deleted_at = COALESCE(excluded.deleted_at, sessions.deleted_at)`),
    message: db.prepare(`
      INSERT INTO messages (id, session_id, project, role, provider_id, model_id, agent, tokens_input, tokens_output,
        tokens_reasoning, tokens_cache_read, tokens_cache_write, cost, created_at, completed_at, finish, error)
      VALUES ($id, $session, $project, $role, $provider, $model, $agent, $ti, $to, $tr, $tcr, $tcw, $cost, $created,
        $completed, $finish, $error)
      ON CONFLICT (id) DO UPDATE SET
        provider_id = COALESCE(excluded.provider_id, messages.provider_id),
        model_id = COALESCE(excluded.model_id, messages.model_id),
        agent = COALESCE(excluded.agent, messages.agent),
        tokens_input = excluded.tokens_input, tokens_output = excluded.tokens_output,
        tokens_reasoning = excluded.tokens_reasoning, tokens_cache_read = excluded.tokens_cache_read,
        tokens_cache_write = excluded.tokens_cache_write, cost = excluded.cost,
        completed_at = COALESCE(excluded.completed_at, messages.completed_at),
        finish = COALESCE(excluded.finish, messages.finish), error = COALESCE(excluded.error, messages.error)`),
    tool: db.prepare(`
      INSERT INTO tool_calls (call_id, session_id, message_id, project, tool, status, started_at, ended_at, title, error,
        input, truncated)
      VALUES ($call, $session, $message, $project, $tool, $status, $started, $ended, $title, $error, $input, $truncated)
      ON CONFLICT (call_id) DO UPDATE SET status = excluded.status,
        started_at = COALESCE(tool_calls.started_at, excluded.started_at),
        ended_at = COALESCE(excluded.ended_at, tool_calls.ended_at), title = COALESCE(excluded.title, tool_calls.title),
        error = COALESCE(excluded.error, tool_calls.error), input = COALESCE(excluded.input, tool_calls.input),
        truncated = MAX(tool_calls.truncated, excluded.truncated)`),
    event: db.prepare(`
      INSERT INTO events (at, project, session_id, type, summary, data, truncated)
      VALUES ($at, $project, $session, $type, $summary, $data, $truncated)`),
  }
  cache.set(db, made)
  return made
}

function apply(s: Statements, w: Write) {
  switch (w.kind) {
    case "session":
      return s.session.run({
        id: w.id,
        project: w.project,
        directory: w.directory,
        title: w.title ?? null,
        parent: w.parentID ?? null,
        created: w.createdAt ?? null,
        updated: w.updatedAt,
        deleted: w.deleted ? w.updatedAt : null,
      })
    case "message":
      return s.message.run({
        id: w.id,
        session: w.sessionID,
        project: w.project,
        role: w.role,
        provider: w.providerID ?? null,
        model: w.modelID ?? null,
        agent: w.agent ?? null,
        ti: w.tokens?.input ?? 0,
        to: w.tokens?.output ?? 0,
        tr: w.tokens?.reasoning ?? 0,
        tcr: w.tokens?.cacheRead ?? 0,
        tcw: w.tokens?.cacheWrite ?? 0,
        cost: w.cost ?? 0,
        created: w.createdAt ?? null,
        completed: w.completedAt ?? null,
        finish: w.finish ?? null,
        error: w.error ?? null,
      })
    case "tool":
      return s.tool.run({
        call: w.callID,
        session: w.sessionID,
        message: w.messageID ?? null,
        project: w.project,
        tool: w.tool,
        status: w.status,
        started: w.startedAt ?? null,
        ended: w.endedAt ?? null,
        title: w.title ?? null,
        error: w.error ?? null,
        input: w.input ?? null,
        truncated: w.truncated ? 1 : 0,
      })
    case "event":
      return s.event.run({
        at: w.at,
        project: w.project,
        session: w.sessionID ?? null,
        type: w.type,
        summary: w.summary,
        data: w.data,
        truncated: w.truncated ? 1 : 0,
      })
  }
}

/** Finalizes the cached statements: SQLite keeps a closed database's files open while statements remain. */
export function releaseWrites(db: Database) {
  const made = cache.get(db)
  if (!made) return
  for (const statement of Object.values(made)) statement.finalize()
  cache.delete(db)
}

/** Applies a batch in one transaction: all of it lands, or none of it. */
export function applyWrites(db: Database, writes: readonly Write[]) {
  const s = statements(db)
  db.transaction(() => {
    for (const w of writes) apply(s, w)
  })()
}
