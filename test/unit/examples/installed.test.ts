// The examples as a user installs them: copied into a project's .opencode/switchboard/extensions/ and run by the
// real server plugin. The temp project has no node_modules, so the copies import zod by its resolved path.
import { describe, expect, test } from "bun:test"
import fs from "node:fs"
import path from "node:path"
import { fakeToolContext } from "../helpers/fake-plugin-input.ts"
import { useServer, ZOD, userEntry } from "../server/hooks/harness.ts"
import { EXAMPLES } from "./fake-context.ts"

const start = useServer()

function installed(file: string): string {
  const source = fs.readFileSync(path.join(EXAMPLES, file), "utf8")
  expect(source).toContain('import { z } from "zod"\n')
  return source.replace('import { z } from "zod"\n', `${ZOD}\n`)
}

describe("examples, installed", () => {
  test("all of them load side by side and register their tools and commands", async () => {
    const { hooks, config } = await start({
      clock: installed("clock.ts"),
      "tool-audit": installed("tool-audit.ts"),
      "guard-rm": installed("guard-rm.ts"),
      "project-notes": installed("project-notes.ts"),
    })
    expect(Object.keys(hooks.tool!)).toEqual(expect.arrayContaining(["tool-audit_stats", "clock_now"]))
    expect(config.command!["time-in"]?.template).toBe("What time is it in $ARGUMENTS? Use the clock_now tool.")
    const command = config.command!["tool-stats"]
    expect(command?.description).toBe("Summarise which tools fail most often in this project (tool-audit)")
    const status = await hooks.tool!.switchboard_status!.execute({}, fakeToolContext("/") as never)
    type Listed = { metadata: { extensions: Array<{ name: string; state: string }> } }
    const { extensions } = (status as unknown as Listed).metadata
    const ours = extensions.filter((e) => ["clock", "tool-audit", "guard-rm", "project-notes"].includes(e.name))
    expect(ours.map((e) => [e.name, e.state])).toEqual([
      ["clock", "active"],
      ["guard-rm", "active"],
      ["project-notes", "active"],
      ["tool-audit", "active"],
    ])
  })

  test("guard-rm rewrites a dangerous bash call, and tool-audit counts it in the real store", async () => {
    const { hooks, dir } = await start({
      "tool-audit": installed("tool-audit.ts"),
      "guard-rm": installed("guard-rm.ts"),
    })
    const output = { args: { command: "sudo rm -rf / ", description: "clean up" } }
    await hooks["tool.execute.before"]!({ tool: "bash", sessionID: "ses_1", callID: "call_1" }, output)
    expect(output.args.command).toStartWith("echo 'refused by guard-rm: rm -r / deletes the root directory.")
    await hooks["tool.execute.after"]!(
      { tool: "bash", sessionID: "ses_1", callID: "call_1", args: output.args },
      { title: "clean up", output: "refused by guard-rm: …", metadata: {} },
    )
    // postToolCall is not awaited by opencode's hook (observers only): poll the tool until the count lands.
    const stats = hooks.tool!["tool-audit_stats"]!
    let title = ""
    for (const deadline = Date.now() + 3000; Date.now() < deadline; await Bun.sleep(10)) {
      title = ((await stats.execute({}, fakeToolContext(dir) as never)) as { title: string }).title
      if (title !== "0 tool calls, 0 failed") break
    }
    expect(title).toBe("1 tool call, 0 failed")
  })

  test("project-notes injects the project's notes file", async () => {
    const { hooks, dir } = await start({ "project-notes": installed("project-notes.ts") })
    fs.writeFileSync(path.join(dir, ".opencode", "notes.md"), "Run tests with bun test.\n")
    const messages = [userEntry("msg_1", "hi")]
    await hooks["experimental.chat.messages.transform"]!({}, { messages } as never)
    expect(messages[0]!.parts[1]!.text).toBe(
      '<switchboard-context>\n<context from="project-notes">\n' +
        "Project notes from .opencode/notes.md (kept by the user; follow them):\n\nRun tests with bun test.\n" +
        "</context>\n</switchboard-context>",
    )
  })
})
