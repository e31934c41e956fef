// The comparison behind the design: an in-process extension call through the guarded runner against a hook run
// as a fresh subprocess per message (the usual "shell hook" design), both doing the same small work.
// Prints figures; asserts nothing about speed. Every spawn is bounded by a timeout.
import path from "node:path"
import { realClock } from "../src/host/clock.ts"
import { createMetrics } from "../src/host/metrics.ts"
import { createRunner } from "../src/host/runner.ts"
import { DEFAULT_STABILITY } from "../src/host/types.ts"
import { figures, printFigures, printOverhead, type Figures } from "./stats.ts"
import { shout, type Shouted } from "./work.ts"

const SUBPROCESS_CALLS = 200
const IN_PROCESS_CALLS = 20_000
const SPAWN_TIMEOUT_MS = 10_000
/** The whole subprocess series stops early past this, reporting what it measured. */
const SUBPROCESS_BUDGET_MS = 120_000

const WORKER = path.join(import.meta.dir, "hook-worker.ts")
const message = "please refactor the session tracker so that it survives restarts"

async function viaSubprocess(text: string): Promise<Shouted> {
  const proc = Bun.spawn([process.execPath, WORKER], { stdin: "pipe", stdout: "pipe", stderr: "ignore" })
  const timer = setTimeout(() => proc.kill(), SPAWN_TIMEOUT_MS)
  try {
    proc.stdin.write(JSON.stringify({ text }))
    await proc.stdin.end()
    const out = await new Response(proc.stdout).text()
    const code = await proc.exited
    if (code !== 0) throw new Error(`worker exited with ${code}`)
    return JSON.parse(out) as Shouted
  } finally {
    clearTimeout(timer)
  }
}

export async function runSubprocessBench(): Promise<{ inProcess: Figures; subprocess: Figures }> {
  const expected = JSON.stringify(shout(message))

  const runner = createRunner({ clock: realClock, metrics: createMetrics() })
  const stability = DEFAULT_STABILITY
  for (let i = 0; i < 2000; i++) await runner.call("shout", "preMessage", () => shout(message), { stability })
  const local: number[] = []
  for (let i = 0; i < IN_PROCESS_CALLS; i++) {
    const start = Bun.nanoseconds()
    const result = await runner.call("shout", "preMessage", () => shout(message), { stability })
    local.push(Bun.nanoseconds() - start)
    if (result.kind !== "ok") throw new Error(`in-process call failed: ${result.kind}`)
  }

  const check = await viaSubprocess(message) // warm the file system cache and the transpiler cache
  if (JSON.stringify(check) !== expected) throw new Error("the worker computed something else")
  const spawned: number[] = []
  const deadline = performance.now() + SUBPROCESS_BUDGET_MS
  for (let i = 0; i < SUBPROCESS_CALLS && performance.now() < deadline; i++) {
    const start = Bun.nanoseconds()
    await viaSubprocess(message)
    spawned.push(Bun.nanoseconds() - start)
  }

  return {
    inProcess: figures("in-process (runner.call)", local),
    subprocess: figures("subprocess per message", spawned),
  }
}

if (import.meta.main) {
  console.log("subprocess: uppercase a message and count its words")
  const { inProcess, subprocess } = await runSubprocessBench()
  printFigures([inProcess, subprocess])
  printOverhead("subprocess vs in-process", inProcess, subprocess)
}
