// The public extension API: what an extension author writes against.
// Host-independent: nothing here knows opencode's runtime; the server adapters translate
// opencode's hooks into these events and apply the validated results back.
import type { Database } from "bun:sqlite"
import type { z } from "zod"

/** Safeguard limits for one extension. Every call into the extension runs under them. */
export interface Stability {
  /** Each call (hook, tool, init, bus delivery, panel) is aborted after this many ms. */
  timeoutMs: number
  /** Consecutive failures (error, timeout, invalid output, heap over limit) that open the breaker. */
  maxFailures: number
  /** How long an open breaker waits before letting one trial call through (half-open). */
  resetMs: number
  /** Cap for the exponential back-off of resetMs after repeated failed trials. */
  maxResetMs: number
  /** A call whose heap grows by more than this is warned about and counted as a failure. */
  maxHeapDeltaMb: number
}

export const DEFAULT_STABILITY: Stability = {
  timeoutMs: 5000,
  maxFailures: 3,
  resetMs: 60_000,
  maxResetMs: 15 * 60_000,
  maxHeapDeltaMb: 100,
}

/** Outcome of one guarded call into an extension. Only `ok` results are ever applied. */
export type CallResult<T> =
  | { kind: "ok"; value: T; ms: number }
  | { kind: "error"; error: string; ms: number }
  | { kind: "timeout"; ms: number }
  | { kind: "rejected"; reason: string }
  | { kind: "invalid"; issues: string; ms: number }

export interface Logger {
  debug(message: string, extra?: Record<string, unknown>): void
  info(message: string, extra?: Record<string, unknown>): void
  warn(message: string, extra?: Record<string, unknown>): void
  error(message: string, extra?: Record<string, unknown>): void
}

/** A namespaced key/value slice of the switchboard store, private to one extension. */
export interface ExtensionStorage {
  get<T = unknown>(key: string): Promise<T | undefined>
  set(key: string, value: unknown): Promise<void>
  delete(key: string): Promise<void>
  keys(): Promise<string[]>
}

/** Bounds of the instance-wide cache every extension's `ctx.cache` shares. */
export interface CacheLimits {
  /** Most entries over all namespaces; the least recently used go first. */
  maxEntries: number
  /** Most bytes (UTF-8 JSON of the values) over all namespaces; also the largest single value. */
  maxBytes: number
  /** TTL for a `set` without one; 0 = entries never expire. */
  defaultTtlMs: number
}

export interface CacheStats extends CacheLimits {
  /** This namespace's live entries and their bytes. */
  entries: number
  bytes: number
  /** Counters of this namespace since the instance started. */
  hits: number
  misses: number
  evictions: number
  expired: number
}

/**
 * A namespaced slice of the host's LRU cache, private to one extension: values are JSON (copied in and out),
 * expire after a TTL, are evicted least recently used first, and are persisted in the store (kept in memory only
 * when the store is unavailable). Keys are 1..512 characters. `set` throws for a value that is not JSON or is
 * larger than `maxBytes`.
 */
export interface ExtensionCache {
  get<T = unknown>(key: string): Promise<T | undefined>
  /** `ttlMs` overrides the default TTL; 0 = never expires. */
  set(key: string, value: unknown, ttlMs?: number): Promise<void>
  /** True when a live entry was removed. */
  delete(key: string): Promise<boolean>
  /** Removes this namespace's entries; returns how many. */
  clear(): Promise<number>
  stats(): Promise<CacheStats>
  /**
   * Changes the bounds of the WHOLE instance's cache (every extension's namespace), evicting down to them, and
   * keeps them in the store. On every context rather than a separate privileged API because the bounds are a
   * shared resource anyway; the built-in `cache` extension is what offers it to the model.
   */
  configure(limits: Partial<CacheLimits>): Promise<CacheStats>
}

export interface Bus {
  /** Delivers to every subscriber through the guarded runner; never throws. */
  emit(topic: string, payload: unknown): Promise<void>
}

