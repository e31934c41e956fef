// ctx.database(): each extension's own SQLite file, opened on first use and closed when opencode disposes the
// instance. Opening goes through the same path as the store: private permissions, WAL, recovery of a corrupt file.
import type { Database } from "bun:sqlite"
import { extensionDatabasePath } from "../src/paths.ts"
import { openStore } from "../src/store/open.ts"
import type { Logger } from "../src/host/types.ts"

export class ExtensionDatabases {
  private readonly open = new Map<string, Database>()

  constructor(
    private readonly storePath: string,
    private readonly log: Logger,
  ) {}

  get(name: string): Database {
    const found = this.open.get(name)
    if (found) return found
    const file = extensionDatabasePath(this.storePath, name)
    const opened = openStore(file, () => new Date(), [])
    if (!opened.ok) throw new Error(`database of extension "${name}": ${opened.error}`)
    if (opened.value.recovered) this.log.warn(`switchboard: the database of "${name}" was unreadable; moved it to ${opened.value.recovered.movedTo}`)
    this.open.set(name, opened.value.db)
    return opened.value.db
  }

  closeAll() {
    for (const db of this.open.values()) {
      try {
        db.close()
      } catch {
        // already closed
      }
    }
    this.open.clear()
  }
}
