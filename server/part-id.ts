// Part ids in opencode's own ascending format: "prt_" + 12 hex digits of (ms * 0x1000 + counter) + 14 base62
// characters. opencode sorts a message's parts by id, so ours must sort after the parts created before them.
import { randomBytes } from "node:crypto"

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
let lastMs = 0
let counter = 0

export function partId(now = Date.now()): string {
  if (now === lastMs) counter++
  else {
    lastMs = now
    counter = 0
  }
  const time = (BigInt(now) * 0x1000n + BigInt(counter)).toString(16).padStart(12, "0").slice(-12)
  const random = Array.from(randomBytes(14), (b) => BASE62[b % 62]).join("")
  return `prt_${time}${random}`
}
