// Opening OpenMind's database for the memory subcommands: the project of --dir, the store path the CLI resolves
// (SWITCHBOARD_DATA_DIR or the plugin's store.path), and "nothing remembered yet" when the file does not exist.
import fs from "node:fs"
import { openKnowledgeFile, OPENMIND, type OpenedKnowledge } from "../knowledge/open.ts"
import { extensionDatabasePath } from "../paths.ts"
import { errorMessage } from "../result.ts"
import { fail, projectFor, storePath, type Context } from "./context.ts"

export const knowledgePath = (ctx: Context) => extensionDatabasePath(storePath(ctx.dir, ctx.rt.env), OPENMIND)

/**
 * Opens the project's knowledge, runs `use`, closes it. A missing database calls `missing` instead, unless `create`
 * (add, import): search, export and forget never create the file they would read or forget from.
 */
export async function withKnowledge(
  ctx: Context,
  opts: { write: boolean; create?: boolean; missing?: () => number | Promise<number> },
  use: (k: OpenedKnowledge, project: string) => number | Promise<number>,
): Promise<number> {
  const project = projectFor(ctx)
  if (!opts.create && !fs.existsSync(knowledgePath(ctx))) {
    return opts.missing ? opts.missing() : fail(ctx, "nothing remembered yet")
  }
  const opened = openKnowledgeFile(storePath(ctx.dir, ctx.rt.env), project, { write: opts.write })
  if (!opened.ok) return fail(ctx, opened.error)
  try {
    return await use(opened.value, project)
  } catch (cause) {
    return fail(ctx, `${opened.value.path}: ${errorMessage(cause)}`)
  } finally {
    opened.value.close()
  }
}
