// Word lists and token tests shared by the text and tool extractors. They decide what counts as a file, a symbol,
// an error or a package; each test is deliberately strict, because a junk entity ("e.g.", "1.2.3", "and/or",
// "Node.js") pollutes the graph for good while a missed one costs little.

// Extensions that make a bare "name.ext" a file. Absent on purpose: "map" (obj.map), "io" (socket.io), "com",
// one-letter ones other than c/h, and anything that is mostly a TLD.
const EXTENSIONS =
  "ts tsx mts cts js jsx mjs cjs json jsonc json5 md mdx txt log yml yaml toml ini cfg conf env lock lockb sh bash " +
  "zsh fish ps1 bat py pyi ipynb rb go rs java kt kts scala swift c h cc cpp cxx hpp cs php lua dart zig sql " +
  "graphql gql proto html htm css scss sass less vue svelte astro xml svg png jpg jpeg gif webp ico pdf csv tsv " +
  "sqlite sqlite3 db wasm tf tfvars hcl nix gradle properties plist patch diff gz tgz zip snap"
export const FILE_EXTENSIONS: ReadonlySet<string> = new Set(EXTENSIONS.split(" "))

// Tech names that look like files.
const NOT_FILES = new Set(
  ("node.js next.js nuxt.js vue.js react.js chart.js three.js d3.js express.js ember.js backbone.js alpine.js p5.js " +
    "anime.js video.js console.log logger.log socket.io").split(" "),
)

const SPECIAL_FILES = new Set(
  "Makefile Dockerfile Containerfile Justfile Procfile Gemfile Rakefile Jenkinsfile Vagrantfile Brewfile".split(" "),
)

const DOTFILE = new RegExp(
  "^\\.(?:env(?:\\.[\\w-]+)?|gitignore|gitattributes|gitmodules|npmrc|nvmrc|yarnrc|prettierrc|eslintrc|editorconfig|" +
    "dockerignore|babelrc|bashrc|zshrc|profile|tool-versions|node-version|python-version|" +
    "[\\w-]+\\.(?:json|c?js|mjs|ya?ml|toml))$",
)

// Absolute paths without an extension are only files under these roots: "/api/users" in prose is a route.
const ABS_ROOTS = new Set("usr etc var tmp home opt bin sbin Users private mnt srv root Library Volumes".split(" "))

const DOMAIN_LIKE = /\.(?:com|org|net|io|dev|app|ai|co|gov|edu|sh)$/
const SEGMENT = /^\.?[\w+-][\w.+-]*$|^@[\w.+-]+$|^\.\.?$/

/**
 * Whether a token (no spaces) names a file or directory. `loose` is for backticked spans, where the writer marked it
 * as code: then "src/knowledge" counts; in prose a slash path needs an extension, a "./", "../", "~/" prefix, a
 * trailing slash, or a well-known absolute root.
 */
export function isPathToken(token: string, loose = false): boolean {
  if (token.length < 2 || token.length > 400) return false
  if (!token.includes("/")) return isBareFile(token)
  const prefixed = /^(?:~|\.{1,2})\//.test(token)
  const absolute = token.startsWith("/")
  const trailing = token.endsWith("/")
  const body = token.replace(/^(?:~\/|(?:\.{1,2}\/)+|\/)/, "").replace(/\/$/, "")
  if (!body) return false
  const segments = body.split("/")
  if (!segments.every((s) => SEGMENT.test(s))) return false
  const last = segments[segments.length - 1]!
  if (!prefixed && !absolute && DOMAIN_LIKE.test(segments[0]!)) return false
  if (hasFileExtension(last) || DOTFILE.test(last)) return true
  if (!/[A-Za-z]/.test(body)) return false
  if (prefixed) return true
  if (absolute) return segments.length >= 2 && ABS_ROOTS.has(segments[0]!)
  return trailing || (loose && segments.length >= 2)
}

function isBareFile(token: string): boolean {
  if (SPECIAL_FILES.has(token) || DOTFILE.test(token)) return true
  if (NOT_FILES.has(token.toLowerCase()) || token.includes("@")) return false
  return hasFileExtension(token)
}

function hasFileExtension(name: string): boolean {
  const dot = name.lastIndexOf(".")
  if (dot <= 0 || dot === name.length - 1) return false
  const ext = name.slice(dot + 1).toLowerCase()
  const stem = name.slice(0, dot)
  if (!FILE_EXTENSIONS.has(ext) || !/[A-Za-z]/.test(stem.replace(/^\./, ""))) return false
  // "this.props.h" is code; "main.c" and "util.h" are files.
  return ext.length > 1 || !stem.includes(".")
}

/** Node's errno codes: a whitelist, since any shouted word ("EVERY", "EDIT") would match E[A-Z]+. */
const ERRNO = new Set(
  ("ENOENT EACCES EPERM EEXIST EISDIR ENOTDIR ENOTEMPTY EMFILE ENFILE EPIPE ECONNREFUSED ECONNRESET ECONNABORTED " +
    "EADDRINUSE EADDRNOTAVAIL ETIMEDOUT EHOSTUNREACH ENETUNREACH ENOTFOUND EAI_AGAIN ENOMEM ENOSPC EROFS EBUSY " +
    "EAGAIN EINVAL EBADF EXDEV ELOOP ENAMETOOLONG ENOTSUP EPROTO ECANCELED ENOTCONN ESRCH E2BIG ENOEXEC EINTR ENOSYS " +
    "ENOTTY").split(" "),
)
/** Candidates for error names; isErrorToken decides. Loose on purpose: one cheap pass instead of a long alternation. */
export const ERROR_CANDIDATE = /\b(?:[A-Z][A-Za-z0-9]*(?:Error|Exception)|E[A-Z0-9_]{2,}|TS\d{4,5})\b/g

