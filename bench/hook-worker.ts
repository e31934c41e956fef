// The per-message subprocess hook of the subprocess bench: JSON in on stdin, JSON out on stdout.
import { shout } from "./work.ts"

const input = JSON.parse(await Bun.stdin.text()) as { text: string }
process.stdout.write(JSON.stringify(shout(input.text)))
