// Part ids in opencode's own ascending format: "prt_" + 12 hex digits of (ms * 0x1000 + counter) + 14 base62
// characters. opencode sorts a message's parts by id, so ours must sort after the parts created before them.
import { randomBytes } from "node:crypto"

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
let lastMs = 0
let counter = 0

const PREFIX = "prt_"

/**
 * A new part id, strictly greater than `after` when given. opencode numbers the user's parts with its own counter
 * just before chat.message runs, so within the same millisecond a fresh id of ours could sort before them.
 */
export function partId(after?: string, now = Date.now()): string {
  if (now === lastMs) counter++
  else {
    lastMs = now
    counter = 0
  }
  let time = BigInt(now) * 0x1000n + BigInt(counter)
  const time12 = after && /^prt_[0-9a-f]{12}/.test(after) ? after.slice(PREFIX.length, PREFIX.length + 12) : undefined
  const floor = time12 === undefined ? undefined : BigInt(`0x${time12}`)
  if (floor !== undefined && time <= floor) time = floor + 1n
  const random = Array.from(randomBytes(14), (b) => BASE62[b % 62]).join("")
  return `${PREFIX}${time.toString(16).padStart(12, "0").slice(-12)}${random}`
}
