// The rule table behind redact(): what a secret looks like, by provider prefix and by context. Written for this
// project in the spirit of gitleaks' default rules (prefix-anchored tokens first, context-anchored values after),
// not copied from them.
//
// Speed comes from how each regex starts. One that starts with a literal (`ghp_`, `AKIA`, `://`) is scanned for
// like indexOf; one that starts with a character class or a lookbehind is tried at every position (measured up to
// 100 times slower). So token boundaries are checked outside the regex (notAfter), and context rules are anchored
// on the secret word inside a key: one case-insensitive scan finds those words (WORD_HIT), and sticky regexes
// (WORD_RULES) are tried only there, reading the rest of the key backwards. A keyword prefilter costs about as much
// as a literal-led scan, so only rules whose regex is expensive to scan have one (needs).
//
// Regex convention: the secret is the named group s, s2, s3 or s4 (whichever matched) or else the whole match, and
// it always ends the match; trailing context goes in a lookahead. That gives the span without the `d` flag.

export type Groups = Record<string, string | undefined>
export interface At {
  text: string
  /** Where the match starts, and where it ends. */
  index: number
  end: number
}

export interface Rule {
  kind: string
  /** Global regex scanned over the whole text. */
  re: RegExp
  /** Run only if the text contains one of these (case-sensitive) or matches this regex: for costly regexes. */
  needs?: readonly string[] | RegExp
  /** The character before the match must not be one of these: the token boundary, checked outside the regex. */
  notAfter?: RegExp
  /** A finer kind from the match (`password` rather than `secret`). */
  kindOf?: (groups: Groups) => string
  /** Second opinion on a candidate (placeholders, code, entropy); false keeps the text as it is. */
  check?: (secret: string, groups: Groups, at: At) => boolean
}

/** A sticky regex tried where WORD_HIT found a secret word; its match starts at that word. */
export interface WordRule {
  kind: string
  re: RegExp
  /** Cheap test before the regex runs, for regexes that would read to the end of a long line. */
  where?: (text: string, index: number) => boolean
  kindOf?: (groups: Groups) => string
  check?: (secret: string, groups: Groups, at: At) => boolean
}

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  // ASCII counts in a reused array: a Map here cost ~10 µs per call.
  const counts = ASCII_COUNTS.fill(0)
  let other: Map<number, number> | undefined
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 128) counts[c]!++
    else (other ??= new Map()).set(c, (other.get(c) ?? 0) + 1)
  }
  let h = 0
  const add = (n: number) => {
    const p = n / s.length
    h -= p * Math.log2(p)
  }
  for (let c = 0; c < 128; c++) if (counts[c]! > 0) add(counts[c]!)
  if (other) for (const n of other.values()) add(n)
  return h
}
const ASCII_COUNTS = new Int32Array(128)

/** `(?:a|b|c)` of literal words, for long alternations kept readable. */
const oneOf = (words: string) =>
  `(?:${words
    .trim()
    .split(/\s+/)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join("|")})`

// References, templates, masks and type names: never a credential, and common in code and CI files.
const PLACEHOLDER_WORD = oneOf(`
  null nil none undefined true false yes no on off required optional string str number int integer bool boolean any
  unknown object bytes text redacted hidden masked value example sample placeholder dummy foo bar baz
  same-origin include omit`)
const PLACEHOLDER = new RegExp(
  "^(?:\\$\\{?[A-Za-z_]|\\$\\{\\{|\\$\\(|\\{\\{|\\{[A-Za-z_][\\w.]*\\}|%[A-Za-z_]+%$|<[^>]*>$|" +
    `\\[REDACTED|\\*{3,}|x{4,}$|\\.\\.\\.$|…|your[-_ ]|${PLACEHOLDER_WORD}[,;]?$)`,
  "i",
)
// Where configuration comes from in code: `process.env.X`, `settings.SECRET`, `this.token`.
const CODE_ROOT = new RegExp(
  "^(?:" +
    oneOf(`
      process.env import.meta.env os.environ os.getenv System.getenv Deno.env Bun.env ENV[ env( getenv( secrets. vars.
      var. local. data. module. self. this. ctx. context. config. settings. options. opts. args. params. props. req.
      request. input. values. Values.`) +
    ")",
)
const MEMBER_CHAIN = /^[A-Za-z_$][\w$]*(?:\??\.[A-Za-z_$][\w$]*)*(?:\[[^\]]*\])?[,;]?$/
const TYPE_EXPR = /^[A-Za-z_][\w.]*(?:<.*>|\[\])?(?:\s*\|\s*[A-Za-z_][\w.]*(?:<.*>|\[\])?)*[,;]?$/
const EXTENSIONS = oneOf("ts tsx js mjs json md py go rs rb txt yml yaml toml pem key crt pub lock log sh env sql")
const PATHISH = new RegExp(`^(?:~|\\.{1,2})?/|://|\\.${EXTENSIONS}$`)

