// A throwaway opencode world: HOME and XDG dirs, a git project configured for the mock model, config dirs
// pre-seeded so opencode does not npm-install at start-up, and npm pointed at the local cache (offline).
import fs from "node:fs"
import os from "node:os"
import path from "node:path"

export const REPO = path.resolve(import.meta.dir, "../../..")
export const OPENCODE = path.join(REPO, "node_modules/.bin/opencode")
const PLUGIN_VERSION: string = JSON.parse(fs.readFileSync(path.join(REPO, "node_modules/@opencode-ai/plugin/package.json"), "utf8")).version

export interface E2EEnv {
  root: string
  project: string
  logs: string
  env: Record<string, string>
  /** opencode's own log directory inside the throwaway XDG data dir. */
  opencodeLogDir: string
  storePath: string
}

function seed(dir: string) {
  fs.mkdirSync(dir, { recursive: true })
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ dependencies: { "@opencode-ai/plugin": PLUGIN_VERSION } }))
  // opencode re-installs only when a dependency is missing from the lock's root entry or node_modules is absent
  fs.writeFileSync(
    path.join(dir, "package-lock.json"),
    JSON.stringify({ lockfileVersion: 3, packages: { "": { dependencies: { "@opencode-ai/plugin": PLUGIN_VERSION } } } }),
  )
  fs.symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"))
}

/** The user's npm cache, where `npm install` left every package the plugin depends on. */
function npmCache(): string {
  const fromEnv = process.env.npm_config_cache
  if (fromEnv) return fromEnv
  const out = Bun.spawnSync(["npm", "config", "get", "cache"], { stdout: "pipe", stderr: "ignore" })
  const value = out.stdout.toString().trim()
  return value || path.join(os.homedir(), ".npm")
}

export function createEnv(mockUrl: string, name = "e2e"): E2EEnv {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `switchboard-${name}-`))
  const dirs = Object.fromEntries(["home", "config", "data", "cache", "state", "logs", "project"].map((d) => [d, path.join(root, d)]))
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true })
  const project = dirs.project!
  fs.writeFileSync(
    path.join(project, "opencode.json"),
    JSON.stringify(
      {
        $schema: "https://opencode.ai/config.json",
        autoupdate: false,
        share: "disabled",
        enabled_providers: ["mock"],
        provider: {
          mock: {
            npm: "@ai-sdk/openai-compatible",
            name: "Mock LLM",
            options: { baseURL: mockUrl, apiKey: "mock-key" },
            models: { "mock-model": { name: "Mock Model", tool_call: true, limit: { context: 100000, output: 4096 } } },
          },
        },
        model: "mock/mock-model",
        small_model: "mock/mock-model",
      },
      null,
      2,
    ),
  )
  Bun.spawnSync(["git", "init", "-q", "."], { cwd: project })
  seed(path.join(dirs.config!, "opencode"))
  seed(path.join(project, ".opencode"))
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    TERM: "xterm-256color",
    LANG: process.env.LANG ?? "C.UTF-8",
    HOME: dirs.home!,
    XDG_CONFIG_HOME: dirs.config!,
    XDG_DATA_HOME: dirs.data!,
    XDG_CACHE_HOME: dirs.cache!,
    XDG_STATE_HOME: dirs.state!,
    OPENCODE_DISABLE_MODELS_FETCH: "1",
    OPENCODE_DISABLE_AUTOUPDATE: "1",
    OPENCODE_DISABLE_SHARE: "1",
    OPENCODE_DISABLE_LSP_DOWNLOAD: "1",
    // `opencode plugin` installs through npm: keep it on the local cache, never the network
    npm_config_cache: npmCache(),
    npm_config_offline: "true",
    npm_config_audit: "false",
    npm_config_fund: "false",
    npm_config_update_notifier: "false",
  }
  return {
    root,
    project,
    logs: dirs.logs!,
    env,
    opencodeLogDir: path.join(dirs.data!, "opencode", "log"),
    storePath: path.join(dirs.data!, "opencode-switchboard", "switchboard.db"),
  }
}

export function removeEnv(e: E2EEnv) {
  if (process.env.SWITCHBOARD_E2E_KEEP) return
  fs.rmSync(e.root, { recursive: true, force: true })
}

/** Every opencode log line and captured stderr, for load-failure checks. */
export function allLogs(e: E2EEnv): string {
  const files: string[] = []
  for (const dir of [e.opencodeLogDir, e.logs]) {
    if (!fs.existsSync(dir)) continue
    for (const f of fs.readdirSync(dir)) files.push(path.join(dir, f))
  }
  return files.map((f) => fs.readFileSync(f, "utf8")).join("\n")
}
