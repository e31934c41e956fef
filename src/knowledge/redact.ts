// redact(): everything OpenMind keeps passes through here first, so nothing it stores can hold a secret.
// <private>…</private> spans go first (whole, nested, or unclosed to the end), then every rule in redact-rules.ts
// proposes spans on what is left; overlapping spans merge (redacting more is always the safe side) and each merged
// span becomes [REDACTED:<kind>]. Existing markers are never matched again, so redact() is idempotent.
//
// Kept on purpose: file paths, UUIDs, URLs without credentials, public keys, and commit hashes. No rule matches bare
// hex, so a 40-hex SHA in `git log` output stays; hex right after a secret word ("token: <hex>") is redacted.
//
// Cost: regexes compiled once at load, each led by a literal or gated by a cheap includes(); context rules run only
// where one case-insensitive scan found a secret word (see redact-rules.ts). Measured on a shared 2-core machine:
// about 15-35 µs per KB of prose or logs, 35-50 µs per KB of source code (this repository, 32 MB of node_modules),
// 150-200 µs per KB of text dense with secrets (the test corpus). test/unit/knowledge/redact.test.ts prints it.
import {
  looksLikePassword,
  looksRandom,
  PROSE_WORD,
  RULES,
  type Rule,
  WORD_HIT,
  WORD_RULES,
  type WordRule,
} from "./redact-rules.ts"

export interface Redacted {
  text: string
  /** Spans replaced: secrets plus removed <private> spans. */
  found: number
  /** Distinct kinds replaced, sorted; "private" when a <private> span was removed. */
  kinds: string[]
}

interface Span {
  start: number
  end: number
  rank: number
  kind: string
}

const PRIVATE_TAG = /<[ \t]*(\/?)[ \t]*private(?:\s[^>]*)?>/gi
const MARKER = /\[REDACTED:[a-z0-9-]+\]|\[private\]/g

export function redact(text: string): Redacted {
  const kinds = new Set<string>()
  const priv = removePrivate(text)
  if (priv.count > 0) kinds.add("private")
  const body = priv.text
  const spans = merge(dropMarkers(body, findSecrets(body)))
  if (spans.length === 0) return { text: body, found: priv.count, kinds: [...kinds] }
  let out = ""
  let at = 0
  for (const s of spans) {
    out += body.slice(at, s.start) + `[REDACTED:${s.kind}]`
    at = s.end
    kinds.add(s.kind)
  }
  out += body.slice(at)
  return { text: out, found: priv.count + spans.length, kinds: [...kinds].sort() }
}

/** Outermost <private> spans, nesting counted; an unclosed one runs to the end; a stray closing tag stays. */
function removePrivate(text: string): { text: string; count: number } {
  if (!/<[ \t]*\/?[ \t]*private/i.test(text)) return { text, count: 0 }
  let out = ""
  let at = 0
  let depth = 0
  let start = 0
  let count = 0
  PRIVATE_TAG.lastIndex = 0
  for (let m = PRIVATE_TAG.exec(text); m; m = PRIVATE_TAG.exec(text)) {
    if (m[1] === "") {
      if (depth++ === 0) start = m.index
    } else if (depth > 0 && --depth === 0) {
      out += text.slice(at, start) + "[private]"
      at = m.index + m[0].length
      count++
    }
  }
  if (depth > 0) {
    out += text.slice(at, start) + "[private]"
    at = text.length
    count++
  }
  return { text: out + text.slice(at), count }
}

function findSecrets(text: string): Span[] {
  const spans: Span[] = []
  RULES.forEach((rule, rank) => {
    const needs = rule.needs
    if (needs && (needs instanceof RegExp ? !needs.test(text) : !needs.some((n) => text.includes(n)))) return
    const re = rule.re
    re.lastIndex = 0
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const span = accept(rule, m, text, rank)
      if (span) spans.push(span)
      // A rejected candidate may hide an acceptable one that starts inside it, unless the rule wants a token
      // boundary (nothing inside a token starts one; and skipping keeps "sk-sk-sk-…" linear).
      else if (!rule.notAfter) re.lastIndex = m.index + 1
    }
  })
  scanWords(text, spans, RULES.length)
  return spans
}

function accept(rule: Rule | WordRule, m: RegExpExecArray, text: string, rank: number): Span | undefined {
  const groups = m.groups ?? {}
  const secret = groups.s ?? groups.s2 ?? groups.s3 ?? groups.s4 ?? m[0]
  if (secret === "") return undefined
  if ("notAfter" in rule && rule.notAfter && m.index > 0 && rule.notAfter.test(text[m.index - 1]!)) return undefined
  const end = m.index + m[0].length
  if (rule.check && !rule.check(secret, groups, { text, index: m.index, end })) return undefined
  return { start: end - secret.length, end, rank, kind: rule.kindOf?.(groups) ?? rule.kind }
}

/**
 * At every secret word: the sticky WORD_RULES, then the prose check. A word inside a span already taken is skipped:
 * what it could find is redacted with that span, and repeated `Cookie: a=b Cookie: …` stays linear.
 */