// Public halves are meant to be shared: age recipients, SSH public keys, Stripe publishable keys, certificates.
const PUBLIC_VALUE = new RegExp(
  "^(?:age1[0-9a-z]{50,}|ssh-(?:rsa|ed25519|dss) |ecdsa-sha2-|sk-ssh-|pk_(?:live|test)_|" +
    "-----BEGIN (?:PUBLIC KEY|CERTIFICATE))",
)

/** A value that cannot be a credential: empty, a reference, a template, a mask, a type name or a public key. */
export function isPlaceholder(v: string): boolean {
  return v.trim() === "" || PLACEHOLDER.test(v) || PUBLIC_VALUE.test(v)
}

// Type names with digits (Uint8Array, int64, u32): in `key: Type` they are annotations, not passwords.
const DIGIT_TYPE =
  /(?:Uint8Clamped|Big(?:Ui|I)nt64|U?[Ii]nt(?:8|16|32)|Float(?:32|64))Array|^(?:u?int|float|[iuf])(?:8|16|32|64|128)\b/

/** An expression rather than a literal: `config.token`, `getPassword()`, `string | undefined`, `src[i++];`. */
export function looksLikeCode(v: string): boolean {
  if (CODE_ROOT.test(v) || /^[{[]|[()]|=>|\|\||&&|\?\?|^(?:new|await|typeof|keyof|readonly)\s/.test(v)) return true
  if (/^\/.+\/[dgimsuyv]*[,;]?$/.test(v)) return true // a regex literal
  if (/\s(?:[?:<>+*\/%]|[=!<>]=|===|!==)\s|\$\{|\w\*\w/.test(v)) return true // operators, template interpolation
  if (/[\w$]\[.*\]|[\w$]<|;$/.test(v) || DIGIT_TYPE.test(v)) return true // indexing, generics, a statement's end
  // Member chains (`opts.token`) are code even with digits; a bare identifier only without (`hashed` vs `hunter2`).
  if (/^[A-Za-z_$][\w$]*(?:\??\.[A-Za-z_$][\w$]*)+[,;]?$/.test(v)) return true
  if (/\d/.test(v)) return false
  return MEMBER_CHAIN.test(v) || TYPE_EXPR.test(v)
}

// Two measures over the letters and digits of a string. Runs of one character class (lower, upper, digit) per
// character: random strings switch class often, identifiers like user_id_v2_migration_2024 seldom. The share in
// lowercase runs of four or more: word fragments ("Renderer", "Output") make most of an identifier, little of a
// random string.
function shape(v: string): { runRatio: number; wordy: number } {
  let runs = 0
  let last = -1
  let n = 0
  let lowerRun = 0
  let wordy = 0
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i)
    const cls = c >= 48 && c <= 57 ? 0 : c >= 97 && c <= 122 ? 1 : c >= 65 && c <= 90 ? 2 : -1
    if (cls === 1) lowerRun++
    else {
      if (lowerRun >= 4) wordy += lowerRun
      lowerRun = 0
    }
    if (cls < 0) continue
    n++
    if (cls !== last) runs++
    last = cls
  }
  if (lowerRun >= 4) wordy += lowerRun
  return n === 0 ? { runRatio: 0, wordy: 1 } : { runRatio: runs / n, wordy: wordy / n }
}

// Machine-made tokens are base64, base64url, hex or percent-encoded: brackets, $ and quotes mean code or prose.
const TOKEN_CHARSET = /^[\w+/=.~%-]+$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** A machine-made token: long, several character classes mixed throughout, high entropy; not a path or a UUID. */
export function looksRandom(v: string, min = 16): boolean {
  if (v.length < min || !TOKEN_CHARSET.test(v) || isPlaceholder(v) || PATHISH.test(v) || UUID.test(v)) return false
  const digit = /\d/.test(v)
  const lower = /[a-z]/.test(v)
  const upper = /[A-Z]/.test(v)
  if (+digit + +lower + +upper < 2) return false
  const { runRatio, wordy } = shape(v)
  if (wordy > 0.5) return false
  // Without digits only a case change every other letter or so is random; diffWordsWithSpace is camelCase.
  return digit ? runRatio >= 0.3 && entropy(v) >= 3 : runRatio >= 0.5 && entropy(v) >= 3.5
}

/** What a person types as a password: not a plain word, so a digit, or a symbol between other characters. */
export function looksLikePassword(v: string): boolean {
  if (v.length < 6 || isPlaceholder(v) || PATHISH.test(v) || looksLikeCode(v)) return false
  if (/^[\d.:/-]+$/.test(v) && /[.:/-]/.test(v)) return false // dates, times, versions
  return /\d/.test(v) || /[^!@#$%^&*+=?~][!@#$%^&*+=?~]+[^!@#$%^&*+=?~]/.test(v)
}

type Strength = "strong" | "weak" | "none"
const STRONG_LAST = new Set(["password", "passwd", "passphrase", "pwd", "pass", "secret", "secrets", "token", "apikey"])
const STRONG_LAST_ALSO = new Set(["credential", "credentials"])
const STRONG_KEY_PREV = new Set([
  "api", "secret", "private", "access", "auth", "signing", "encryption", "master", "client", "app", "account",
  "storage", "service", "license", "webhook", "session", "consumer", "shared", "admin", "write", "deploy", "root",
  "hmac", "jwt", "enc", "aes", "crypt", "ssh", "gpg", "pgp", "subscription", "sas", "bot", "integration",
])
const NOT_SECRET_KEY_PREV = new Set([
  "public", "publishable", "pub", "primary", "foreign", "sort", "partition", "cache", "idempotency", "object", "map",
  "lookup", "hash", "row", "range", "composite", "unique", "react", "group", "dedup", "dedupe", "routing", "i18n",
])
const SUFFIXES = new Set(["base", "b64", "base64", "value", "hash", "enc", "hex"])

/** How sure a key name is to hold a secret: `DB_PASSWORD`, `clientSecret` strong, `OPENAI_KEY` weak, `sortKey` none. */
export function keyStrength(key: string): Strength {
  // Keys repeat (every .env has DATABASE_URL); the split below costs a few µs.
  let known = STRENGTHS.get(key)
  if (known === undefined) {
    if (STRENGTHS.size > 2000) STRENGTHS.clear()
    STRENGTHS.set(key, (known = strengthOf(key)))
  }
  return known
}
const STRENGTHS = new Map<string, Strength>()

/** `dbPassword`, `DB_PASSWORD`, `db-password` → ["db", "password"]. */
function keyParts(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
}

function strengthOf(key: string): Strength {
  const parts = keyParts(key)
  let last = parts.at(-1) ?? ""
  let prev = parts.at(-2) ?? ""
  if (SUFFIXES.has(last) && parts.length > 1) {
    last = prev
    prev = parts.at(-3) ?? ""
  }
  if (STRONG_LAST.has(last) || STRONG_LAST_ALSO.has(last)) return "strong"
  if (/(?:password|passwd|secret|token)$/.test(last)) return "strong" // dbpassword, csrftoken
  if (last === "key") {
    if (STRONG_KEY_PREV.has(prev)) return "strong"
    return NOT_SECRET_KEY_PREV.has(prev) ? "none" : "weak"
  }
  // Names that also label non-secrets ("js.cookie": "js-cookie"): only a random-looking value counts.
  if (["auth", "dsn", "signature", "sig", "cookie"].includes(last)) return "weak"
  return "none"
}

type Style = "quoted" | "env" | "code"
const UI_COPY = /\b(?:pass(?:word|phrase)?|enter|your|must|characters?|confirm|forgot|new|current)\b|[:…]$/i

/** Whether the value of an assignment to `key` is a secret; style says how it was written. */
export function assignedSecret(key: string, value: string, style: Style): boolean {
  const strength = keyStrength(key)
  if (strength === "none" || isPlaceholder(value) || !/[A-Za-z0-9]/.test(value)) return false
  const v = value.trim()
  // i18n labels: "password": "Password".
  if (v.toLowerCase() === keyParts(key).at(-1) || v.toLowerCase() === key.toLowerCase()) return false
  if (strength === "weak") return looksRandom(v, 12) && !looksLikeCode(v)
  const password = /pass|pwd/i.test(key)
  if (!password && /^\d{1,8}$/.test(v)) return false // counters and flags: "token": 0
  // Quoted text with spaces is a passphrase only under a password key, and not UI copy about the password.
  if (style === "quoted") {
    return !/\s/.test(v) || (password && !UI_COPY.test(v)) || looksRandom(v.replace(/\s+/g, ""), 16)
  }
  if (style === "env") return !CODE_ROOT.test(v) && !/^[{[]/.test(v)
  return !looksLikeCode(v)
}

// ---- provider tokens -----------------------------------------------------------------------------------------

// A token starts here: not in the middle of task-sk-list or an identifier.
const TOKEN_CHAR = /[A-Za-z0-9_-]/
const g = (src: string, flags = "") => new RegExp(src, "g" + flags)
const notPlaceholder = (s: string) => !isPlaceholder(s)

// Recognisable by prefix: redacted whole, prefix included (the kind already says what it was). Order matters where
// shapes nest: sk-ant- and sk-or- come before the generic sk- of OpenAI-style keys.
const PREFIXED: [kind: string, source: string, needs?: string[]][] = [
  ["anthropic-key", "sk-ant-[A-Za-z0-9_-]{20,}"],
  ["openrouter-key", "sk-or-v\\d-[A-Za-z0-9]{32,}"],
  ["github-token", "gh[pousr]_[A-Za-z0-9]{20,}"],
  ["github-token", "github_pat_[A-Za-z0-9_]{20,}"],
  ["gitlab-token", "gl(?:pat|dt|rt|ptt|cbt|oas|soat|ft|imt|agent)-[A-Za-z0-9_-]{20,}(?:\\.[A-Za-z0-9_-]+)*", ["gl"]],
  ["gitlab-token", "GR1348941[A-Za-z0-9_-]{20,}"],
  ["slack-token", "x(?:ox(?:e\\.xox)?[abposre]|app)-[0-9A-Za-z-]{10,}", ["xox", "xapp-"]],
  ["stripe-key", "[sr]k_(?:live|test)_[A-Za-z0-9]{10,}"],
  ["stripe-key", "whsec_[A-Za-z0-9+/=]{20,}"],
  ["google-api-key", "AIza[0-9A-Za-z_-]{30,}"],
  ["google-oauth", "GOCSPX-[A-Za-z0-9_-]{20,}"],
  ["google-oauth", "ya29\\.[0-9A-Za-z_-]{20,}"],
  ["google-oauth", "1//0[0-9A-Za-z_-]{30,}"],
  ["twilio-key", "SK[0-9a-fA-F]{32}"],
  ["sendgrid-key", "SG\\.[A-Za-z0-9_-]{16,}\\.[A-Za-z0-9_-]{16,}"],
  ["npm-token", "npm_[A-Za-z0-9]{30,}"],
  ["pypi-token", "pypi-Ag[A-Za-z0-9_-]{40,}"],
  ["heroku-key", "HRKU-[A-Za-z0-9_-]{20,}"],
  ["digitalocean-token", "do[por]_v1_[a-f0-9]{32,}"],
  ["shopify-token", "shp(?:at|ca|pa|ss)_[a-fA-F0-9]{20,}", ["shp"]],
  ["huggingface-token", "hf_[A-Za-z0-9]{30,}"],
  ["groq-key", "gsk_[A-Za-z0-9]{40,}"],
  ["xai-key", "xai-[A-Za-z0-9]{40,}"],
  ["perplexity-key", "pplx-[A-Za-z0-9]{40,}"],
  ["replicate-token", "r8_[A-Za-z0-9]{30,}"],
  ["vault-token", "hv[sbr]\\.[A-Za-z0-9_-]{20,}"],
  ["databricks-token", "dapi[a-f0-9]{32}"],
  ["postman-key", "PMAK-[a-f0-9]{24}-[a-f0-9]{34}"],
  ["linear-key", "lin_api_[A-Za-z0-9]{30,}"],
  ["notion-token", "(?:secret_|ntn_)[A-Za-z0-9]{40,}", ["secret_", "ntn_"]],
  ["doppler-token", "dp\\.(?:pt|st|sa|ct|scim|audit)\\.[A-Za-z0-9._]{30,}"],
  ["grafana-token", "gl(?:sa|c)_[A-Za-z0-9_=+/-]{30,}"],
  ["newrelic-key", "NRAK-[A-Z0-9]{27}"],
  ["supabase-token", "sbp_[a-f0-9]{40}"],
  ["atlassian-token", "ATATT3[A-Za-z0-9_=-]{50,}"],
  ["sentry-token", "sntry[su]_[A-Za-z0-9+/=_]{40,}"],
  ["tailscale-key", "tskey-(?:auth|api|client|webhook)-[A-Za-z0-9-]{20,}", ["tskey-"]],
  ["age-secret-key", "AGE-SECRET-KEY-1[0-9A-Z]{50,}"],
  ["aws-access-key-id", "A(?:KIA|SIA|BIA|CCA|3T[A-Z0-9])[A-Z0-9]{16}(?![A-Za-z0-9])"],
  ["jwt", "eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]*"],
]

// user:password@host is how docs spell the shape, not a credential.
function userinfoSecret(s: string): boolean {
  return !isPlaceholder(s) && !/^(?:pass(?:word|wd)?|pwd|secret|token)$/i.test(s)
}

const SK_PREFIX = /^sk-(?:proj-|svcacct-|admin-|None-)?/

export const RULES: readonly Rule[] = [
  {
    // PEM keys, OpenSSH keys, PGP blocks. An unclosed block (a cut-off tool output) runs to the end of the text.
    kind: "private-key",
    re: g(
      "-----BEGIN[ A-Z0-9_-]{0,40}PRIVATE KEY(?: BLOCK)?-----[\\s\\S]*?" +
        "(?:-----END[ A-Z0-9_-]{0,40}PRIVATE KEY(?: BLOCK)?-----|$)",
    ),
  },
  { kind: "private-key", re: g("PuTTY-User-Key-File-\\d+:[\\s\\S]*?(?:Private-MAC:[ \\t]*[0-9a-fA-F]+|$)") },
  ...PREFIXED.slice(0, 2).map(([kind, source]) => ({ kind, re: g(source), notAfter: TOKEN_CHAR })),
  {
    // OpenAI and the many providers that copied its sk- shape; the body must look random ("sk-learn-compatible").
    kind: "openai-key",
    re: g("sk-(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{20,}"),
    needs: ["sk-"],
    notAfter: TOKEN_CHAR,
    check: (s) => looksRandom(s.replace(SK_PREFIX, ""), 16),
  },
  ...PREFIXED.slice(2).map(([kind, source, needs]) => ({
    kind,
    re: g(source),
    needs,
    // 1//0… (Google refresh tokens) must not sit inside a URL path either.
    notAfter: source.startsWith("1//") ? /[\w/]/ : TOKEN_CHAR,
  })),
  {
    kind: "telegram-token",
    re: g("[0-9]{8,10}:AA[A-Za-z0-9_-]{30,}"),
    needs: [":AA"],
    notAfter: /[0-9]/,
  },
  {
    kind: "terraform-token",
    re: g("[a-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_=-]{60,}"),
    needs: [".atlasv1."],
    notAfter: TOKEN_CHAR,
  },
  {
    kind: "azure-client-secret",
    re: g("[A-Za-z0-9_~.]{3}\\dQ~[A-Za-z0-9_~.-]{31,34}"),
    needs: ["Q~"],
    notAfter: /[\w~.-]/,
  },
  {
    kind: "discord-token",
    re: g("[MNO][A-Za-z0-9_-]{23,27}\\.[A-Za-z0-9_-]{6,7}\\.[A-Za-z0-9_-]{27,40}"),
    needs: /discord/i,
    notAfter: TOKEN_CHAR,
  },
  // Identifiers that are secret only where the text says whose they are.
  { kind: "twilio-account-sid", re: g("AC[0-9a-f]{32}(?![A-Za-z0-9])"), needs: /twilio/i, notAfter: TOKEN_CHAR },
  {
    kind: "heroku-key",
    re: g("(?:heroku|HEROKU|Heroku)[\\s\\S]{0,60}?(?<s>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"),
    needs: ["heroku", "HEROKU", "Heroku"],
  },
  { kind: "gcp-private-key-id", re: g(`"private_key_id"[ \\t]*:[ \\t]*"(?<s>[0-9a-f]{16,})(?=")`) },
  // Secrets inside URLs and connection strings.
  {
    kind: "azure-storage-key",
    re: g("(?:AccountKey|SharedAccessKey)=(?<s>[A-Za-z0-9+/]{20,}={0,2})"),
    needs: ["AccountKey=", "SharedAccessKey="],
  },
  { kind: "azure-sas", re: g("[?&;]sig=(?<s>[A-Za-z0-9%+/=]{20,})") },
  { kind: "discord-webhook", re: g("discord(?:app)?\\.com/api/webhooks/\\d+/(?<s>[A-Za-z0-9_-]{20,})") },
  {
    kind: "slack-webhook",
    re: g("hooks\\.slack\\.com/(?:services|workflows|triggers)/(?<s>[A-Za-z0-9_/+-]{20,})"),
    needs: ["hooks.slack.com"],
  },
  { kind: "npm-token", re: g("_authToken[ \\t]*=[ \\t]*[\"']?(?<s>[^\\s\"']+)"), check: notPlaceholder },
  {
    // scheme://user:password@host keeps scheme, user and host; the password may hold a raw @ (backtrack to the
    // last). scheme://token@host: a bare userinfo that looks machine-made (plain usernames stay). Matched from
    // "://" on, also JSON-escaped; the scheme before it is checked by notAfter.
    kind: "url-password",
    re: g(`:(?:\\\\?/){2}(?:[^\\s:@/\\\\'"<>]*:(?<s>[^\\s/\\\\'"<>]+)|(?<s2>[^\\s:@/\\\\'"<>]{16,}))(?=@)`),
    needs: ["://", ":\\/\\/"],
    notAfter: /[^A-Za-z0-9+.-]/,
    kindOf: (gr) => (gr.s === undefined ? "url-token" : "url-password"),
    check: (s, gr) => (gr.s === undefined ? looksRandom(s, 16) : userinfoSecret(s)),
  },
  // Command lines.
  {
    // curl -u user:password
    kind: "cli-password",
    re: g("-(?:u|-user)[ \\t]+[\"']?[^\\s:\"']+:(?<s>[^\\s\"']+)"),
    needs: ["-u", "--user"],
    notAfter: /[\w-]/,
    check: userinfoSecret,
  },
  {
    kind: "cli-password",
    re: g("(?:mysql|mysqldump|mysqladmin|mariadb)\\b[^\\r\\n]{0,200}?[ \\t]-p(?<s>[^\\s-][^\\s]*)"),
    needs: ["mysql", "mariadb"],
    notAfter: /\w/,
    check: notPlaceholder,
  },
  { kind: "cli-password", re: g("sshpass[ \\t]+-p[ \\t]*[\"']?(?<s>[^\\s\"']+)"), check: notPlaceholder },
  {
    // docker/podman/helm login -p …: anchored on "login", the tool's name checked before it.
    kind: "cli-password",
    re: g("login\\b[^\\r\\n]{0,200}?[ \\t]-p[ \\t]+[\"']?(?<s>[^\\s\"']+)"),
    check: (s, _gr, at) => {
      const before = at.text.slice(Math.max(0, at.index - 30), at.index)
      return !isPlaceholder(s) && /\b(?:docker|podman|nerdctl|helm)[ \t]+(?:registry[ \t]+)?$/.test(before)
    },
  },
]

// ---- values named by a key or a header -----------------------------------------------------------------------

/** Secret words, found by one case-insensitive scan; WORD_RULES and the prose check run only where one is. */
export const WORD_HIT = /pass|pwd|secret|token|key|auth|cred|cookie|dsn|bearer|signature/gi
const WORD = "(?:pass|pwd|secret|token|key|auth|cred|cookie|dsn|signature)"
const y = (src: string, flags = "") => new RegExp(src, "y" + flags)

/** Where the key that holds the word at `index` begins: back over key characters. */
function keyStart(text: string, index: number): number {
  let i = index
  while (i > 0 && /[\w.$-]/.test(text[i - 1]!)) i--
  return i
}
const fullKey = (gr: Groups, at: At) => at.text.slice(keyStart(at.text, at.index), at.index) + (gr.key ?? "")

// A quoted value must close before a delimiter: `token=", "key=` is a list of strings, not an assignment.
const CLOSE = `(?:[\\s,;)}\\]&>]|$)`
const VALUE =
  `"(?<s>(?:[^"\\\\\\r\\n]|\\\\.)+)(?="${CLOSE})|` +
  `'(?<s2>[^'\\r\\n]+)(?='${CLOSE})|` +
  `\`(?<s3>[^\`\\r\\n]+)(?=\`${CLOSE})`

// At the start of a line (see LINE_PREFIX) any operator goes, and an unquoted value runs to the end of the line or
// a # comment. `apiKey: string = "…"` carries a type annotation.
const LINE_ASSIGN = y(
  `(?<key>${WORD}[\\w.$-]{0,40})["']?` +
    `(?<op>[ \\t]*(?::=|=>|=(?!=)|\\??:(?!:)(?:[ \\t]*[A-Za-z_][\\w.<>\\[\\]|]*[ \\t]*=(?!=))?)[ \\t]*)` +
    `(?:${VALUE}|(?<s4>[^\\s"'\`][^\\r\\n]*?)(?=[ \\t]+#|[ \\t]*$))`,
  "im",
)
// What may stand before such a key on its line: a line-number gutter (a read tool's "00012| ", cat -n's
// "    12<tab>"), a list bullet or quote mark, declaration words, an opening quote, then the key's own first part.
const DECLARATION = oneOf(`
  export set setx ENV const let var local readonly declare final static private public protected val String string str
  SecureString`)
const LINE_PREFIX = new RegExp(
  `^[ \\t]*(?:\\d+[|:\\t\u2192] ?)?(?:[-*>][ \\t]+)?(?:(?:${DECLARATION}|char\\s*\\*)[ \\t]+)*` +
    `["']?(?<head>[A-Za-z_$][\\w.$-]*)?$`,
)
// "apiKey": "…" anywhere, as in one-line JSON; also { password: "…" } and password = "…" with a quoted value.
const QUOTED_KEY = y(
  `(?<key>${WORD}[\\w.$-]{0,40})(?<kq>["']?)[ \\t]*(?::|=>|=)[ \\t]*(?:${VALUE}|(?<s4>[^\\s,;}\\])"'\`]+))`,
  "i",
)
// KEY=value anywhere: a command's environment, a log line, a query string, a connection string, a CLI flag.
const INLINE_ASSIGN = y(
  `(?<key>${WORD}[\\w.-]{0,30})=(?!=)` +
    `(?:"(?<s>[^"\\r\\n]+)(?="${CLOSE})|'(?<s2>[^'\\r\\n]+)(?='${CLOSE})|(?<s4>[^\\s"'\`&;,)}\\]]+))`,
  "i",
)

function assignmentCheck(secret: string, key: string, gr: Groups): boolean {
  if (gr.s4 === undefined) return assignedSecret(key, secret, "quoted")
  const tight = gr.op === undefined || gr.op === "="
  return assignedSecret(key, secret, tight && /^[A-Z0-9_]+$/.test(key) ? "env" : "code")
}

/** The key's start of line, when only a gutter, bullet, declaration words or quote stand before it. */
function linePrefix(text: string, index: number): RegExpExecArray | null {
  const lineStart = text.lastIndexOf("\n", index - 1) + 1
  return index - lineStart > 200 ? null : LINE_PREFIX.exec(text.slice(lineStart, index))
}

function lineCheck(secret: string, gr: Groups, at: At): boolean {
  const prefix = linePrefix(at.text, at.index)
  return prefix !== null && assignmentCheck(secret, (prefix.groups?.head ?? "") + (gr.key ?? ""), gr)
}

/**
 * `cond ? "password" : "secret"`, `case "token":` and `mode: "basic" | "token"` look like pairs; what stands around
 * them tells them apart. An unquoted key needs a quoted value and a delimiter before it.
 */
function quotedKeyCheck(secret: string, gr: Groups, at: At): boolean {
  const start = keyStart(at.text, at.index)
  if (gr.kq === "") {
    // Unquoted: `{ password: "…" }`, `f(a, token="…")`, `if x: password = "…"`; not prose ("a secret: `X`").
    let i = start
    while (i > 0 && (at.text[i - 1] === " " || at.text[i - 1] === "\t")) i--
    if (gr.s4 !== undefined || (i > 0 && !/[\r\n{,(;:[]/.test(at.text[i - 1]!))) return false
  } else if (start === 0 || at.text[start - 1] !== gr.kq) return false
  if (/(?:\?|\bcase)\s*$/.test(at.text.slice(Math.max(0, start - 9), start - (gr.kq === "" ? 0 : 1)))) return false
  if (gr.s4 === undefined && /^["'`]\s*\|/.test(at.text.slice(at.end, at.end + 4))) return false
  return assignmentCheck(secret, fullKey(gr, at), gr)
}

const HEADER = new RegExp(
  "^(?:x-)?" +
    oneOf(`
      api-key auth-token access-token private-token vault-token goog-api-key api-token session-token csrf-token
      shopify-access-token figma-token`) +
    "$",
  "i",
)
// --key alone is usually a file (curl --key client.pem); its check wants a random-looking value.
const CLI_FLAG = new RegExp(
  "^--(?:" +
    oneOf("password passwd pass token api-key apikey secret client-secret auth-token access-token authkey auth-key") +
    "|key)$",
  "i",
)
const kindOf = (gr: Groups) => (/pass|pwd/i.test(gr.key ?? "") ? "password" : "secret")

// YAML block scalars (`client_secret: |` then indented lines): the lines indented deeper than the key. The
// lookbehind, evaluated only at a hit, captures the key's indentation.
const YAML_BLOCK = y(
  `(?<=^(?<ind>[ \\t]*)(?:-[ \\t]+)?["']?[\\w.$-]*)(?<key>${WORD}[\\w.$-]{0,40})["']?` +
    `[ \\t]*:[ \\t]*[|>][-+]?[0-9]?[ \\t]*(?:#[^\\r\\n]*)?\\r?\\n` +
    `(?<s>\\k<ind>[ \\t]+\\S[^\\r\\n]*(?:\\r?\\n\\k<ind>[ \\t]+\\S[^\\r\\n]*)*)`,
  "im",
)

const YAML_BLOCK_HEAD = /[\w.$-]{0,50}["']?[ \t]*:[ \t]*[|>]/y

export const WORD_RULES: readonly WordRule[] = [
  {
    kind: "aws-secret-key",
    re: y(`(?<key>secret[_-]?access[_-]?key)["']?[ \\t]*(?:=>|[:=])[ \\t]*["']?(?<s>[A-Za-z0-9/+=]{30,})`, "i"),
  },
  {
    kind: "auth-header",
    re: y(
      "authorization[\"']?[ \\t]*[:=][ \\t]*[\"'`]?" +
        "(?<scheme>(?:bearer|basic|token|bot|apikey|ssws|key|jwt|otp)[ \\t]+)?(?<s>[^\\s\"'`,;]{6,})",
      "i",
    ),
    // Without a scheme the value has to look machine-made: "Authorization: required" is prose.
    check: (s, gr) =>
      !isPlaceholder(s) &&
      !/^(?:bearer|basic|token|bot|digest|negotiate)$/i.test(s) &&
      (gr.scheme !== undefined || looksRandom(s, 12)),
  },
  { kind: "auth-header", re: y("bearer[ \\t]+(?<s>[A-Za-z0-9._~+/=-]{12,})", "i"), check: (s) => looksRandom(s, 12) },
  {
    // X-Api-Key: …, PRIVATE-TOKEN: …
    kind: "auth-header",
    re: y(`(?<key>${WORD}[\\w-]{0,20})["']?[ \\t]*:[ \\t]*["']?(?<s>[^\\s"'\`,;]{6,})`, "i"),
    check: (s, gr, at) => HEADER.test(fullKey(gr, at)) && !isPlaceholder(s) && !looksLikeCode(s),
  },
  {
    kind: "cookie",
    re: y("(?<key>cookie)[\"']?[ \\t]*:[ \\t]*(?<s>[^\\r\\n\"'=]{0,200}=[^\\r\\n\"']{0,4096})", "i"),
    // Redacted whole when one of its values looks like a session id; `theme=dark; lang=en` stays.
    check: (s, gr, at) =>
      /^(?:set-)?cookie$/i.test(fullKey(gr, at)) &&
      s.split(/[;\s]+/).some((pair) => looksRandom(pair.slice(pair.indexOf("=") + 1), 12)),
  },
  {
    kind: "cli-password",
    re: y(`(?<key>${WORD}[\\w-]{0,20})(?:=|[ \\t]+)["']?(?<s>[^\\s"']+)`, "i"),
    check: (s, gr, at) => {
      const flag = fullKey(gr, at)
      if (!CLI_FLAG.test(flag) || s.startsWith("-") || isPlaceholder(s) || looksLikeCode(s)) return false
      return flag.toLowerCase() === "--key" ? looksRandom(s) : !PATHISH.test(s)
    },
  },
  {
    kind: "secret",
    re: YAML_BLOCK,
    // Its lookbehind is the slowest part of a word's rules; most words are not a block scalar's key.
    where: (text, index) => {
      YAML_BLOCK_HEAD.lastIndex = index
      return YAML_BLOCK_HEAD.test(text)
    },
    kindOf,
    check: (s, gr, at) => {
      const strength = keyStrength(fullKey(gr, at))
      return strength === "strong" || (strength === "weak" && looksRandom(s.replace(/\s+/g, ""), 16))
    },
  },
  { kind: "secret", re: QUOTED_KEY, check: quotedKeyCheck, kindOf },
  {
    kind: "secret",
    re: LINE_ASSIGN,
    where: (text, index) => linePrefix(text, index) !== null,
    check: lineCheck,
    kindOf,
  },
  { kind: "secret", re: INLINE_ASSIGN, check: (s, gr, at) => assignmentCheck(s, fullKey(gr, at), gr), kindOf },
]

/** Prose: a value near a secret word ("my token is …", "password for prod: …"); tried at each WORD_HIT. */
export const PROSE_WORD = /(?<w>pass(?:word|wd|phrase|code)|pwd|secret|token|key|credentials?|auth)s?\b/iy
