// Command dispatch for the switchboard CLI. Exit codes: 0 ok, 1 a problem found or failed, 2 bad usage.
import path from "node:path"
import { defaultStorePath } from "../paths.ts"
import { readStatus } from "../status/read.ts"
import { formatStatus } from "../status/report.ts"
import { VERSION } from "../version.ts"

const USAGE = `switchboard ${VERSION}: opencode-switchboard outside opencode

usage: switchboard <command> [options]

commands:
  status [--dir <project>] [--json]   what is loaded for a project, the store, every extension
  version                             print the version

environment:
  SWITCHBOARD_DATA_DIR   where the store lives (default: $XDG_DATA_HOME/opencode-switchboard)`

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : undefined
}

export async function main(args: string[], out = console.log, errOut = console.error): Promise<number> {
  const [command, ...rest] = args
  switch (command) {
    case "status": {
      const dir = path.resolve(flag(rest, "--dir") ?? process.cwd())
      const report = readStatus(defaultStorePath(), dir)
      out(rest.includes("--json") ? JSON.stringify(report, null, 2) : formatStatus(report))
      return report.store.ok ? 0 : 1
    }
    case "version":
    case "--version":
      out(VERSION)
      return 0
    case undefined:
    case "help":
    case "--help":
    case "-h":
      out(USAGE)
      return 0
    default:
      errOut(`switchboard: unknown command "${command}"\n\n${USAGE}`)
      return 2
  }
}
