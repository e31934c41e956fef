// Applies control requests (from the TUI or the CLI) to this instance's extensions, without restarting opencode.
// Polls cheaply: PRAGMA data_version only changes when another connection commits, so an idle store costs one
// tiny query a second.
import type { Database } from "bun:sqlite"
import { completeControl, CONTROL_EXPIRY_MS, pendingControl, type ControlRequest } from "../src/store/control.ts"
import { errorMessage, type Result } from "../src/result.ts"
import type { ExtensionInfo } from "../src/host/registry-entry.ts"
import type { Host } from "./host.ts"
import { callFailure } from "../src/host/instance.ts"
import { panelData } from "../src/host/result-schemas.ts"

const POLL_MS = 250

/** Runs a panel's load through the guarded runner; the answer is the validated PanelData as JSON. */
async function loadPanel(host: Host, extension: string, key: string | undefined): Promise<Result<string>> {
  const ext = host.registry.get(extension)
  if (!ext) return { ok: false, error: `extension "${extension}" is not active (${host.registry.info(extension)?.reason ?? "not loaded"})` }
  const panel = key ? ext.definition.panels?.[key] : undefined
  if (!panel) return { ok: false, error: `extension "${extension}" has no panel "${key ?? ""}"` }
  const result = await ext.invoke(`panel:${key}`, (ctx) => panel.load(ctx), panelData)
  if (result.kind === "ok") return { ok: true, value: JSON.stringify(result.value) }
  return { ok: false, error: callFailure(`panel ${key}`, result, ext.stability.timeoutMs) ?? "failed" }
}

async function apply(host: Host, req: ControlRequest): Promise<Result<string>> {
  const done = (r: Result<ExtensionInfo>, verb: string): Result<string> =>
    r.ok ? { ok: true, value: `${req.extension} ${verb}: ${r.value.state}${r.value.reason ? ` (${r.value.reason})` : ""}` } : r
  switch (req.action) {
    case "enable":
      return done(await host.registry.enable(req.extension), "enabled")
    case "disable":
      return done(await host.registry.disable(req.extension, "disabled by the user"), "disabled")
    case "reload":
      return done(await host.registry.reload(req.extension), "reloaded")
    case "panel":
      return loadPanel(host, req.extension, req.target)
    case "reset": {
      if (!host.registry.info(req.extension)) return { ok: false, error: `no extension named "${req.extension}"` }
      host.runner.resetBreaker(req.extension, "reset by the user")
      return { ok: true, value: `${req.extension}: breaker reset to closed` }
    }
  }
}

export function startControlPoller(host: Host, db: () => Database | undefined, directory: string, onApplied: () => void): () => void {
  let lastVersion = -1
  let busy = false
  const tick = async () => {
    const d = db()
    if (!d || busy) return
    busy = true
    try {
      const version = (d.query("PRAGMA data_version").get() as { data_version: number }).data_version
      if (version === lastVersion) return
      lastVersion = version
      const pending = pendingControl(d, directory)
      for (const req of pending) {
        const expired = Date.now() - req.requestedAt > CONTROL_EXPIRY_MS
        const outcome: Result<string> = expired ? { ok: false, error: "expired before the server half saw it" } : await apply(host, req)
        completeControl(d, req.id, outcome.ok, outcome.ok ? outcome.value : outcome.error)
      }
      if (pending.length > 0) onApplied()
    } catch (cause) {
      host.notifier.notify("control-failed", `control request failed: ${errorMessage(cause)}`, "error")
    } finally {
      busy = false
    }
  }
  const timer = setInterval(() => void tick(), POLL_MS)
  timer.unref?.()
  void host.ready.then(tick)
  return () => clearInterval(timer)
}
