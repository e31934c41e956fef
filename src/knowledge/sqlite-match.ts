// Text to full-text terms, on both sides of the index. The tokenizer keeps . _ / - inside tokens, so a path is one
// token (a phrase of its parts would scan the huge doclists of "src" and "ts"); what gets indexed is derived text
// that adds, for each path-like word, its directory prefixes, its suffixes ("ship.sh" finds "scripts/ship.sh") and
// its parts ("writer" finds "src/store/writer.ts"). Queries quote every term and OR them: user text never reaches
// MATCH raw, so an FTS5 syntax error cannot happen.

// Words that match nearly every fact and only dilute bm25.
const STOP_WORDS = new Set(
  (
    "a an and are as at be been but by can could did do does doing done for from had has have he her here his how i " +
    "if in into is it its just let me my no not of on or our please she should so some than that the their them " +
    "then there these they this those to too up us was we were what when where which while who why will with " +
    "would you your yes ok okay also about any all"
  ).split(" "),
)

/** More terms add little and cost a scan each. */
export const MAX_TERMS = 24

const TERM_SPLIT = /[^\p{L}\p{M}\p{N}._/-]+/u
const EDGE_PUNCTUATION = /^[._/-]+|[._/-]+$/g
const PATH_CHARS = /[._/-]/
const PART_SPLIT = /[._/-]+/
/** A long path adds at most this many prefixes and as many suffixes. */
const MAX_SEGMENTS = 8

/** Distinct lowercased terms in order of appearance: no stop words, none of a single character. */
export function queryTerms(text: string): string[] {
  const terms: string[] = []
  const seen = new Set<string>()
  for (const raw of text.toLowerCase().split(TERM_SPLIT)) {
    // "./scripts/ship.sh" and "done." at the end of a sentence: the edges are punctuation, not part of the term.
    const term = raw.replace(EDGE_PUNCTUATION, "")
    if ([...term].length < 2 || STOP_WORDS.has(term) || seen.has(term)) continue
    seen.add(term)
    terms.push(term)
    if (terms.length >= MAX_TERMS) break
  }
  return terms
}

/** Marks a term as a prefix (search as you type); queryTerms strips `*` from input, so users cannot set it. */
export const PREFIX_MARK = "*"

/** `"a" OR "b/c.d"` (and `"ab"*` for a marked prefix), or undefined when nothing is left to match. */
export function matchExpression(terms: readonly string[]): string | undefined {
  if (terms.length === 0) return undefined
  const quote = (t: string) => `"${t.replaceAll('"', '""')}"`
  return terms.map((t) => (t.endsWith(PREFIX_MARK) ? `${quote(t.slice(0, -1))}*` : quote(t))).join(" OR ")
}

/**
 * What the index holds for a text: each word with its edges trimmed, and for path-like words their prefixes,
 * suffixes and parts too. Deterministic: deleting from the index recomputes it from the stored text.
 */
export function indexText(text: string): string {
  const out: string[] = []
  for (const raw of text.toLowerCase().split(TERM_SPLIT)) {
    const word = raw.replace(EDGE_PUNCTUATION, "")
    if (word === "") continue
    out.push(word)
    if (!PATH_CHARS.test(word)) continue
    const extra = new Set<string>()
    const segments = word.split("/").filter((s) => s !== "")
    for (let i = 1; i < segments.length && i <= MAX_SEGMENTS; i++) {
      extra.add(segments.slice(0, i).join("/"))
      extra.add(segments.slice(-i).join("/"))
    }
    for (const part of word.split(PART_SPLIT)) if ([...part].length > 1) extra.add(part)
    extra.delete(word)
    out.push(...extra)
  }
  return out.join(" ")
}
