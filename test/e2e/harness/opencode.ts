// Runs the real opencode binary: install the packed plugin, start `opencode serve`, stop it by PID.
import fs from "node:fs"
import net from "node:net"
import os from "node:os"
import path from "node:path"
import { OPENCODE, REPO, type E2EEnv } from "./env.ts"

let packed: string | undefined

/** `npm pack` of this checkout (built by the test script first), once per test process. */
export function packTarball(): string {
  if (packed) return packed
  if (!fs.existsSync(path.join(REPO, "dist/tui.js"))) throw new Error("dist/ is missing: run `npm run build` first")
  const dest = fs.mkdtempSync(path.join(os.tmpdir(), "switchboard-pack-"))
  const out = Bun.spawnSync(["npm", "pack", "--ignore-scripts", "--json", "--pack-destination", dest], {
    cwd: REPO,
    stdout: "pipe",
    stderr: "pipe",
  })
  if (out.exitCode !== 0) throw new Error(`npm pack failed: ${out.stderr.toString()}`)
  const info = JSON.parse(out.stdout.toString()) as { filename: string }[]
  packed = path.join(dest, info[0]!.filename)
  return packed
}

export function pluginSpec(tgz: string): string {
  return `opencode-switchboard@file:${tgz}`
}

export interface Run {
  exitCode: number
  stdout: string
  stderr: string
}

export function runOpencode(e: E2EEnv, args: string[], timeoutMs = 120_000, extraEnv: Record<string, string> = {}): Run {
  const out = Bun.spawnSync([OPENCODE, ...args], {
    cwd: e.project,
    env: { ...e.env, ...extraEnv },
    stdout: "pipe",
    stderr: "pipe",
    timeout: timeoutMs,
  })
  return { exitCode: out.exitCode ?? -1, stdout: out.stdout.toString(), stderr: out.stderr.toString() }
}

/** Where `opencode plugin` installed the package: inside node_modules, where opencode runs no JSX transform. */
export function installedPackageDir(e: E2EEnv, tgz: string): string {
  return path.join(e.env.XDG_CACHE_HOME!, "opencode", "packages", pluginSpec(tgz), "node_modules", "opencode-switchboard")
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.once("error", reject)
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port
      srv.close(() => resolve(port))
    })
  })
}

export interface Served {
  url: string
  pid: number
  stop(): Promise<void>
}

/** `opencode serve` on a free loopback port; resolves when GET /config answers 200. */
export async function serve(e: E2EEnv, extraEnv: Record<string, string> = {}, label = "serve"): Promise<Served> {
  const port = await freePort()
  const stdout = Bun.file(path.join(e.logs, `${label}.out`))
  const stderr = Bun.file(path.join(e.logs, `${label}.err`))
  const proc = Bun.spawn([OPENCODE, "serve", "--port", String(port), "--hostname", "127.0.0.1", "--print-logs"], {
    cwd: e.project,
    env: { ...e.env, ...extraEnv },
    stdout,
    stderr,
  })
  const url = `http://127.0.0.1:${port}`
  const stop = async () => {
    proc.kill("SIGTERM")
    const killer = setTimeout(() => proc.kill("SIGKILL"), 5000)
    await proc.exited
    clearTimeout(killer)
  }
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`opencode serve exited with ${proc.exitCode}; see ${e.logs}/${label}.err`)
    const ok = await fetch(`${url}/config`, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false)
    if (ok) return { url, pid: proc.pid, stop }
    await Bun.sleep(200)
  }
  await stop()
  throw new Error("opencode serve did not become ready within 60 s")
}

/** Like runOpencode, without blocking this process: the in-process mock model must keep answering meanwhile. */
export async function runOpencodeAsync(e: E2EEnv, args: string[], timeoutMs = 120_000, extraEnv: Record<string, string> = {}): Promise<Run> {
  const proc = Bun.spawn([OPENCODE, ...args], { cwd: e.project, env: { ...e.env, ...extraEnv }, stdout: "pipe", stderr: "pipe" })
  const timer = setTimeout(() => proc.kill("SIGKILL"), timeoutMs)
  const [stdout, stderr, exitCode] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited])
  clearTimeout(timer)
  return { exitCode, stdout, stderr }
}
