// Built-in "openmind": captures what happens in conversations (files, commands, errors, symbols, URLs, the user's
// decisions and constraints), keeps it as a graph of entities, relations and facts in its own database, and gives
// the model what is relevant to the current message. Nothing is stored before redaction. Public API only.
import { z } from "zod"
import { defineExtension, defineTool } from "../host/define.ts"
import type { BusEvent, ExtensionContext } from "../host/types.ts"
import { fromAssistantText, fromToolCall, fromUserText } from "../knowledge/extract.ts"
import { redact } from "../knowledge/redact.ts"
import { openKnowledge } from "../knowledge/sqlite-store.ts"
import { ENTITY_TYPES, RELATION_TYPES, type KnowledgeStore, type RecallHit } from "../knowledge/types.ts"
import { projectKey } from "../sessions/project.ts"
import { boundValue } from "../store/truncate.ts"
import { VERSION } from "../version.ts"

const options = z
  .object({
    capture: z.boolean().default(true),
    inject: z.boolean().default(true),
    budgetTokens: z.number().int().min(50).max(8000).default(600),
    maxFacts: z.number().int().min(1).max(50).default(12),
  })
  .strict()
  .default({ capture: true, inject: true, budgetTokens: 600, maxFacts: 12 })
type Options = z.infer<typeof options>
type Ctx = ExtensionContext<Options>

const entity = z.object({ type: z.enum(ENTITY_TYPES), name: z.string().min(1).max(200) })
export const LAST_INJECTION_KEY = "last-injection"
const MAX_TRACKED = 2000

/** The block openmind offers for one message: stable wording, facts in recall order. */
export function formatRecall(hits: RecallHit[]): string {
  if (hits.length === 0) return ""
  const lines = hits.map((h) => `- ${h.fact.text.replace(/\s+/g, " ").trim()}`)
  return `What OpenMind remembers about this project (from earlier sessions; use it if relevant):\n${lines.join("\n")}`
}