export interface ExtensionContext<O = unknown> {
  /** The extension's own name. */
  name: string
  /** Options from the user's config, validated against the extension's `options` schema. */
  options: O
  /** Aborted when the call times out or the extension is shut down. */
  signal: AbortSignal
  log: Logger
  bus: Bus
  store: ExtensionStorage
  /** This extension's namespace of the host's persisted LRU/TTL cache. */
  cache: ExtensionCache
  /**
   * Shows `text` in the session's transcript without a model turn and without sending it to the model
   * (a display-only note). Delivered when the session is idle; never throws.
   */
  note(sessionID: string, text: string): void
  /**
   * A SQLite database of the extension's own (`<store dir>/extensions/<name>.db`: WAL, mode 0600, a corrupt file
   * moved aside), opened on first use, for tables and indexes of its own (full-text search, graphs). Shared by
   * every project: scope rows by `directory` or `worktree`. Throws if it cannot be opened.
   */
  database(): Database
  /** What switchboard captured for this project (events, analytics), read-only. */
  captured: CapturedData
  /** The opencode SDK client (v1, bound to the project directory). Unknown outside opencode. */
  client: unknown
  directory: string
  worktree: string
}

// ---------------------------------------------------------------- captured data (read-only)

export interface CapturedEvent {
  id: number
  /** Epoch ms. */
  at: number
  sessionID?: string
  type: string
  summary: string
  /** The event's bounded, redacted data. */
  data: unknown
  truncated: boolean
}

export interface EventQuery {
  type?: string
  sessionID?: string
  /** Epoch ms, inclusive. */
  since?: number
  /** Epoch ms, exclusive. */
  until?: number
  /** Substring of the summary or the data. */
  text?: string
  limit?: number
  offset?: number
}

export interface EventCount {
  /** The type, the session id, or the UTC day (YYYY-MM-DD); null for events outside a session. */
  key: string | null
  count: number
  first: number
  last: number
}

export interface CapturedData {
  /** Newest first; at most 500 a call. Empty when the store is unavailable. */
  events(query?: EventQuery): Promise<CapturedEvent[]>
  aggregate(by: "type" | "session" | "day", query?: Omit<EventQuery, "limit" | "offset">): Promise<EventCount[]>
}

// ---------------------------------------------------------------- hook events

export interface TextPartInput {
  text: string
  /** Sent to the model but hidden in the TUI. */
  synthetic?: boolean
}

export interface PreMessageEvent {
  sessionID: string
  messageID?: string
  agent?: string
  model?: { providerID: string; modelID: string }
  /** The user's text, all text parts joined with blank lines. */
  text: string
}
/** What `preMessage` may return: replace the user's text, and/or add parts after it. */
export interface PreMessageResult {
  text?: string
  parts?: TextPartInput[]
}

export interface TokenUsage {
  input: number
  output: number
  reasoning: number
  cache: { read: number; write: number }
}
export interface PostMessageEvent {
  sessionID: string
  messageID: string
  providerID: string
  modelID: string
  tokens: TokenUsage
  cost: number
  finish?: string
  error?: string
  durationMs?: number
}

export interface PreToolCallEvent {
  tool: string
  sessionID: string
  callID: string
  args: Record<string, unknown>
}
export interface PreToolCallResult {
  /** Replacement arguments for the tool call. */
  args: Record<string, unknown>
}

export interface PostToolCallEvent {
  tool: string
  sessionID: string
  callID: string
  args?: Record<string, unknown>
  status: "completed" | "error"
  title?: string
  output?: string
  /** The tool's structured metadata when it succeeded (e.g. bash's `exit`). */
  metadata?: Record<string, unknown>
  error?: string
  durationMs?: number
}

export interface ContextPrimeRequest {
  sessionID: string
  messageID?: string
  /** The current user message's text. */
  text: string
}
export interface ContextPrimeResult {
  context: string
  /** Higher goes first and survives the token budget first. Default 0. */
  priority?: number
  /** Estimated size; computed from the text when missing. */
  tokens?: number
}

export interface BusEvent {
  type: string
  properties: Record<string, unknown>
}

