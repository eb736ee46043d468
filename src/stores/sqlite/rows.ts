import type { RunPhase, RunRecord, StoredObject } from "../../model/index.js";
import type { ObjectRow, RunRow } from "./statements.js";

export function runToRow(run: RunRecord): RunRow {
  return {
    id: run.id,
    phase: run.phase,
    created_at: run.createdAt,
    finished_at: run.finishedAt ?? null,
    sources: toJson(run.sources, `run ${run.id} sources`),
    digest: run.digest,
    owner_pid: run.owner.pid,
    owner_started_at: run.owner.startedAt,
  };
}

export function rowToRun(row: RunRow): RunRecord {
  return {
    id: row.id,
    // Only this module writes the column, always from a RunPhase.
    phase: row.phase as RunPhase,
    createdAt: row.created_at,
    // Left out rather than `undefined`, so a record read back is the record written.
    ...(row.finished_at === null ? {} : { finishedAt: row.finished_at }),
    sources: JSON.parse(row.sources) as string[],
    digest: row.digest,
    owner: { pid: row.owner_pid, startedAt: row.owner_started_at },
  };
}

export function rowToObject(row: ObjectRow): StoredObject {
  return { uid: row.uid, kind: row.kind, namespace: row.namespace, name: row.name, body: JSON.parse(row.body) };
}

/**
 * JSON.stringify, but refusing what would not come back as written: it throws on BigInt and cycles
 * by itself, and returns undefined (which SQLite would store as NULL) for undefined and functions.
 */
export function toJson(value: unknown, what: string): string {
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError(`${what}: cannot be stored as JSON (got ${typeof value})`);
  return text;
}
