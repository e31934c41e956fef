// What a command may touch of the outside world, passed in so tests can run every command in-process.
export type Env = Record<string, string | undefined>

export interface Io {
  out(line: string): void
  err(line: string): void
}

export interface Runtime extends Io {
  env: Env
  cwd: string
  /** Raw stdout for streamed output; the returned promise, if any, resolves when the pipe can take more. */
  write(chunk: string): void | Promise<void>
  /** Raw stderr, and whether it is a terminal: the progress bar draws only there. */
  errWrite(chunk: string): void
  errIsTTY: boolean
  /** Whether stdout is a terminal: an export printed there would be torn up by a bar drawn on the same screen. */
  outIsTTY: boolean
}

const guarded = new WeakSet<NodeJS.WritableStream>()

/**
 * A stream writer that resolves once the chunk is handed to the OS, so a slow reader slows the export instead of
 * the export buffering everything in memory. A failed write (EPIPE: the reader went away) rejects; the stream's
 * own "error" event is absorbed so it does not surface a second time as an uncaught error.
 */
export function streamWriter(stream: NodeJS.WritableStream): (chunk: string) => Promise<void> {
  return (chunk) => {
    if (!guarded.has(stream)) {
      guarded.add(stream)
      stream.on("error", () => {})
    }
    return new Promise<void>((resolve, reject) => {
      stream.write(chunk, (error) => (error ? reject(error) : resolve()))
    })
  }
}

export function processRuntime(io: Io): Runtime {
  return {
    ...io,
    env: process.env,
    cwd: process.cwd(),
    write: streamWriter(process.stdout),
    errWrite: (chunk) => void process.stderr.write(chunk),
    errIsTTY: process.stderr.isTTY === true,
    outIsTTY: process.stdout.isTTY === true,
  }
}

/** Terminal control characters in stored text (titles, summaries) must not reach a terminal as commands. */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, " ")
}
