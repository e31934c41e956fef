// JSONC as opencode reads its config files: JSON plus // and /* */ comments and trailing commas. Comments and
// trailing commas are removed outside strings (a "//" inside a URL stays), then JSON.parse does the rest, so every
// other syntax error is still an error. Newlines inside comments are kept so positions keep their line.
import { err, errorMessage, ok, type Result } from "../result.ts"

function stripComments(text: string): Result<string> {
  let out = ""
  let i = 0
  while (i < text.length) {
    const c = text[i]!
    if (c === '"') {
      const end = stringEnd(text, i)
      out += text.slice(i, end)
      i = end
    } else if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++
    } else if (c === "/" && text[i + 1] === "*") {
      const close = text.indexOf("*/", i + 2)
      if (close < 0) return err("unterminated /* comment")
      out += text.slice(i, close + 2).replace(/[^\n]/g, " ")
      i = close + 2
    } else {
      out += c
      i++
    }
  }
  return ok(out)
}

/** Index just past the string starting at `start` (a quote), or the end of the text when it is unterminated. */
function stringEnd(text: string, start: number): number {
  let i = start + 1
  while (i < text.length) {
    if (text[i] === "\\") i += 2
    else if (text[i] === '"') return i + 1
    else i++
  }
  return text.length
}

/** Drops a comma whose next significant character closes an object or array. Runs after comments are gone. */
function stripTrailingCommas(text: string): string {
  let out = ""
  let i = 0
  while (i < text.length) {
    const c = text[i]!
    if (c === '"') {
      const end = stringEnd(text, i)
      out += text.slice(i, end)
      i = end
      continue
    }
    if (c === ",") {
      let j = i + 1
      while (j < text.length && /\s/.test(text[j]!)) j++
      if (text[j] === "}" || text[j] === "]") {
        i++
        continue
      }
    }
    out += c
    i++
  }
  return out
}

export function parseJsonc(text: string): Result<unknown> {
  const stripped = stripComments(text.replace(/^\uFEFF/, ""))
  if (!stripped.ok) return stripped
  try {
    return ok(JSON.parse(stripTrailingCommas(stripped.value)))
  } catch (cause) {
    return err(errorMessage(cause))
  }
}
