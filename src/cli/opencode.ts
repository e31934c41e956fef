// Finding and running the opencode binary. A child never inherits BUN_BE_BUN: when this CLI itself runs on
// opencode's embedded Bun (`BUN_BE_BUN=1 opencode …`), passing it on would start Bun instead of opencode.
import { err, errorMessage, ok, type Result } from "../result.ts"
import type { Env } from "./io.ts"

export const VERSION_TIMEOUT_MS = 5000

export function findOpencode(env: Env): string | undefined {
  return Bun.which("opencode", { PATH: env.PATH ?? "" }) ?? undefined
}

export function childEnv(env: Env): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(env)) if (value !== undefined && key !== "BUN_BE_BUN") out[key] = value
  return out
}

/** `opencode --version`, bounded: a binary that hangs is killed after the timeout. */
export async function opencodeVersion(bin: string, env: Env, timeoutMs = VERSION_TIMEOUT_MS): Promise<Result<string>> {
  let proc: ReturnType<typeof Bun.spawn>
  try {
    proc = Bun.spawn([bin, "--version"], { env: childEnv(env), stdin: "ignore", stdout: "pipe", stderr: "ignore" })
  } catch (cause) {
    return err(`cannot run ${bin}: ${errorMessage(cause)}`)
  }
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs)
  })
  const output = new Response(proc.stdout as ReadableStream).text()
  const outcome = await Promise.race([Promise.all([proc.exited, output]), timeout])
  clearTimeout(timer)
  if (outcome === "timeout") {
    proc.kill("SIGKILL")
    return err(`\`${bin} --version\` gave no answer within ${timeoutMs / 1000} s`)
  }
  const [code, text] = outcome
  const version = text.trim().split(/\s+/).pop() ?? ""
  if (code !== 0) return err(`\`${bin} --version\` exited with ${code}`)
  if (/^\d+\.\d+\.\d+/.test(version)) return ok(version)
  return err(`\`${bin} --version\` printed "${text.trim().slice(0, 80)}"`)
}

/** Semantic version as [major, minor, patch]; pre-release tags are ignored. */
export function versionParts(version: string): [number, number, number] | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version)
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined
}

export function compareVersions(a: [number, number, number], b: [number, number, number]): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2]
}
