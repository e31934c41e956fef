// A scriptable OpenAI-compatible model on 127.0.0.1 that records every request, for driving the real
// opencode offline. Rules, in order, for each chat completion:
//   1. a title-generation request (system prompt about generating a title, no tools) → "Mock session title"
//   2. a queued script step (script([...])): {text} or {tool: {name, args}}
//   3. the last message is a tool result → "MOCK_FINAL: tool <name> returned: <output>"
//   4. the last user text has `CALL_TOOL <name> {json}` and the tool is offered → that tool call
//   5. otherwise → "MOCK_REPLY: <last user text>"
import type { Server } from "bun"

export type Step = { text: string } | { tool: { name: string; args?: Record<string, unknown> } }

export interface RecordedRequest {
  n: number
  kind: string
  tools: string[]
  userTexts: string[]
  system: string
  body: Record<string, unknown>
}

interface ChatMessage {
  role: string
  content?: unknown
  tool_calls?: { id: string; function?: { name?: string } }[]
  tool_call_id?: string
}

function textOf(content: unknown): string {
  if (content == null) return ""
  if (typeof content === "string") return content
  if (Array.isArray(content))
    return content.map((p) => (typeof p === "string" ? p : (p?.text ?? ""))).join("\n")
  return JSON.stringify(content)
}

function parseArgs(raw: string | undefined): Record<string, unknown> {
  if (!raw) return {}
  // `opencode run "a b"` escapes inner quotes, so accept {\"k\":\"v\"} too.
  for (const candidate of [raw, raw.replace(/\\"/g, '"')]) {
    try {
      return JSON.parse(candidate)
    } catch {
      // try the next form
    }
  }
  return {}
}

export class MockLLM {
  readonly requests: RecordedRequest[] = []
  private queue: Step[] = []
  /** Delay between streamed chunks; set it to keep a turn streaming for a while (e.g. to kill opencode mid-turn). */
  chunkDelayMs = 0
  private server?: Server<undefined>

  get url(): string {
    if (!this.server) throw new Error("mock not started")
    return `http://127.0.0.1:${this.server.port}/v1`
  }

  start(): this {
    this.server = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      idleTimeout: 60,
      fetch: (req) => this.handle(req),
    })
    return this
  }

  stop() {
    this.server?.stop(true)
  }

  script(steps: Step[]) {
    this.queue.push(...steps)
  }

  /** Requests that were real model turns (title generation excluded). */
  turns(): RecordedRequest[] {
    return this.requests.filter((r) => r.kind !== "title")
  }

  private async handle(req: Request): Promise<Response> {
    const url = new URL(req.url)
    if (req.method === "GET" && url.pathname.endsWith("/models"))
      return Response.json({ object: "list", data: [{ id: "mock-model", object: "model", created: 0, owned_by: "mock" }] })
    if (req.method !== "POST" || !url.pathname.endsWith("/chat/completions"))
      return Response.json({ error: { message: `mock: no route for ${req.method} ${url.pathname}` } }, { status: 404 })
    const body = (await req.json()) as Record<string, unknown>
    return this.respond(body)
  }

  private decide(msgs: ChatMessage[], tools: string[], system: string): { kind: string; text?: string; tool?: Step & {} } {
    const last = msgs[msgs.length - 1]
    const lastUser = [...msgs].reverse().find((m) => m.role === "user")
    if (/title/i.test(system) && /generat/i.test(system) && tools.length === 0) return { kind: "title", text: "Mock session title" }
    const step = this.queue.shift()
    if (step) return "tool" in step ? { kind: "scripted-tool", tool: step } : { kind: "scripted-text", text: step.text }
    if (last?.role === "tool") {
      let name = "?"
      for (const m of msgs) for (const call of m.tool_calls ?? []) if (call.id === last.tool_call_id) name = call.function?.name ?? name
      const out = textOf(last.content).replace(/\s+/g, " ").slice(0, 300)
      return { kind: "final-after-tool", text: `MOCK_FINAL: tool ${name} returned: ${out}` }
    }
    const lastText = textOf(lastUser?.content)
    const call = /CALL_TOOL\s+([A-Za-z0-9_.-]+)(?:\s+(\{[^\n]*\}))?/.exec(lastText)
    if (call?.[1]) {
      if (tools.includes(call[1])) return { kind: "tool", tool: { tool: { name: call[1], args: parseArgs(call[2]) } } }
      return { kind: "tool-missing", text: `MOCK_ERROR: tool ${call[1]} not offered` }
    }
    return { kind: "text", text: `MOCK_REPLY: ${lastText.replace(/\s+/g, " ").trim().slice(0, 160)}` }
  }

  private respond(body: Record<string, unknown>): Response {
    const msgs = (Array.isArray(body.messages) ? body.messages : []) as ChatMessage[]
    const tools = ((body.tools ?? []) as { function?: { name?: string }; name?: string }[])
      .map((t) => t.function?.name ?? t.name ?? "")
      .filter(Boolean)
    const system = msgs.filter((m) => m.role === "system").map((m) => textOf(m.content)).join("\n")
    const d = this.decide(msgs, tools, system)
    const n = this.requests.length + 1
    this.requests.push({ n, kind: d.kind, tools, system, userTexts: msgs.filter((m) => m.role === "user").map((m) => textOf(m.content)), body })
    const id = `chatcmpl-mock-${n}`
    const model = String(body.model ?? "mock-model")
    const toolStep = d.tool && "tool" in d.tool ? d.tool.tool : undefined
    const toolCall = toolStep
      ? { id: `call_mock_${n}`, type: "function", function: { name: toolStep.name, arguments: JSON.stringify(toolStep.args ?? {}) } }
      : undefined
    const finish = toolCall ? "tool_calls" : "stop"
    const usage = { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 }
    if (!body.stream) {
      const message = toolCall ? { role: "assistant", content: null, tool_calls: [toolCall] } : { role: "assistant", content: d.text }
      return Response.json({ id, object: "chat.completion", created: 0, model, choices: [{ index: 0, message, finish_reason: finish }], usage })
    }
    const chunk = (delta: unknown, finish_reason: string | null = null) =>
      `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created: 0, model, choices: [{ index: 0, delta, finish_reason }] })}\n\n`
    const parts = [chunk({ role: "assistant", content: "" })]
    if (toolCall) parts.push(chunk({ tool_calls: [{ index: 0, ...toolCall }] }))
    else for (const word of d.text?.match(/\S+\s*/g) ?? [d.text ?? ""]) parts.push(chunk({ content: word }))
    parts.push(chunk({}, finish))
    if ((body.stream_options as { include_usage?: boolean } | undefined)?.include_usage)
      parts.push(`data: ${JSON.stringify({ id, object: "chat.completion.chunk", created: 0, model, choices: [], usage })}\n\n`)
    parts.push("data: [DONE]\n\n")
    const headers = { "content-type": "text/event-stream", "cache-control": "no-cache" }
    if (this.chunkDelayMs <= 0) return new Response(parts.join(""), { headers })
    const delay = this.chunkDelayMs
    const stream = new ReadableStream({
      async start(controller) {
        for (const p of parts) {
          controller.enqueue(new TextEncoder().encode(p))
          await Bun.sleep(delay)
        }
        controller.close()
      },
    })
    return new Response(stream, { headers })
  }
}