function scanWords(text: string, spans: Span[], firstRank: number): void {
  let taken = 0
  WORD_HIT.lastIndex = 0
  for (let hit = WORD_HIT.exec(text); hit; hit = WORD_HIT.exec(text)) {
    const at = hit.index
    if (at < taken) continue
    WORD_RULES.forEach((rule, i) => {
      if (rule.where && !rule.where(text, at)) return
      rule.re.lastIndex = at
      const m = rule.re.exec(text)
      const span = m && accept(rule, m, text, firstRank + i)
      if (!span) return
      spans.push(span)
      taken = Math.max(taken, span.end)
    })
    proseAt(text, at, spans, firstRank + WORD_RULES.length)
  }
}

// After a secret word, look at the next few whitespace-separated tokens on the same line: "my token is …",
// "password for prod: …". A separator (":", "=", "is") before the token makes a password-shaped one enough;
// otherwise only a random-looking token counts, and a bare 40-hex commit hash does not. Quotes split tokens, so
// `"apiKey":"…","depth":2` yields the value alone.
const SEPARATOR = /^(?:is|was|are|=|:|:=|->|=>)$/i
const KEY_TOKEN = /^[A-Za-z_][\w.-]*[:=]$/
const MARKER_TOKEN = /\[REDACTED:|\[private\]/
const TOKEN = /[^\s"'`]+/g

function proseAt(text: string, at: number, spans: Span[], rank: number): void {
  // The word stands alone (`X-Amz-Credential=`, `db_password` belong to keys, which WORD_RULES judge), and prose
  // puts a space or a separator after it (`tokens).length`, `token.includes(` are code).
  if (at > 0 && !/[\s"'`(*>#]/.test(text[at - 1]!)) return
  PROSE_WORD.lastIndex = at
  const m = PROSE_WORD.exec(text)
  if (!m) return
  const from = at + m[0].length
  if (from < text.length && !/[\s:=]/.test(text[from]!)) return
  // A public key is meant to be shared: "public key: age1…", "publishable key pk_…".
  if (/publi(?:c|shable)[ _-]?$/i.test(text.slice(Math.max(0, at - 12), at))) return
  const word = m.groups?.w ?? ""
  const password = /^p/i.test(word)
  // "3 secrets redacted": a plural describes, it does not introduce a value unless a separator follows.
  const plural = m[0].length > word.length
  // "the secret is …" takes a typed password as readily as "the password is …".
  const typed = password || /^(?:secret|cred)/i.test(word)
  const nl = text.indexOf("\n", from)
  const limit = Math.min(nl < 0 ? text.length : nl, from + 100)
  let explicit = false
  let justAfterSeparator = false
  TOKEN.lastIndex = from
  for (let k = 0; k < 8; k++) {
    const t = TOKEN.exec(text)
    if (!t || t.index >= limit || MARKER_TOKEN.test(t[0])) break
    // "is", ":" or "dbname=" (the next key of a call): what follows is a value.
    if (SEPARATOR.test(t[0]) || KEY_TOKEN.test(t[0])) {
      explicit = justAfterSeparator = true
      continue
    }
    const lead = /^[:=(<[{]+/.exec(t[0])?.[0] ?? ""
    const trail = /[)>\]},;.:?]+$/.exec(t[0].slice(lead.length))?.[0] ?? ""
    const token = t[0].slice(lead.length, t[0].length - trail.length)
    if (/[:=]/.test(lead)) explicit = justAfterSeparator = true
    // Code, not prose: `password: "bcrypt" | "argon2"`.
    if (!/[A-Za-z0-9]/.test(token)) break
    const start = t.index + lead.length
    // A typed password follows its separator or the word directly ("the secret is in 1Password" is no secret).
    const shaped = typed && (justAfterSeparator || (k === 0 && !plural))
    if (isProseSecret(token, shaped, explicit)) {
      spans.push({ start, end: start + token.length, rank, kind: password ? "password" : "secret" })
      return
    }
    justAfterSeparator = trail.includes(":")
    if (justAfterSeparator) explicit = true
  }
}

/** shaped: a typed password may stand here. A bare 40-hex commit hash after "token" is not taken for one. */
function isProseSecret(token: string, shaped: boolean, explicit: boolean): boolean {
  if (shaped && looksLikePassword(token)) return true
  return looksRandom(token, 16) && (explicit || !/^[0-9a-f]{40}$/i.test(token))
}

/** Sorted, overlapping spans merged; the merged span takes the kind of its most specific rule (lowest rank). */
function merge(spans: Span[]): Span[] {
  if (spans.length < 2) return spans
  spans.sort((a, b) => a.start - b.start || a.rank - b.rank)
  const out: Span[] = [spans[0]!]
  for (const s of spans.slice(1)) {
    const last = out[out.length - 1]!
    if (s.start < last.end) {
      last.end = Math.max(last.end, s.end)
      if (s.rank < last.rank) {
        last.rank = s.rank
        last.kind = s.kind
      }
    } else out.push(s)
  }
  return out
}

/** Drops spans touching an existing marker: a second pass must leave [REDACTED:…] and [private] alone. */
function dropMarkers(text: string, spans: Span[]): Span[] {
  if (spans.length === 0 || (!text.includes("[REDACTED:") && !text.includes("[private]"))) return spans
  const markers: [number, number][] = []
  MARKER.lastIndex = 0
  for (let m = MARKER.exec(text); m; m = MARKER.exec(text)) markers.push([m.index, m.index + m[0].length])
  return spans.filter((s) => !markers.some(([a, b]) => s.start < b && a < s.end))
}
