// Aligned text tables for people: one header row, columns padded to the widest cell, long cells cut with "…".
// Widths count terminal columns (wide CJK and emoji take two), and control characters never reach the terminal.
import { printable } from "./io.ts"

export interface Column {
  header: string
  align?: "left" | "right"
  /** The most terminal columns a cell may take; longer text is cut. */
  max?: number
}

export type Cell = string | number | boolean | null | undefined

const width = (text: string) => Bun.stringWidth(text)

/** Cuts `text` to at most `max` columns, ending with "…" when something was cut. */
export function truncate(text: string, max: number): string {
  if (width(text) <= max) return text
  if (max <= 0) return ""
  let out = ""
  let used = 0
  for (const char of text) {
    const w = width(char)
    if (used + w > max - 1) break
    out += char
    used += w
  }
  return `${out}…`
}

function pad(text: string, to: number, align: Column["align"]): string {
  const fill = " ".repeat(Math.max(0, to - width(text)))
  return align === "right" ? fill + text : text + fill
}

export function cellText(cell: Cell): string {
  if (cell === null || cell === undefined) return ""
  return printable(String(cell))
}

/** The table as lines, trailing spaces trimmed. */
export function table(columns: Column[], rows: Cell[][]): string[] {
  const cells = rows.map((row) => columns.map((c, i) => truncate(cellText(row[i]), c.max ?? Infinity)))
  const widths = columns.map((c, i) => Math.max(width(c.header), ...cells.map((row) => width(row[i]!))))
  const line = (texts: string[]) =>
    texts
      .map((t, i) => pad(t, widths[i]!, columns[i]!.align))
      .join("  ")
      .trimEnd()
  return [line(columns.map((c) => c.header)), ...cells.map(line)]
}
