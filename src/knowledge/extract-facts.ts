// Decisions and constraints the user states ("deploys go through scripts/ship.sh", "never commit to main"), kept as
// the user's own sentence. Only the user's words count (the model's claims are not decisions), and a sentence
// needs a rule-like keyword that is not undone by its context: "it always fails" and "I've never seen this" describe
// what happened, "should we …?" asks, "I think we should maybe …" hedges. Precision over recall throughout.
import { bound, clip } from "./extract-util.ts"

const MAX_FACTS = 8
const MAX_FACT = 300
// Longer "sentences" are pastes (logs, minified text) rather than something the user said.
const MAX_SENTENCE = 600

const KEYWORD = new RegExp(
  [
    "\\b(?:always|never|don't|dont|do not|must(?:n't| not)?|should(?:n't| not)?|avoid|prefer(?:s|red)?|make sure)\\b",
    "\\bwe(?:'re| are)? (?:only )?(?:use|using|rely on|stick to)\\b",
    "\\b(?:deploy(?:s|ments)?|releases?|changes|prs|pull requests|commits|migrations|merges|builds?)\\s+" +
      "(?:all\\s+|must\\s+|should\\s+|always\\s+)?go(?:es)?\\s+through\\b",
    "\\b(?:the|our|by) convention\\b|\\bthe rule is\\b",
    "\\b(?:is|are) not allowed\\b|\\bnot allowed to\\b|\\bforbidden\\b",
    "\\bfrom now on\\b|\\bgoing forward\\b|\\bwe(?:'ve| have)? (?:decided|agreed|standardi[sz]ed)\\b",
    "\\buse\\b[^.]{0,80}\\b(?:instead of|rather than)\\b",
  ].join("|"),
  "gi",
)
// Keywords a pronoun subject turns into a report of what happened ("it always fails", "that should fix it").
const SUBJECT_SENSITIVE = /^(?:always|never|don't|dont|do not|must|should)/i
const SUBJECT_BEFORE = new RegExp(
  "(?:^|[,;:]\\s*|\\b(?:and|but|so|because|since|when|if|then)\\s+)" +
    "(?:i|i've|i'd|i'm|it|it's|this|that|there|he|she|you've|which)\\s+(?:\\w+\\s+)?$",
  "i",
)
// "we never used it", "don't know why": experience and ignorance, not rules.
const NEGATIVE = /^(?:never|don't|dont|do not)/i
const NEGATIVE_AFTER = new RegExp(
  "^\\s+(?:really\\s+)?(?:know|understand|see|get|got|remember|recall|think|mind|worry|care|seen|heard|used|tried|" +
    "worked|happened|been|had|have)\\b",
  "i",
)
// "you should see a login page" predicts, "wanted to make sure" and "to avoid the crash" give a purpose.
const PREDICTIVE_AFTER = /^\s+(?:now\s+)?(?:see|get|notice|find|be able|work|pass now)\b/i
const PURPOSE_BEFORE = /\bto\s+$/i
const HEDGE = new RegExp(
  "\\b(?:i think|i guess|i believe|i suppose|maybe|perhaps|probably|not sure|i wonder|wondering|no idea|" +
    "as always|never mind|nevermind|don't worry|no worries)\\b",
  "i",
)
const QUESTION_START = new RegExp(
  "^(?:how|what|why|which|who|whom|whose)\\b" +
    "|^(?:when|where)\\s+(?:do|does|did|is|are|was|should|can|could|would|will)\\b" +
    "|^(?:is|are|was|were|do|does|did|can|could|would|will|shall|should|may|might|have|has|had)\\s+" +
    "(?:we|i|you|it|they|this|that|there|the|these|those|he|she|our|my|your|a|an|anyone|someone|any)\\b",
  "i",
)
// Lines that are pasted output rather than prose: prompts, npm/compiler noise, stack frames, timestamps.
const LOG_LINE = /^\s*(?:\$ |npm (?:ERR|WARN)|error\b|warn(?:ing)?\b|at\s+\S+\s+\(|\d{4}-\d\d-\d\d[T ])/i
const ABBREVIATION = /(?:\b(?:e\.g|i\.e|etc|vs|cf|approx|incl|resp|No|Mr|Ms|Dr)|(?:^|[^\w.])[A-Za-z])$/i

/** The text without fenced code, quoted lines or indented code; one entry per remaining line. */
function proseLines(text: string): string[] {
  const out: string[] = []
  let fence = ""
  for (const raw of text.split("\n")) {
    const line = raw.replace(/\r$/, "")
    const m = /^ {0,3}(`{3,}|~{3,})/.exec(line)
    if (m) {
      if (!fence) fence = m[1]!
      else if (m[1]![0] === fence[0]) fence = ""
      continue
    }
    if (fence || /^\s*>/.test(line) || LOG_LINE.test(line)) continue
    if (/^(?: {4}|\t)/.test(line) && !/^\s*(?:[-*+•]|\d+[.)])\s/.test(line)) continue
    const cleaned = line.replace(/^\s*#{1,6}\s+/, "").replace(/^\s*(?:[-*+•]|\d+[.)])\s+/, "").trim()
    if (cleaned) out.push(cleaned)
  }
  return out
}

function sentencesOf(line: string): string[] {
  const out: string[] = []
  let start = 0
  for (const m of line.matchAll(/[.!?]+["')\]]*(?=\s|$)/g)) {
    if (m[0][0] === "." && ABBREVIATION.test(line.slice(Math.max(start, m.index! - 8), m.index))) continue
    const end = m.index! + m[0].length
    out.push(line.slice(start, end).trim())
    start = end
  }
  if (start < line.length) out.push(line.slice(start).trim())
  return out.filter(Boolean)
}

function statesRule(sentence: string): boolean {
  const s = sentence.replace(/[’‘]/g, "'")
  if (!ruleKeyword(s)) return false
  if (/\?["')\]]*$/.test(s) || QUESTION_START.test(s) || HEDGE.test(s) || s.split(/\s+/).length < 3) return false
  // Mostly symbols: a line of code or data that slipped past the fence stripping.
  return (s.match(/[A-Za-z]/g)?.length ?? 0) >= s.length * 0.5
}

/** Whether a rule keyword occurs that its context does not undo. */
function ruleKeyword(s: string): boolean {
  for (const m of s.matchAll(KEYWORD)) {
    const before = s.slice(Math.max(0, m.index! - 40), m.index)
    const after = s.slice(m.index! + m[0].length, m.index! + m[0].length + 40)
    if (SUBJECT_SENSITIVE.test(m[0]) && SUBJECT_BEFORE.test(before)) continue
    if (NEGATIVE.test(m[0]) && NEGATIVE_AFTER.test(after)) continue
    if (/^should/i.test(m[0]) && PREDICTIVE_AFTER.test(after)) continue
    if (/^(?:avoid|make sure)/i.test(m[0]) && PURPOSE_BEFORE.test(before)) continue
    return true
  }
  return false
}

function shorten(sentence: string): string {
  if (sentence.length <= MAX_FACT) return sentence
  const cut = clip(sentence, MAX_FACT - 1)
  const space = cut.lastIndexOf(" ")
  return (space > MAX_FACT / 2 ? cut.slice(0, space) : cut) + "…"
}

/** The user's sentences that state a decision or constraint, in order, deduplicated, at most eight. */
export function extractFacts(text: string): string[] {
  const facts: string[] = []
  for (const line of proseLines(bound(text))) {
    for (const sentence of sentencesOf(line)) {
      if (sentence.length > MAX_SENTENCE || !statesRule(sentence)) continue
      const fact = shorten(sentence)
      if (!facts.includes(fact)) facts.push(fact)
      if (facts.length >= MAX_FACTS) return facts
    }
  }
  return facts
}
