// switchboard memory export: the project's facts (with the entities they mention), entities and relations as one
// JSON document, { version: 1, project, facts, entities, relations }, that `memory import` reads back. Written to
// stdout or, with --out, to a 0600 file never reached through a symbolic link (the sink export.ts uses).
import path from "node:path"
import type { Entity, Fact, Relation } from "../knowledge/types.ts"
import { attemptAsync } from "../result.ts"
import { fail, projectFor, stringOption, usage, type Context } from "./context.ts"
import { allEntities, allFacts, allRelations } from "./memory-dump.ts"
import { withKnowledge } from "./memory-store.ts"
import { chunked, fileSink, type Sink } from "./sink.ts"

export const EXPORT_VERSION = 1

/** Ids of entities and the project are local to one database: a fact keeps its id only to be told apart. */
const factOut = ({ project: _, ...fact }: Fact) => fact
const entityOut = ({ id: _, project: __, ...entity }: Entity) => entity

/** The document, one item a line, written as it is read; returns how many of each. */
async function writeDocument(
  sink: Sink,
  project: string,
  lists: { facts: Iterable<Fact>; entities: Iterable<Entity>; relations: Iterable<Relation> },
): Promise<Record<"facts" | "entities" | "relations", number>> {
  const head = JSON.stringify({ version: EXPORT_VERSION, project })
  await sink.write(head.slice(0, -1))
  const list = async <T>(key: string, items: Iterable<T>, shape: (item: T) => unknown) => {
    await sink.write(`,\n${JSON.stringify(key)}: [`)
    let n = 0
    for (const item of items) {
      const pending = sink.write(`${n++ === 0 ? "\n" : ",\n"}${JSON.stringify(shape(item))}`)
      if (pending) await pending
    }
    await sink.write(n === 0 ? "]" : "\n]")
    return n
  }
  const facts = await list("facts", lists.facts, factOut)
  const entities = await list("entities", lists.entities, entityOut)
  const relations = await list("relations", lists.relations, (r: Relation) => r)
  await sink.write("\n}\n")
  return { facts, entities, relations }
}

export async function memoryExport(ctx: Context, args: string[]): Promise<number> {
  if (args.length > 0) return usage(ctx, `unexpected argument "${args[0]}"`)
  const file = stringOption(ctx, "out")
  const target = file === undefined ? undefined : path.resolve(ctx.rt.cwd, file)
  const run = async (project: string, lists: Parameters<typeof writeDocument>[2]) => {
    const opened = target === undefined ? undefined : fileSink(target)
    if (opened && !opened.ok) return fail(ctx, opened.error)
    const sink = opened ? opened.value : chunked(ctx.rt.write)
    const written = await attemptAsync(() => writeDocument(sink, project, lists))
    const closed = await attemptAsync(() => sink.close())
    // The reader went away (`| head`): stop quietly with the shell's code for SIGPIPE, as `export` does.
    if (!written.ok && /EPIPE/.test(written.error)) return 141
    if (!written.ok) return fail(ctx, `export stopped: ${written.error}`)
    if (!closed.ok) return fail(ctx, `cannot finish ${file ?? "the output"}: ${closed.error}`)
    const n = written.value
    if (file !== undefined) {
      ctx.rt.out(`exported ${n.facts} facts, ${n.entities} entities, ${n.relations} relations to ${file}`)
    }
    return 0
  }
  // Nothing remembered yet is an empty export, not an error.
  const empty = () => run(projectFor(ctx), { facts: [], entities: [], relations: [] })
  return withKnowledge(
    ctx,
    { write: false, missing: empty },
    async ({ db, knowledge }, project) => {
      // One read transaction: the pages of a long export all see the same snapshot while opencode keeps writing.
      db.run("BEGIN")
      try {
        return await run(project, {
          facts: allFacts(db, project),
          entities: allEntities(knowledge),
          relations: allRelations(db, project),
        })
      } finally {
        db.run("COMMIT")
      }
    },
  )
}
