// Finds entities in free text (a user's or the assistant's message). Each pass masks what it accepted with spaces
// (same length, so positions stay valid) before the next runs: a URL's path is not also a file, a file's name not
// also a symbol. Fenced code is only searched for unambiguous things (URLs, paths, error names, imports), since
// code is full of identifiers that mean nothing on their own.
import { commandOf, isKnownCli } from "./extract-command.ts"
import {
  ERROR_CANDIDATE,
  isErrorToken,
  isPathToken,
  isSymbolName,
  knownErrorToken,
  packageOf,
} from "./extract-vocab.ts"
import type { EntityType } from "./types.ts"

export interface Hit {
  type: EntityType
  name: string
  pos: number
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/
const INLINE_CODE = /`([^`\n]{1,200})`/g
const URL = /\b(?:https?|wss?|ftp):\/\/[^\s<>"'`)\]}]{1,1000}/gi
// Lookbehinds would be the natural way to say "not in the middle of a token", but they make JavaScriptCore fall back
// to its slow regex interpreter (10–20x here); the patterns are loose and `pass` checks the character before instead.
// The leading separator is consumed (the lookahead-backreference pair is an atomic group: no backtracking).
const PATH_CANDIDATE = /(?:^|[^~.\/\w@+-])(?=([~\w@+-]*))\1[.\/][~.\/\w@+-]*/g
const SPECIAL_FILE_CANDIDATE = /\b[A-Z][a-z]+file\b(?![.\/\w-])/g
const CALL_SITE = /[\w$]\(\)?/g
const NAME_CHAR = /[\w$.:]/
const DOTTED = /\b[A-Za-z_$][\w$]*(?:(?:\.|::|#)[A-Za-z_$][\w$]*)+(?![\w$]|\.[\w$])/g
const CAMEL = /\b[a-z][a-z0-9]+(?:[A-Z][a-z0-9]*)+(?![\w$])/g
const SNAKE_CANDIDATE = /\b[A-Za-z][A-Za-z0-9]*_\w*/g
const SNAKE = /^(?:[a-z][a-z0-9]*(?:_[a-z0-9]+)+|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)$/
const INSTALL = /\b(?:npm|pnpm|yarn|bun)[ \t]+(?:install|i|add)((?:[ \t]+[^\s`'"&|;]+){1,12})/g
const SPECIFIER = `["']([^"'\\s]{1,214})["']`
const IMPORT = new RegExp(
  `\\bfrom\\s*${SPECIFIER}|\\bimport\\s*\\(?\\s*${SPECIFIER}|\\brequire\\s*\\(\\s*${SPECIFIER}`,
  "g",
)
// A token continues across these: a match right after one started mid-token ("$HOME/x", "a@b.c").
const MID_TOKEN = /[\w$@\/.%#-]/

/** Blanks a span, keeping the length so later positions stay aligned with the original text. */
const blank = (s: string): string => s.replace(/[^\n]/g, " ")

type Emit = (type: EntityType, name: string, pos: number) => void

/** Splits the text into prose and fenced code, each as long as the text with the other part blanked out. */
function splitFences(text: string): { prose: string; code: string } {
  if (!text.includes("```") && !text.includes("~~~")) return { prose: text, code: "" }
  const prose: string[] = []
  const code: string[] = []
  let fence = ""
  for (const line of text.split("\n")) {
    const m = FENCE.exec(line)
    if (m) {
      if (!fence) fence = m[1]!
      else if (m[1]![0] === fence[0] && m[1]!.length >= fence.length && !line.trim().slice(m[1]!.length)) fence = ""
      prose.push(blank(line))
      code.push(blank(line))
    } else {
      prose.push(fence ? blank(line) : line)
      code.push(fence ? line : blank(line))
    }
  }
  return { prose: prose.join("\n"), code: code.join("\n") }
}

/** Runs `re` over `text`, blanking each match `accept` takes; matches that start mid-token are skipped. */
function pass(text: string, re: RegExp, accept: (m: string, groups: string[], pos: number) => boolean): string {
  return text.replace(re, (...args: unknown[]) => {
    const m = args[0] as string
    const at = args.findIndex((a, i) => i > 0 && typeof a === "number")
    const pos = args[at] as number
    if (pos > 0 && MID_TOKEN.test(text[pos - 1]!)) return m
    const groups = args.slice(1, at).map((g) => (typeof g === "string" ? g : ""))
    return accept(m, groups, pos) ? blank(m) : m
  })
}

function classifyInline(token: string, pos: number, emit: Emit): void {
  if (/^(?:https?|wss?|ftp):\/\//i.test(token)) return emit("url", token, pos)
  if (knownErrorToken(token) === token) return emit("error", token, pos)
  if (/^@[a-z0-9][\w.-]*\/[a-z0-9][\w.-]*$/.test(token)) return emit("package", token, pos)
  if (isPathToken(token, true)) return emit("file", token, pos)
  if (isKnownCli(token)) return emit("command", token, pos)
  const name = token.replace(/\(.*\)$/, "").replace(/<.*>$/, "")
  if (isSymbolName(name, "code")) emit("symbol", name, pos)
}

function scanUrls(text: string, emit: Emit): string {
  return pass(text, URL, (m, _, pos) => (emit("url", m, pos), true))
}

function scanPaths(text: string, emit: Emit): string {
  const t = text.replace(PATH_CANDIDATE, (m: string, _run: string, at: number) => {
    const lead = at === 0 && !/^[^~.\/\w@+-]/.test(m) ? 0 : 1
    const pos = at + lead
    const token = m.slice(lead).replace(/\.+$/, "")
    // "$HOME/x" is a variable; "res.json()" is a call, not a file.
    if (/[$%]/.test(m.slice(0, lead)) || token.startsWith("-") || text[pos + token.length] === "(") return m
    if (!isPathToken(token)) return m
    emit("file", token, pos)
    return m.slice(0, lead) + blank(m.slice(lead))
  })
  return pass(t, SPECIAL_FILE_CANDIDATE, (m, _, pos) => isPathToken(m) && (emit("file", m, pos), true))
}

function scanErrors(text: string, emit: Emit): string {
  return pass(text, ERROR_CANDIDATE, (m, _, pos) => isErrorToken(m) && (emit("error", m, pos), true))
}

function scanPackages(text: string, emit: Emit, allArgs: boolean): void {
  for (const m of text.matchAll(INSTALL)) {
    const args = m[1]!.trim().split(/[ \t]+/).filter((a) => !a.startsWith("-"))
    // In prose only the first argument: "npm install zod and restart" must not yield "and" and "restart".
    for (const arg of allArgs ? args : args.slice(0, 1)) {
      const pkg = packageOf(arg)
      if (!pkg) break
      emit("package", pkg, m.index!)
    }
  }
  for (const m of text.matchAll(IMPORT)) {
    const pos = m.index!
    // A quoted word after "from" is only a module when an import or export statement leads up to it.
    if (m[1] && !/\b(?:import|export)\b/.test(text.slice(Math.max(0, pos - 300), pos))) continue
    const pkg = packageOf(m[1] ?? m[2] ?? m[3] ?? "")
    if (pkg) emit("package", pkg, pos)
  }
}

/** Calls are found from their "(" backwards: a regex anchored on every word would be much slower. */
function scanCalls(text: string, emit: Emit): string {
  const spans: [number, number][] = []
  for (const m of text.matchAll(CALL_SITE)) {
    const end = m.index! + 1
    let start = end
    while (start > 0 && end - start < 200 && NAME_CHAR.test(text[start - 1]!)) start--
    const name = text.slice(start, end).replace(/^[.:]+/, "")
    const pos = end - name.length
    // "parseConfig()" is code whatever its shape; "note(s)" or "see(below)" only with a code-like name.
    if (MID_TOKEN.test(text[pos - 1] ?? " ") || !isSymbolName(name, m[0].endsWith(")") ? "call" : undefined)) continue
    emit("symbol", name, pos)
    spans.push([pos, end])
  }
  if (!spans.length) return text
  let out = ""
  let at = 0
  for (const [from, to] of spans) {
    out += text.slice(at, from) + " ".repeat(to - from)
    at = to
  }
  return out + text.slice(at)
}

function scanSymbols(text: string, emit: Emit): void {
  let t = scanCalls(text, emit)
  for (const re of [DOTTED, CAMEL, SNAKE_CANDIDATE]) {
    t = pass(t, re, (m, _, pos) => {
      if ((re === SNAKE_CANDIDATE && !SNAKE.test(m)) || !isSymbolName(m)) return false
      emit("symbol", m, pos)
      return true
    })
  }
}

/** Entities in `text` of the requested types, ordered by where they appear. */
export function scanText(text: string, types: ReadonlySet<EntityType>): Hit[] {
  const hits: Hit[] = []
  const emit: Emit = (type, name, pos) => {
    if (types.has(type)) hits.push({ type, name, pos })
  }
  const { prose, code } = splitFences(text)
  if (code) {
    if (types.has("package")) scanPackages(code, emit, true)
    scanErrors(scanPaths(scanUrls(code, emit), emit), emit)
  }
  let p = pass(prose, INLINE_CODE, (m, [inner = ""], pos) => {
    const token = inner.trim()
    if (!/\s/.test(token)) {
      classifyInline(token, pos + 1, emit)
      return true
    }
    // A multi-word span is a command when it starts with a known tool; its words are still searched below.
    const command = isKnownCli(token.split(/\s+/)[0]!) ? commandOf(token) : undefined
    if (command) emit("command", command.name, pos + 1)
    return false
  })
  if (types.has("package")) scanPackages(p, emit, false)
  p = scanErrors(scanPaths(scanUrls(p, emit), emit), emit)
  if (types.has("symbol")) scanSymbols(p, emit)
  return hits.sort((a, b) => a.pos - b.pos)
}
