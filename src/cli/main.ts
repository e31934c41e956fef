// Command dispatch for the switchboard CLI. Exit codes: 0 ok, 1 a problem found or an action failed, 2 bad usage.
import path from "node:path"
import { parseArgs } from "node:util"
import { defaultStorePath } from "../paths.ts"
import { errorMessage } from "../result.ts"
import { readStatus } from "../status/read.ts"
import { formatStatus } from "../status/report.ts"
import { VERSION } from "../version.ts"
import { ext, type Io } from "./ext.ts"

const USAGE = `switchboard ${VERSION}: opencode-switchboard outside opencode

usage: switchboard <command> [options]

commands:
  status [--dir <project>] [--json]   what is loaded for a project, the store, every extension
  ext [list] [--dir <project>] [--json]
                                      the project's extensions with state and metrics
  ext <enable|disable|reload|reset> <name> [--dir <project>]
                                      change an extension in the running opencode, no restart
  version                             print the version

options:
  --dir <project>   the project directory (default: the current directory)
  --json            machine-readable output

environment:
  SWITCHBOARD_DATA_DIR   where the store lives (default: $XDG_DATA_HOME/opencode-switchboard)`

export interface Parsed {
  positionals: string[]
  dir: string
  json: boolean
}

function parse(args: string[]): Parsed {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { dir: { type: "string" }, json: { type: "boolean", default: false }, help: { type: "boolean", short: "h" } },
  })
  return { positionals, dir: path.resolve(values.dir ?? process.cwd()), json: values.json ?? false }
}

export async function main(args: string[], out = console.log, errOut = console.error): Promise<number> {
  const io: Io = { out, err: errOut }
  const [command, ...rest] = args
  if (command === undefined || command === "help" || command === "--help" || command === "-h") {
    out(USAGE)
    return 0
  }
  if (command === "version" || command === "--version") {
    out(VERSION)
    return 0
  }
  let parsed: Parsed
  try {
    parsed = parse(rest)
  } catch (cause) {
    errOut(`switchboard ${command}: ${errorMessage(cause)}\n\n${USAGE}`)
    return 2
  }
  switch (command) {
    case "status": {
      const report = readStatus(defaultStorePath(), parsed.dir)
      out(parsed.json ? JSON.stringify(report, null, 2) : formatStatus(report))
      return report.store.ok ? 0 : 1
    }
    case "ext":
      return ext(parsed, io)
    default:
      errOut(`switchboard: unknown command "${command}"\n\n${USAGE}`)
      return 2
  }
}
