// Tells the host when an extension file changed, so it can reload it.
// Watches each file's DIRECTORY, not the file: editors save by writing a temp file and renaming it over
// the original, and a watch on the old inode goes silent after the first save.
// Event names are only a hint: Bun 1.3 delivers just the first of several inotify events read together
// (write a.ts then b.ts quickly: only "a.ts" arrives), and an editor's rename may be reported under the
// temp file's name. So any event in a directory schedules a sweep that compares each watched file's
// stat signature with the last one seen; a file named by an event counts as changed regardless.
import { type FSWatcher, statSync, watch } from "node:fs"
import { basename, dirname, resolve } from "node:path"
import { errorMessage } from "../result.ts"

export interface WatchOptions {
  /** Quiet time after the last event in a directory before onChange fires. Default 300 ms. */
  debounceMs?: number
  /** A directory that cannot be watched (missing, too many watchers…) or a throwing onChange. */
  onError?: (error: string, where: string) => void
}

/** Size, inode and times: changes on every save, including a rename over the file. "missing" once deleted. */
function signature(path: string): string {
  try {
    const info = statSync(path)
    return `${info.ino}:${info.size}:${info.mtimeMs}:${info.ctimeMs}`
  } catch {
    return "missing"
  }
}

/**
 * Calls onChange(path) once per burst of changes to each of `paths` (a deletion counts as a change).
 * Returns close(). Never throws: problems go to onError. Timers are unref'd.
 */
export function watchExtensionFiles(
  paths: string[],
  onChange: (path: string) => void,
  { debounceMs = 300, onError = () => {} }: WatchOptions = {},
): () => void {
  let closed = false
  const timers = new Map<string, ReturnType<typeof setTimeout>>()
  const watchers: FSWatcher[] = []
  const signatures = new Map<string, string>()
  /** Paths an event named explicitly: reported even if their signature looks the same (coarse mtimes). */
  const named = new Set<string>()

  // directory -> basename -> the path as the caller gave it (handed back to onChange unchanged).
  const byDirectory = new Map<string, Map<string, string>>()
  for (const path of paths) {
    const absolute = resolve(path)
    const files = byDirectory.get(dirname(absolute)) ?? new Map<string, string>()
    files.set(basename(absolute), path)
    byDirectory.set(dirname(absolute), files)
    signatures.set(path, signature(path))
  }

  const sweep = (files: Map<string, string>) => {
    for (const path of files.values()) {
      if (closed) return
      const now = signature(path)
      if (now === signatures.get(path) && !named.has(path)) continue
      signatures.set(path, now)
      named.delete(path)
      try {
        onChange(path)
      } catch (cause) {
        // A throw here would be an uncaught exception in a timer, i.e. a crashed host.
        onError(errorMessage(cause), path)
      }
    }
  }

  const schedule = (dir: string, files: Map<string, string>) => {
    if (closed) return
    clearTimeout(timers.get(dir))
    const timer = setTimeout(() => {
      timers.delete(dir)
      sweep(files)
    }, debounceMs)
    // Pending reloads must not keep the process alive on shutdown.
    timer.unref?.()
    timers.set(dir, timer)
  }

  for (const [dir, files] of byDirectory) {
    try {
      const watcher = watch(dir, { persistent: false }, (_event, filename) => {
        const path = filename === null || filename === undefined ? undefined : files.get(basename(filename.toString()))
        if (path !== undefined) named.add(path)
        schedule(dir, files)
      })
      watcher.on("error", (cause) => onError(errorMessage(cause), dir))
      watchers.push(watcher)
    } catch (cause) {
      onError(errorMessage(cause), dir)
    }
  }

  return () => {
    if (closed) return
    closed = true
    for (const timer of timers.values()) clearTimeout(timer)
    timers.clear()
    for (const watcher of watchers) {
      try {
        watcher.close()
      } catch (cause) {
        onError(errorMessage(cause), "close")
      }
    }
  }
}
