import type { Database, Statement } from "better-sqlite3";

export interface RunRow {
  id: string;
  phase: string;
  created_at: string;
  finished_at: string | null;
  sources: string;
  digest: string;
  owner_pid: number;
  owner_started_at: string;
}

export interface ObjectRow {
  uid: string;
  kind: string;
  namespace: string;
  name: string;
  body: string;
}

const runColumns = "id, phase, created_at, finished_at, sources, digest, owner_pid, owner_started_at";
// The rowid breaks ties between runs created in the same millisecond: the later insert is newer.
const newestFirst = "ORDER BY created_at DESC, rowid DESC";

export interface Statements {
  insertRun: Statement<[RunRow]>;
  getRun: Statement<[string], RunRow>;
  runsByPhase: Statement<[string], RunRow>;
  runsByPhaseAndDigest: Statement<[string, string], RunRow>;
  claimRun: Statement<[number, string, string]>;
  setRunPhase: Statement<[string, string | null, string]>;
  deleteRun: Statement<[string]>;
  putObject: Statement<[string, string, string, string, string, string]>;
  /** putObject for the usual case, an object whose kind, namespace and name stay: only its body is written. */
  putBody: Statement<[string, string, string, string, string, string]>;
  /** Returns the row it deleted, if any. */
  removeObject: Statement<[string, string], ObjectRow>;
  loadObjects: Statement<[string], ObjectRow>;
  insertEvent: Statement<[string, string]>;
  /** Plucked: yields the json column itself. */
  listEvents: Statement<[string], string>;
  readEvents: Statement<[number, number], EventRow>;
  readRunEvents: Statement<[string, number, number], EventRow>;
}

export interface EventRow {
  id: number;
  run: string;
  json: string;
}

/** Every statement the store runs, prepared once per connection: preparing is the costly part. */
export function prepareStatements(db: Database): Statements {
  return {
    insertRun: db.prepare<[RunRow]>(
      `INSERT INTO runs (${runColumns})
       VALUES (@id, @phase, @created_at, @finished_at, @sources, @digest, @owner_pid, @owner_started_at)`,
    ),
    getRun: db.prepare<[string], RunRow>(`SELECT ${runColumns} FROM runs WHERE id = ?`),
    runsByPhase: db.prepare<[string], RunRow>(`SELECT ${runColumns} FROM runs WHERE phase = ? ${newestFirst}`),
    runsByPhaseAndDigest: db.prepare<[string, string], RunRow>(
      `SELECT ${runColumns} FROM runs WHERE phase = ? AND digest = ? ${newestFirst}`,
    ),
    claimRun: db.prepare<[number, string, string]>(
      "UPDATE runs SET owner_pid = ?, owner_started_at = ? WHERE id = ?",
    ),
    setRunPhase: db.prepare<[string, string | null, string]>(
      "UPDATE runs SET phase = ?, finished_at = ? WHERE id = ?",
    ),
    deleteRun: db.prepare<[string]>("DELETE FROM runs WHERE id = ?"),
    putObject: db.prepare<[string, string, string, string, string, string]>(
      `INSERT INTO objects (run, uid, kind, namespace, name, body) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (run, uid) DO UPDATE
       SET kind = excluded.kind, namespace = excluded.namespace, name = excluded.name, body = excluded.body`,
    ),
    // An UPDATE rewrites the index entries of every column it assigns, even to the same value: a
    // body-only update leaves objects_by_kind alone (one B-tree page fewer in the WAL per object).
    // Its WHERE fails, and nothing is written, when the object's identity changed.
    putBody: db.prepare<[string, string, string, string, string, string]>(
      `INSERT INTO objects (run, uid, kind, namespace, name, body) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (run, uid) DO UPDATE SET body = excluded.body
       WHERE kind = excluded.kind AND namespace = excluded.namespace AND name = excluded.name`,
    ),
    removeObject: db.prepare<[string, string], ObjectRow>("DELETE FROM objects WHERE run = ? AND uid = ? RETURNING uid, kind, namespace, name, body"),
    loadObjects: db.prepare<[string], ObjectRow>(
      "SELECT uid, kind, namespace, name, body FROM objects WHERE run = ? ORDER BY uid",
    ),
    insertEvent: db.prepare<[string, string]>("INSERT INTO events (run, json) VALUES (?, ?)"),
    listEvents: db.prepare<[string], string>("SELECT json FROM events WHERE run = ? ORDER BY id").pluck(),
    readEvents: db.prepare<[number, number], EventRow>("SELECT id, run, json FROM events WHERE id > ? ORDER BY id LIMIT ?"),
    readRunEvents: db.prepare<[string, number, number], EventRow>(
      "SELECT id, run, json FROM events WHERE run = ? AND id > ? ORDER BY id LIMIT ?",
    ),
  };
}
