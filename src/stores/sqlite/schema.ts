import type { Database } from "better-sqlite3";

/**
 * Each entry moves the file from version i to i + 1; PRAGMA user_version records how far a file got.
 * Append only: a released entry is never edited, because files in the field already ran it.
 */
const migrations: readonly string[] = [
  `
  CREATE TABLE runs (
    id               TEXT PRIMARY KEY,
    phase            TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    finished_at      TEXT,
    sources          TEXT NOT NULL,
    digest           TEXT NOT NULL,
    owner_pid        INTEGER NOT NULL,
    owner_started_at TEXT NOT NULL
  );
  CREATE INDEX runs_by_phase ON runs (phase, created_at);
  CREATE INDEX runs_by_digest ON runs (digest, created_at);

  -- A rowid table, not WITHOUT ROWID: bodies are often larger than a twentieth of a page.
  CREATE TABLE objects (
    run       TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    uid       TEXT NOT NULL,
    kind      TEXT NOT NULL,
    namespace TEXT NOT NULL,
    name      TEXT NOT NULL,
    body      TEXT NOT NULL,
    PRIMARY KEY (run, uid)
  );

  -- AUTOINCREMENT so that an id is never reused, even after the newest events are deleted.
  CREATE TABLE events (
    id   INTEGER PRIMARY KEY AUTOINCREMENT,
    run  TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    json TEXT NOT NULL
  );
  CREATE INDEX events_by_run ON events (run, id);
  `,
  // What `baton get` asks: objects by kind and namespace, across runs.
  `
  CREATE INDEX objects_by_kind ON objects (kind, namespace, name);
  `,
];

export const schemaVersion = migrations.length;

function versionOf(db: Database): number {
  return db.pragma("user_version", { simple: true }) as number;
}

/** Brings the file up to `schemaVersion`; safe when several processes open a new file at once. */
export function migrate(db: Database): void {
  if (versionOf(db) === schemaVersion) return;
  // IMMEDIATE takes the write lock first, so a second process waits (busy_timeout) and then re-reads
  // the version inside the lock instead of running the same migration twice.
  db.transaction(() => {
    const current = versionOf(db);
    if (current > schemaVersion) {
      throw new Error(
        `${db.name}: store schema version ${current} is newer than this Baton understands (${schemaVersion}); upgrade Baton`,
      );
    }
    for (const sql of migrations.slice(current)) db.exec(sql);
    db.pragma(`user_version = ${schemaVersion}`);
  }).immediate();
}