export function openmindExtension() {
  let store: KnowledgeStore | undefined
  // Assistant messages seen on the bus, so their finished text parts can be told from the user's.
  const assistants = new Set<string>()

  const knowledge = (ctx: Ctx) => (store ??= openKnowledge(ctx.database(), projectKey(ctx.directory, ctx.worktree)))
  const clean = (text: string) => redact(text).text
  const root = (ctx: Ctx) => projectKey(ctx.directory, ctx.worktree)

  const onEvent = (e: BusEvent, ctx: Ctx) => {
    if (!ctx.options.capture) return
    if (e.type === "message.updated") {
      const info = e.properties.info as { id?: unknown; role?: unknown } | undefined
      if (info?.role === "assistant" && typeof info.id === "string") {
        if (assistants.size >= MAX_TRACKED) assistants.clear()
        assistants.add(info.id)
      }
      return
    }
    if (e.type !== "message.part.updated") return
    const part = e.properties.part as { type?: unknown; text?: unknown; messageID?: unknown; sessionID?: unknown; time?: { end?: unknown } } | undefined
    if (part?.type !== "text" || typeof part.text !== "string" || !part.time?.end) return
    if (typeof part.messageID !== "string" || !assistants.has(part.messageID)) return
    knowledge(ctx).observe(fromAssistantText(clean(part.text), { root: root(ctx) }), {
      sessionID: typeof part.sessionID === "string" ? part.sessionID : undefined,
      messageID: part.messageID,
    })
  }

  return defineExtension<Options>({
    name: "openmind",
    version: VERSION,
    description: "Remembers files, commands, errors and your decisions across sessions, and recalls what is relevant",
    options,
    hooks: {
      preMessage(e, ctx) {
        if (!ctx.options.capture) return
        knowledge(ctx).observe(fromUserText(clean(e.text), { root: root(ctx) }), { sessionID: e.sessionID, messageID: e.messageID })
      },
      postToolCall(e, ctx) {
        if (!ctx.options.capture) return
        // Every string is redacted before anything is looked at; shapes stay as the extractors expect them.
        const scrub = (v: Record<string, unknown> | undefined) =>
          v ? (boundValue(v, { field: 20_000, items: 200, depth: 8 }, clean).value as Record<string, unknown>) : undefined
        const observation = fromToolCall(
          {
            tool: e.tool,
            args: scrub(e.args),
            metadata: scrub(e.metadata),
            status: e.status,
            output: e.output && clean(e.output),
            error: e.error && clean(e.error),
            title: e.title,
          },
          { root: root(ctx) },
        )
        knowledge(ctx).observe(observation, { sessionID: e.sessionID })
      },
      event: onEvent,
      async contextPrime(req, ctx) {
        if (!ctx.options.inject) return
        const text = clean(req.text)
        const hits = knowledge(ctx).recall({
          text,
          entities: fromUserText(text, { root: root(ctx) }).entities,
          budgetTokens: ctx.options.budgetTokens,
          limit: ctx.options.maxFacts,
        })
        const context = formatRecall(hits)
        if (!context) return
        await ctx.store.set(LAST_INJECTION_KEY, { sessionID: req.sessionID, messageID: req.messageID, text: context, facts: hits.map((h) => h.fact.id), at: Date.now() })
        return { context, priority: 10 }
      },
    },
    tools: {
      save: defineTool({
        description:
          "Save one fact about this project to OpenMind's long-term memory (a decision, a convention, how something works). " +
          "Name the files, commands, symbols or concepts it is about in `entities`. Secrets are removed before storing.",
        args: {
          fact: z.string().min(3).max(2000).describe("the fact, one or two sentences"),
          entities: z.array(entity).max(20).optional().describe("what the fact is about"),
          pinned: z.boolean().optional().describe("always offer this fact"),
        },
        execute(args, ctx) {
          const r = redact(args.fact)
          const id = knowledge(ctx as Ctx).addFact({
            text: r.text,
            source: "learn",
            sessionID: ctx.sessionID,
            messageID: ctx.messageID,
            entities: args.entities,
            pinned: args.pinned,
          })
          return { title: `openmind: saved fact #${id}`, output: `Saved: ${r.text}`, metadata: { id, redacted: r.found } }
        },
      }),
      link: defineTool({
        description: "Record a relation between two things in OpenMind's memory, e.g. a file that depends on another.",
        args: { from: entity, to: entity, type: z.enum(RELATION_TYPES) },
        execute(args, ctx) {
          knowledge(ctx as Ctx).link(args.from, args.to, args.type)
          const line = `${args.from.type}:${args.from.name} ${args.type} ${args.to.type}:${args.to.name}`
          return { title: "openmind: linked", output: `Linked ${line}`, metadata: { from: args.from, to: args.to, type: args.type } }
        },
      }),
    },
    commands: {
      recall: {
        description: "Answer about a topic using what OpenMind remembers",
        template:
          "Using what OpenMind remembers about this project (given with this message), tell me what we know about: $ARGUMENTS\n" +
          "Say which remembered facts you used; if nothing relevant is remembered, say so.",
      },
      learn: {
        description: "Ask the model to save this session's knowledge to OpenMind",
        template:
          "Review this session and save what is worth remembering about this project: decisions, conventions, how " +
          "things are built, run and deployed, pitfalls found. Call openmind_save once per fact (name its files, " +
          "commands and concepts in `entities`) and openmind_link for relations between them. Save nothing secret. " +
          "Then list what you saved. $ARGUMENTS",
      },
    },
    panels: {
      entities: {
        title: "Remembered entities",
        load(ctx) {
          const k = knowledge(ctx)
          const counts = k.counts()
          return {
            items: k.entities({ limit: 30 }).map((e) => ({ title: `${e.type} ${e.name}`, description: `seen ${e.count}×`, category: "Entities" })),
            empty: `Nothing remembered yet (${counts.facts} facts, ${counts.entities} entities).`,
          }
        },
      },
    },
  })
}
