// Where an export goes: stdout, or a file created 0600 that must not be a symbolic link (a link planted at the path
// could send the data anywhere). Output is gathered into chunks so a million rows are not a million writes.
import fs from "node:fs"
import { err, errorMessage, ok, type Result } from "../result.ts"

export interface Sink {
  write(text: string): void | Promise<void>
  /** Writes what is buffered and closes a file; stdout stays open. */
  close(): Promise<void>
}

const CHUNK = 64 * 1024

export function chunked(write: (chunk: string) => void | Promise<void>, after: () => void = () => {}): Sink {
  let buffer = ""
  return {
    write(text) {
      buffer += text
      if (buffer.length < CHUNK) return
      const chunk = buffer
      buffer = ""
      return write(chunk)
    },
    async close() {
      try {
        if (buffer) await write(buffer)
      } finally {
        buffer = ""
        after()
      }
    },
  }
}

export function fileSink(file: string): Result<Sink> {
  try {
    if (fs.lstatSync(file).isSymbolicLink()) return err(`${file} is a symbolic link; refusing to write through it`)
  } catch {
    // absent: it will be created
  }
  let fd: number
  try {
    const flags = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_TRUNC | fs.constants.O_NOFOLLOW
    fd = fs.openSync(file, flags, 0o600)
    // An existing file keeps its mode on open: make it private too.
    fs.fchmodSync(fd, 0o600)
  } catch (cause) {
    const link = (cause as NodeJS.ErrnoException).code === "ELOOP"
    if (link) return err(`${file} is a symbolic link; refusing to write through it`)
    return err(`cannot write ${file}: ${errorMessage(cause)}`)
  }
  return ok(
    chunked(
      (chunk) => {
        const bytes = Buffer.from(chunk, "utf8")
        for (let offset = 0; offset < bytes.length; ) offset += fs.writeSync(fd, bytes, offset)
      },
      () => fs.closeSync(fd),
    ),
  )
}
