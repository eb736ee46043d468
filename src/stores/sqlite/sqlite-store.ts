import type { Database, Transaction } from "better-sqlite3";
import type { ClusterEvent, CommitBatch, CommitResult, ListedObject, ObjectFilter, RunPhase, RunRecord, Store, StoredEvent, StoredObject } from "../../model/index.js";
import { Checkpointer } from "./checkpointer.js";
import { openDatabase, type SqliteStoreOptions } from "./open-database.js";
import { rowToObject, rowToRun, runToRow, toJson } from "./rows.js";
import { prepareStatements, type ObjectRow, type Statements } from "./statements.js";

/**
 * The embedded store: one SQLite file in WAL mode. better-sqlite3 is synchronous, so each method does
 * its work at once and returns a settled Promise, as the port asks; errors become rejections.
 */
export function openSqliteStore(options: SqliteStoreOptions): Store {
  return new SqliteStore(openDatabase(options));
}

class SqliteStore implements Store {
  readonly #db: Database;
  readonly #sql: Statements;
  readonly #commit: Transaction<(batch: CommitBatch) => CommitResult>;
  readonly #checkpointer: Checkpointer | undefined;

  constructor(db: Database) {
    this.#db = db;
    this.#sql = prepareStatements(db);
    this.#commit = db.transaction((batch: CommitBatch) => applyBatch(this.#sql, batch));
    this.#checkpointer = db.memory ? undefined : new Checkpointer(db.name);
  }

  async createRun(run: RunRecord): Promise<void> {
    try {
      this.#sql.insertRun.run(runToRow(run));
    } catch (cause) {
      throw new Error(`store: cannot create run ${run.id}`, { cause });
    }
  }

  async getRun(id: string): Promise<RunRecord | undefined> {
    const row = this.#sql.getRun.get(id);
    return row && rowToRun(row);
  }

  async listRuns(filter: { phase?: RunPhase; digest?: string } = {}): Promise<RunRecord[]> {
    // The port lists runs still marked Running unless another phase is asked for.
    const phase = filter.phase ?? "Running";
    const rows =
      filter.digest === undefined
        ? this.#sql.runsByPhase.all(phase)
        : this.#sql.runsByPhaseAndDigest.all(phase, filter.digest);
    return rows.map(rowToRun);
  }

  async claimRun(id: string, owner: RunRecord["owner"]): Promise<void> {
    const { changes } = this.#sql.claimRun.run(owner.pid, owner.startedAt, id);
    if (changes !== 1) throw new Error(`store: cannot claim run ${id}: no such run`);
  }

  async deleteRun(id: string): Promise<void> {
    // Objects and events go with it (ON DELETE CASCADE), in the one statement's transaction.
    this.#sql.deleteRun.run(id);
  }

  async loadObjects(run: string): Promise<StoredObject[]> {
    return this.#sql.loadObjects.all(run).map(rowToObject);
  }

  async commit(batch: CommitBatch): Promise<CommitResult> {
    try {
      // IMMEDIATE takes the write lock up front, so a busy file is waited for (busy_timeout) rather
      // than failing when a deferred read transaction tries to become a writer.
      const result = this.#commit.immediate(batch);
      this.#checkpointer?.committed();
      return result;
    } catch (cause) {
      throw new Error(`store: commit to run ${batch.run} failed, nothing of it was written`, { cause });
    }
  }

  async listEvents(run: string): Promise<ClusterEvent[]> {
    return this.#sql.listEvents.all(run).map((json) => JSON.parse(json) as ClusterEvent);
  }

  async listObjects(filter: ObjectFilter): Promise<ListedObject[]> {
    // Built per call: four optional filters would be sixteen prepared statements.
    const where: string[] = [];
    const args: string[] = [];
    for (const [column, value] of [["kind", filter.kind], ["namespace", filter.namespace], ["name", filter.name]] as const) {
      if (value === undefined) continue;
      where.push(`${column} = ?`);
      args.push(value);
    }
    if (filter.runs !== undefined) {
      if (filter.runs.length === 0) return [];
      where.push(`run IN (${filter.runs.map(() => "?").join(", ")})`);
      args.push(...filter.runs);
    }
    const sql = `SELECT run, uid, kind, namespace, name, body FROM objects ${where.length ? "WHERE " + where.join(" AND ") : ""} ORDER BY namespace, name`;
    return this.#db.prepare<string[], ObjectRow & { run: string }>(sql).all(...args).map((row) => ({ run: row.run, ...rowToObject(row) }));
  }

  async readEvents(options: { after: number; limit: number; run?: string }): Promise<StoredEvent[]> {
    const rows = options.run === undefined
      ? this.#sql.readEvents.all(options.after, options.limit)
      : this.#sql.readRunEvents.all(options.run, options.after, options.limit);
    return rows.map((r) => ({ id: r.id, run: r.run, event: JSON.parse(r.json) as ClusterEvent }));
  }

  async close(): Promise<void> {
    if (!this.#db.open) return;
    await this.#checkpointer?.close();
    try {
      this.#db.pragma("optimize");
    } catch {
      // Only a hint for the query planner: a full disk or a read-only file must not stop the close.
    }
    this.#db.close();
  }
}

/** The hot path: runs inside one transaction; a throw anywhere rolls back the whole batch. */
function applyBatch(sql: Statements, batch: CommitBatch): CommitResult {
  const { run } = batch;
  for (const o of batch.put) {
    const body = toJson(o.body, `${o.kind} ${o.uid} body`);
    if (sql.putBody.run(run, o.uid, o.kind, o.namespace, o.name, body).changes === 0) sql.putObject.run(run, o.uid, o.kind, o.namespace, o.name, body);
  }
  // After the puts: an object created and deleted within one tick ends up absent.
  const removed: StoredObject[] = [];
  for (const uid of batch.remove) {
    const row = sql.removeObject.get(run, uid);
    if (row) removed.push(rowToObject(row));
  }
  let lastEventId: number | undefined;
  for (const event of batch.events) lastEventId = Number(sql.insertEvent.run(run, toJson(event, `event ${event.reason}`)).lastInsertRowid);
  if (batch.runPhase) {
    const { phase, finishedAt } = batch.runPhase;
    if (sql.setRunPhase.run(phase, finishedAt ?? null, run).changes !== 1) throw new Error(`no such run ${run}`);
  }
  return { ...(lastEventId !== undefined ? { lastEventId } : {}), ...(removed.length > 0 ? { removed } : {}) };
}