/** An error class ("TypeError"), an errno code ("ENOENT"), a Node code ("ERR_MODULE_NOT_FOUND"), a TS code. */
export function isErrorToken(token: string): boolean {
  if (/(?:Error|Exception)$/.test(token)) return /^[A-Z][A-Za-z0-9]+(?:Error|Exception)$/.test(token)
  return ERRNO.has(token) || /^ERR_[A-Z0-9_]+$/.test(token) || /^TS\d{4,5}$/.test(token)
}

/** The first error token in a text. */
export function knownErrorToken(text: string): string | undefined {
  for (const m of text.matchAll(ERROR_CANDIDATE)) {
    if (isErrorToken(m[0]) && !/[\w$@\/]/.test(text[m.index! - 1] ?? "")) return m[0]
  }
  return undefined
}

const KEYWORDS = new Set(
  ("if for while switch catch return function typeof instanceof new await async super do else try throw case " +
    "true false null undefined void never unknown any string number boolean object const let var class import " +
    "export type interface this self nil none None True False").split(" "),
)

// Receivers so common that "fs.readFile" or "process.env" are code even without a capital or a hump.
const KNOWN_OBJECTS = new Set(
  ("process console window document globalThis this module exports require fs path os crypto http https util url " +
    "req res ctx app router config props state self navigator location import Bun Deno JSON Math Object Array " +
    "Promise String Number Date").split(" "),
)

/** High-entropy tokens (keys, hashes, JWT parts) are not symbols, whatever their shape. */
export function looksSecret(token: string): boolean {
  if (/[A-Za-z0-9]{32,}/.test(token)) return true
  return token.length >= 20 && /\d/.test(token) && /[A-Z]/.test(token) && /[a-z]/.test(token) && !/[._]/.test(token)
}

const HUMP = /[a-z0-9][A-Z][a-z]/
const IDENT_PATH = /^[A-Za-z_$][\w$]*(?:(?:\.|::|#)[A-Za-z_$][\w$]*)*$/

/**
 * How sure the context already is that a name is code: "call" for `name()`, "code" for a backticked span, undefined
 * for bare prose.
 */
export type Marking = "call" | "code" | undefined

/**
 * Whether a (possibly dotted) identifier reads as code rather than prose: a camel hump, an underscore, a `$`, a
 * capitalised receiver ("Foo.bar", "JSON.parse"), or a well-known receiver ("fs.readFile"). An empty call accepts
 * any identifier but a keyword; backticks add capitalised words ("`Request`") and any dotted name, but not a plain
 * lowercase word ("`server`" is as often a config key or a directory as a symbol).
 */
export function isSymbolName(name: string, marked?: Marking): boolean {
  if (name.length < 2 || name.length > 200 || !IDENT_PATH.test(name) || looksSecret(name)) return false
  const parts = name.split(/\.|::|#/)
  const last = parts[parts.length - 1]!
  if (parts.length === 1) {
    if (KEYWORDS.has(name)) return false
    const codeLike = HUMP.test(name) || /[_$]/.test(name.slice(1))
    return codeLike || marked === "call" || (marked === "code" && /^[A-Z][A-Z0-9]*[a-z]/.test(name))
  }
  if (parts.some((p) => p.length < 2) || DOMAIN_LIKE.test("." + last)) return false
  // "res.json()" is a call; a bare "console.log" or "Node.js" is not worth a symbol.
  if (marked !== "call" && FILE_EXTENSIONS.has(last.toLowerCase())) return false
  const first = parts[0]!
  return (
    marked !== undefined ||
    /^[A-Z]/.test(first) ||
    KNOWN_OBJECTS.has(first) ||
    parts.some((p) => HUMP.test(p) || /[_$]/.test(p))
  )
}

const NPM_NAME = /^(?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/
const BUILTINS = new Set(
  ("fs path os http https http2 crypto util url events stream child_process buffer assert net tls dns zlib readline " +
    "process worker_threads cluster module querystring timers vm perf_hooks async_hooks string_decoder tty dgram v8 " +
    "inspector").split(" "),
)
// Words that follow "npm install" in prose without being packages ("npm install and then …").
const PROSE_WORDS = new Set("and then the to it again first now for with in on or a an this that everything".split(" "))

/** The package a module specifier or an install argument names ("lodash/fp" → lodash, "zod@3" → zod). */
export function packageOf(spec: string): string | undefined {
  if (!spec || /^[.\/~#]/.test(spec) || spec.includes(":") || spec.length > 214) return undefined
  const at = spec.indexOf("@", 1)
  const bare = at > 0 ? spec.slice(0, at) : spec
  const parts = bare.split("/")
  const root = bare.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!
  if (!NPM_NAME.test(root) || !/[a-z]/.test(root) || BUILTINS.has(root) || PROSE_WORDS.has(root)) return undefined
  return root
}
