// The small piece of work both sides of the subprocess bench do: what a trivial preMessage hook might compute.
export interface Shouted {
  text: string
  words: number
}

export function shout(text: string): Shouted {
  const trimmed = text.trim()
  return { text: text.toUpperCase(), words: trimmed === "" ? 0 : trimmed.split(/\s+/).length }
}
