// The project a row belongs to: opencode's worktree (the git root), or the directory itself outside git,
// where opencode reports "/" as the worktree and every project would otherwise collide.
import fs from "node:fs"
import path from "node:path"

export function projectKey(directory: string, worktree: string | undefined): string {
  return worktree && worktree !== "/" ? worktree : directory
}

/** The same key from outside opencode (the CLI): the nearest directory holding .git, else the directory. */
export function projectOf(directory: string): string {
  let dir = path.resolve(directory)
  for (;;) {
    if (fs.existsSync(path.join(dir, ".git"))) return dir
    const parent = path.dirname(dir)
    if (parent === dir) return path.resolve(directory)
    dir = parent
  }
}
