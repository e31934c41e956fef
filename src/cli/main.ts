// Command dispatch for the switchboard CLI. Exit codes: 0 ok, 1 a problem found or an action failed, 2 bad usage.
import path from "node:path"
import { parseArgs } from "node:util"
import { errorMessage } from "../result.ts"
import { readStatus } from "../status/read.ts"
import { formatStatus } from "../status/report.ts"
import { VERSION } from "../version.ts"
import { storePath, type Context } from "./context.ts"
import { doctor } from "./doctor.ts"
import { events, eventsOptions } from "./events.ts"
import { exportCommand, exportOptions } from "./export.ts"
import { ext } from "./ext.ts"
import { processRuntime, type Runtime } from "./io.ts"
import { memory, memoryOptions } from "./memory.ts"
import { resume, resumeOptions } from "./resume.ts"
import { sessions, sessionsOptions } from "./sessions.ts"
import { stats, statsOptions } from "./stats.ts"
import { USAGE } from "./usage.ts"

type OptionSpec = Record<string, { type: "string" | "boolean"; short?: string }>

interface Command {
  options: OptionSpec
  run(ctx: Context): number | Promise<number>
}

function status(ctx: Context): number {
  const report = readStatus(storePath(ctx.dir, ctx.rt.env), ctx.dir)
  ctx.rt.out(ctx.json ? JSON.stringify(report, null, 2) : formatStatus(report))
  return report.store.ok ? 0 : 1
}

const COMMANDS: Record<string, Command> = {
  status: { options: {}, run: status },
  ext: { options: {}, run: ext },
  sessions: { options: sessionsOptions, run: sessions },
  resume: { options: resumeOptions, run: resume },
  events: { options: eventsOptions, run: events },
  export: { options: exportOptions, run: exportCommand },
  memory: { options: memoryOptions, run: memory },
  stats: { options: statsOptions, run: stats },
  doctor: { options: {}, run: doctor },
}

const COMMON: OptionSpec = { dir: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } }

/** `runtime` replaces parts of the process's world (env, cwd, stdout); tests run every command in-process. */
export async function main(
  args: string[],
  out: (line: string) => void = console.log,
  errOut: (line: string) => void = console.error,
  runtime: Partial<Runtime> = {},
): Promise<number> {
  const rt: Runtime = { ...processRuntime({ out, err: errOut }), ...runtime }
  const [name, ...rest] = args
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    out(USAGE)
    return 0
  }
  if (name === "version" || name === "--version") {
    out(VERSION)
    return 0
  }
  const command = COMMANDS[name]
  if (!command) {
    errOut(`switchboard: unknown command "${name}"\n\n${USAGE}`)
    return 2
  }
  let parsed: ReturnType<typeof parseArgs>
  try {
    parsed = parseArgs({ args: rest, allowPositionals: true, strict: true, options: { ...COMMON, ...command.options } })
  } catch (cause) {
    errOut(`switchboard ${name}: ${errorMessage(cause)} (see switchboard --help)`)
    return 2
  }
  if (parsed.values.help) {
    out(USAGE)
    return 0
  }
  const values = parsed.values as Context["values"]
  const dir = path.resolve(rt.cwd, typeof values.dir === "string" ? values.dir : ".")
  const json = values.json === true
  return command.run({ command: name, positionals: parsed.positionals, values, dir, json, rt, now: Date.now() })
}