export interface CompactingEvent {
  sessionID: string
}
export interface CompactingResult {
  /** Extra lines for the compaction prompt's context. */
  context?: string[]
}

type Awaitable<T> = T | Promise<T>

export interface ExtensionHooks<O> {
  preMessage?(e: PreMessageEvent, ctx: ExtensionContext<O>): Awaitable<PreMessageResult | void>
  postMessage?(e: PostMessageEvent, ctx: ExtensionContext<O>): Awaitable<void>
  preToolCall?(e: PreToolCallEvent, ctx: ExtensionContext<O>): Awaitable<PreToolCallResult | void>
  postToolCall?(e: PostToolCallEvent, ctx: ExtensionContext<O>): Awaitable<void>
  contextPrime?(req: ContextPrimeRequest, ctx: ExtensionContext<O>): Awaitable<ContextPrimeResult | void>
  event?(e: BusEvent, ctx: ExtensionContext<O>): Awaitable<void>
  compacting?(e: CompactingEvent, ctx: ExtensionContext<O>): Awaitable<CompactingResult | void>
}
export type HookName = keyof ExtensionHooks<unknown>

// ---------------------------------------------------------------- tools, commands, panels

export interface ToolContext<O = unknown> extends ExtensionContext<O> {
  sessionID: string
  messageID: string
  callID: string
  agent: string
  /** Live progress: forwarded to opencode's ctx.metadata and to switchboard's own progress surface. */
  progress(update: { title?: string; metadata?: Record<string, unknown> }): void
}

export interface ToolAttachment {
  type: "file"
  mime: string
  /** A file:// or data: URL. */
  url: string
  filename?: string
}

export interface StructuredResult {
  title?: string
  output: string
  metadata?: Record<string, unknown>
  /** Files that come with the result (an export, a report), handed to opencode as tool attachments. */
  attachments?: ToolAttachment[]
}

export interface ExtensionTool<O = unknown, S extends z.ZodRawShape = z.ZodRawShape> {
  description: string
  /** A zod raw shape; switchboard validates the model's arguments against it before execute. */
  args: S
  execute(args: z.infer<z.ZodObject<S>>, ctx: ToolContext<O>): Awaitable<string | StructuredResult>
}

/** A server slash command: always a model turn (opencode's `config.command`). */
export interface ExtensionCommand {
  description: string
  /** The prompt; `$ARGUMENTS`, `$1`… are filled in by opencode. */
  template: string
  agent?: string
  model?: string
  subtask?: boolean
}

export interface PanelItem {
  title: string
  description?: string
  footer?: string
  category?: string
}
export interface PanelData {
  items: PanelItem[]
  /** Shown when there are no items. */
  empty?: string
}
/** Display-only data the TUI renders as a dialog; the extension ships no TUI code. */
export interface ExtensionPanel<O = unknown> {
  title: string
  description?: string
  load(ctx: ExtensionContext<O>): Awaitable<PanelData>
}

// ---------------------------------------------------------------- the definition

export interface ExtensionDefinition<O = unknown> {
  /** Lower-case letters, digits, `-` and `_`; starts with a letter; at most 40 characters. */
  name: string
  version?: string
  description?: string
  /** Loaded after these; disabled if one is missing, disabled or failed. */
  dependencies?: string[]
  /** Validates (and defaults) the user's `options` for this extension. */
  options?: z.ZodType<O>
  stability?: Partial<Stability>
  init?(ctx: ExtensionContext<O>): Awaitable<void>
  shutdown?(ctx: ExtensionContext<O>): Awaitable<void>
  hooks?: ExtensionHooks<O>
  // biome-ignore lint: tool arg shapes differ per tool
  tools?: Record<string, ExtensionTool<O, any>>
  commands?: Record<string, ExtensionCommand>
  panels?: Record<string, ExtensionPanel<O>>
  on?: Record<string, (payload: unknown, ctx: ExtensionContext<O>) => Awaitable<void>>
}

/** Extension lifecycle state as shown to users. */
export type ExtensionState = "active" | "disabled" | "failed"
export type BreakerState = "closed" | "open" | "half-open"
