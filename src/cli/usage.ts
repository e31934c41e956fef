// The help text: every command and flag, kept beside the dispatch table in main.ts.
import { VERSION } from "../version.ts"

export const USAGE = `switchboard ${VERSION}: opencode-switchboard outside opencode

usage: switchboard <command> [options]

commands:
  status                        what is loaded for a project, the store, every extension
  ext [list]                    the project's extensions with state and metrics
  ext <enable|disable|reload|reset> <name>
                                change an extension in the running opencode, no restart
  sessions [--pane <key> | --all-panes]
                                the sessions tracked for this terminal pane (* = current), or for every pane
  resume [--pane <key>] [--exec]
                                print \`opencode --session <id>\` for this pane's session (\`opencode --continue\`
                                when none is tracked); --exec runs it and exits with opencode's code
  events [list] [filters] [--limit <n>] [--offset <n>]
                                captured events, newest first (default limit 50)
  events search <text> [filters] [--limit <n>] [--offset <n>]
                                events whose summary or data contains <text> (case-insensitive)
  events aggregate [--by type|session|day|tool] [filters]
                                counts per event type (default), session or UTC day; per tool: calls,
                                failures, p50/p95 duration
  export <sessions|events|analytics> [--format json|csv] [--out <file>] [filters]
                                a JSON array or CSV (RFC 4180); analytics = per session and UTC day:
                                messages, tokens, cost, tool calls and failures. --out writes a 0600 file
  stats [--session <id>] [--since <when>] [--until <when>]
                                analytics: totals, per model, per UTC day (sparkline of tokens), top sessions,
                                tools (calls, failures, p50/p95) and files touched; --json: the whole report
  memory search [<text>] [--limit <n>]
                                remembered facts and entities matching <text> (default limit 20; no text:
                                the newest facts and busiest entities)
  memory add <text…> [--pin]    remember a fact (secrets redacted, entities extracted); prints its id
  memory forget <fact id> | --entity <type>:<name>
                                forget a fact, or an entity with its relations and the facts only about it
                                (exit 1 when there was none)
  memory export [--out <file>]  the project's facts, entities and relations as JSON (--out: a 0600 file)
  memory import <file>          read a memory export into this project (validated, redacted again, facts
                                already known skipped); prints what was added
  doctor                        the store, opencode, the plugin entries in opencode.json/tui.json, the pane:
                                what is wrong and how to fix it (exit 1 when something is)
  version                       print the version

filters (events; export events; export analytics takes --session, --since, --until):
  --type <type>                 an event type: session.created, session.idle, session.error,
                                message.completed, tool.completed, tool.error, command.executed, file.edited, …
  --session <id>                one session (ses_…)
  --since <when>, --until <when>
                                an ISO date or time (2025-01-31, 2025-01-31T14:00) or a duration back from
                                now (90s, 15m, 2h, 3d, 1w)

options:
  --dir <project>               the project directory (default: the current directory)
  --json                        machine-readable output (export: same as --format json)
  -h, --help                    this text

exit codes: 0 ok, 1 a problem found or an action failed, 2 bad usage

environment:
  SWITCHBOARD_DATA_DIR          where the store lives (default: $XDG_DATA_HOME/opencode-switchboard), unless
                                the plugin's store.path option in opencode.json says otherwise
  SWITCHBOARD_PANE_ID           names this pane (else TMUX_PANE, WEZTERM_PANE, KITTY_WINDOW_ID, …, the tty)

runs on Bun; where only opencode is installed: BUN_BE_BUN=1 opencode <package>/dist/src/cli/bin.js <command>
(the bin/switchboard launcher does this by itself)`
