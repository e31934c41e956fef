// Where switchboard keeps its files. XDG first, so throwaway HOME/XDG dirs isolate tests.
import os from "node:os"
import path from "node:path"

type Env = Record<string, string | undefined>

/** `$SWITCHBOARD_DATA_DIR`, else `$XDG_DATA_HOME/opencode-switchboard`, else `~/.local/share/opencode-switchboard`. */
export function dataDir(env: Env = process.env): string {
  if (env.SWITCHBOARD_DATA_DIR) return path.resolve(env.SWITCHBOARD_DATA_DIR)
  const base = env.XDG_DATA_HOME || path.join(env.HOME || os.homedir(), ".local", "share")
  return path.join(base, "opencode-switchboard")
}

export function defaultStorePath(env: Env = process.env): string {
  return path.join(dataDir(env), "switchboard.db")
}

/** opencode's global config dir: `$XDG_CONFIG_HOME/opencode`, else `~/.config/opencode`. */
export function opencodeConfigDir(env: Env = process.env): string {
  const base = env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir(), ".config")
  return path.join(base, "opencode")
}

/** An extension's own SQLite file (ctx.database()), next to the store: `<store dir>/extensions/<name>.db`. */
export function extensionDatabasePath(storePath: string, extension: string): string {
  return path.join(path.dirname(storePath), "extensions", `${extension}.db`)
}
