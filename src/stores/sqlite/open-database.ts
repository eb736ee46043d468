import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { migrate } from "./schema.js";

export type Synchronous = "normal" | "full";

export interface SqliteStoreOptions {
  /** The database file; its parent folders are created. `:memory:` for a throwaway store. */
  path: string;
  /** `normal` (default) survives a process crash; `full` also survives power loss, at ~8x the cost. */
  synchronous?: Synchronous;
  /** How long to wait for another process's write lock before failing, in ms. Default 5,000. */
  busyTimeoutMs?: number;
  /** The most the file may grow to, in bytes: past it a commit fails as on a full disk (SQLITE_FULL). */
  maxBytes?: number;
}

/** Opens (creating if needed) a store file with the pragmas every connection needs, schema migrated. */
export function openDatabase(options: SqliteStoreOptions): Database.Database {
  const memory = options.path === ":memory:";
  if (!memory) mkdirSync(dirname(options.path), { recursive: true });
  // `timeout` is SQLite's busy_timeout: two `baton run` on one $BATON_HOME take turns instead of failing.
  const db = new Database(options.path, { timeout: options.busyTimeoutMs ?? 5_000 });
  try {
    const mode = db.pragma("journal_mode = WAL", { simple: true });
    if (!memory && mode !== "wal") {
      throw new Error(`${options.path}: cannot use WAL journal mode (got ${String(mode)}); is it on a network filesystem?`);
    }
    db.pragma(`synchronous = ${options.synchronous === "full" ? "FULL" : "NORMAL"}`);
    db.pragma("foreign_keys = ON");
    // A checkpoint copies the WAL into the file and fsyncs both, within the commit that crosses the
    // threshold. SQLite's default (1,000 pages) made one every ~70 engine commits; at 10,000 (a WAL
    // of up to ~40 MB) the fsyncs are ten times rarer and a page rewritten by many commits (a
    // B-tree's last leaf, the events counter) is copied once: 10–25% less time per commit, replaying
    // the commits of a 10,000-task workflow and of a 1,000-step one.
    db.pragma("wal_autocheckpoint = 10000");
    if (options.maxBytes !== undefined) {
      const pageSize = db.pragma("page_size", { simple: true }) as number;
      db.pragma(`max_page_count = ${Math.max(1, Math.floor(options.maxBytes / pageSize))}`);
    }
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
