// Bounded field sizes for captured data. Cuts on a UTF-8 character boundary (never half a character) and records
// that it cut, so a reader knows the stored text is not the whole of it.
const encoder = new TextEncoder()
const decoder = new TextDecoder()

export interface Bounded<T> {
  value: T
  truncated: boolean
}

export function truncateUtf8(text: string, maxBytes: number): Bounded<string> {
  // Fast path: a string of n UTF-16 units is at most 3n UTF-8 bytes.
  if (text.length * 3 <= maxBytes) return { value: text, truncated: false }
  const bytes = encoder.encode(text)
  if (bytes.length <= maxBytes) return { value: text, truncated: false }
  let end = maxBytes
  // Step back over continuation bytes (10xxxxxx) to the start of the character that did not fit.
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--
  return { value: decoder.decode(bytes.subarray(0, end)), truncated: true }
}

export interface Limits {
  /** Per string field, in UTF-8 bytes. */
  field: number
  /** Items kept of any array. */
  items: number
  /** Depth below which objects are summarised. */
  depth: number
}

export const DEFAULT_LIMITS: Limits = { field: 4096, items: 50, depth: 6 }

/**
 * A JSON-safe copy with every string, array and nesting level bounded; `truncated` says whether anything was cut.
 * `clean` runs on every string first (redaction, so nothing secret is ever kept).
 */
export function boundValue(value: unknown, limits: Limits = DEFAULT_LIMITS, clean: (s: string) => string = (s) => s): Bounded<unknown> {
  let truncated = false
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === "string") {
      const t = truncateUtf8(clean(v), limits.field)
      truncated ||= t.truncated
      return t.value
    }
    if (v === null || typeof v === "number" || typeof v === "boolean") return v
    if (typeof v !== "object") return undefined
    if (depth >= limits.depth) {
      truncated = true
      return Array.isArray(v) ? `[array of ${v.length}]` : "[object]"
    }
    if (Array.isArray(v)) {
      if (v.length > limits.items) truncated = true
      return v.slice(0, limits.items).map((x) => walk(x, depth + 1))
    }
    const out: Record<string, unknown> = {}
    for (const [k, x] of Object.entries(v)) {
      const w = walk(x, depth + 1)
      if (w !== undefined) out[k] = w
    }
    return out
  }
  const value2 = walk(value, 0)
  return { value: value2, truncated }
}
