// Drives the real opencode TUI in tmux on a private socket (never the user's tmux server or config).
import fs from "node:fs"
import path from "node:path"
import { OPENCODE, type E2EEnv } from "./env.ts"

export class Tui {
  private readonly socket: string
  private readonly pidFile: string
  private started = false

  constructor(
    private readonly e: E2EEnv,
    private readonly name = "tui",
  ) {
    this.socket = path.join(e.root, `${name}.tmux.sock`)
    this.pidFile = path.join(e.root, `${name}.pid`)
  }

  private tmux(args: string[]) {
    return Bun.spawnSync(["tmux", "-S", this.socket, ...args], { stdout: "pipe", stderr: "pipe", timeout: 10_000 })
  }

  start(extraEnv: Record<string, string> = {}, args: string[] = []) {
    const env = { ...this.e.env, ...extraEnv }
    const script = path.join(this.e.root, `${this.name}-launch.sh`)
    const exports = Object.entries(env).map(([k, v]) => `export ${k}=${JSON.stringify(v)}`)
    const quoted = args.map((a) => JSON.stringify(a)).join(" ")
    fs.writeFileSync(
      script,
      ["#!/usr/bin/env bash", `echo $$ > ${JSON.stringify(this.pidFile)}`, ...exports, `cd ${JSON.stringify(this.e.project)}`,
        `exec ${JSON.stringify(OPENCODE)} --print-logs ${quoted} 2> ${JSON.stringify(path.join(this.e.logs, `${this.name}.stderr`))}`].join("\n"),
      { mode: 0o755 },
    )
    const out = this.tmux(["-f", "/dev/null", "new-session", "-d", "-s", this.name, "-x", "160", "-y", "48", script])
    if (out.exitCode !== 0) throw new Error(`tmux failed: ${out.stderr.toString()}`)
    this.started = true
  }

  screen(): string {
    return this.tmux(["capture-pane", "-p", "-t", this.name]).stdout.toString()
  }

  async waitFor(text: string | RegExp, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs
    let last = ""
    while (Date.now() < deadline) {
      last = this.screen()
      if (typeof text === "string" ? last.includes(text) : text.test(last)) return last
      await Bun.sleep(200)
    }
    fs.writeFileSync(path.join(this.e.logs, `${this.name}-timeout.txt`), last)
    throw new Error(`TUI did not show ${String(text)} within ${timeoutMs} ms; screen:\n${last}`)
  }

  async waitGone(text: string, timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs
    let last = ""
    while (Date.now() < deadline) {
      last = this.screen()
      if (!last.includes(text)) return last
      await Bun.sleep(200)
    }
    throw new Error(`TUI still shows ${text} after ${timeoutMs} ms; screen:\n${last}`)
  }

  type(text: string) {
    this.tmux(["send-keys", "-t", this.name, "-l", text])
  }

  key(...keys: string[]) {
    this.tmux(["send-keys", "-t", this.name, ...keys])
  }

  /** Types a slash command, lets autocomplete settle, then presses Enter. */
  async slash(command: string) {
    this.type(command)
    await Bun.sleep(700)
    this.key("Enter")
  }

  pid(): number | undefined {
    const raw = fs.existsSync(this.pidFile) ? fs.readFileSync(this.pidFile, "utf8").trim() : ""
    return raw ? Number(raw) : undefined
  }

  async stop() {
    if (!this.started) return
    const pid = this.pid()
    this.tmux(["kill-server"])
    if (pid) {
      try {
        process.kill(pid, "SIGKILL")
      } catch {
        // already gone with the tmux server
      }
    }
    this.started = false
  }
}

export function tmuxAvailable(): boolean {
  return Bun.spawnSync(["tmux", "-V"], { stdout: "ignore", stderr: "ignore" }).exitCode === 0
}
