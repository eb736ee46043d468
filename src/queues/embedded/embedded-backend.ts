import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import {
  LeaseLostError, QueueError,
  type DeadItem, type LeasedItem, type NewItem, type QueueBackend, type QueueOptions, type QueueStats,
} from "../../model/index.js";
import { ensureQueueSchema } from "./schema.js";

interface QueueRow {
  name: string;
  max_attempts: number;
  max_item_bytes: number;
  done: number;
  seq: number;
}

interface ItemRow {
  seq: number;
  data: Buffer;
  priority: number;
  attempts: number;
  pushed_at: number;
  lease_id: string | null;
  lease_expires: number | null;
  reason: string | null;
  died_at: number | null;
}

const RATE_WINDOW_S = 60;

/**
 * The embedded backend: queues as rows in a SQLite file (the store's, by default), each operation
 * one IMMEDIATE transaction — so several processes (a server, pods running `baton queue lease`)
 * share the file safely, and a crash loses nothing acknowledged.
 */
export function openEmbeddedQueues(path: string): QueueBackend {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: 5000 });
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  ensureQueueSchema(db);
  return new EmbeddedQueues(db);
}

class EmbeddedQueues implements QueueBackend {
  constructor(private readonly db: Database.Database) {}

  private queue(name: string): QueueRow {
    const row = this.db.prepare<[string], QueueRow>("SELECT * FROM wq_queues WHERE name = ?").get(name);
    if (!row) throw new QueueError(`queue "${name}" does not exist (baton queue create ${name})`, "NotFound");
    return row;
  }

  private tx<T>(work: () => T): Promise<T> {
    try {
      return Promise.resolve(this.db.transaction(work).immediate());
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  async create(name: string, options: QueueOptions): Promise<void> {
    return this.tx(() => {
      if (this.db.prepare("SELECT 1 FROM wq_queues WHERE name = ?").get(name)) throw new QueueError(`queue "${name}" already exists`, "AlreadyExists");
      this.db.prepare("INSERT INTO wq_queues (name, max_attempts, max_item_bytes) VALUES (?, ?, ?)").run(name, options.maxAttempts, options.maxItemBytes);
    });
  }

  async delete(name: string): Promise<void> {
    return this.tx(() => {
      this.queue(name);
      this.db.prepare("DELETE FROM wq_queues WHERE name = ?").run(name);
    });
  }

  async names(): Promise<string[]> {
    return this.db.prepare<[], string>("SELECT name FROM wq_queues ORDER BY name").pluck().all();
  }

  async push(name: string, items: NewItem[], now: number): Promise<string[]> {
    return this.tx(() => {
      const q = this.queue(name);
      const big = items.findIndex((i) => i.data.byteLength > q.max_item_bytes);
      if (big >= 0) throw new QueueError(`item ${big + 1} is ${items[big]!.data.byteLength} bytes; queue "${name}" takes at most ${q.max_item_bytes} (nothing was pushed)`, "TooLarge");
      const insert = this.db.prepare("INSERT INTO wq_items (queue, seq, data, priority, state, ready_at, attempts, pushed_at) VALUES (?, ?, ?, ?, 'ready', ?, 0, ?)");
      const ids: string[] = [];
      let seq = q.seq;
      for (const item of items) {
        seq++;
        insert.run(name, seq, Buffer.from(item.data.buffer, item.data.byteOffset, item.data.byteLength), item.priority ?? 0, now + Math.max(0, item.delayMs ?? 0), now);
        ids.push(String(seq));
      }
      this.db.prepare("UPDATE wq_queues SET seq = ? WHERE name = ?").run(seq, name);
      return ids;
    });
  }

  /** Expired leases go back to the queue, or to the dead letters once their attempts are used up. */
  private reclaim(q: QueueRow, now: number): void {
    this.db
      .prepare("UPDATE wq_items SET state = 'dead', reason = ?, died_at = ?, lease_id = NULL, lease_expires = NULL WHERE queue = ? AND state = 'leased' AND lease_expires <= ? AND attempts >= ?")
      .run(`max attempts (${q.max_attempts}) reached: the last lease expired`, now, q.name, now, q.max_attempts);
    this.db
      .prepare("UPDATE wq_items SET state = 'ready', ready_at = ?, lease_id = NULL, lease_expires = NULL WHERE queue = ? AND state = 'leased' AND lease_expires <= ?")
      .run(now, q.name, now);
  }

  async lease(name: string, options: { count: number; leaseMs: number }, now: number): Promise<{ items: LeasedItem[]; drained: boolean }> {
    return this.tx(() => {
      const q = this.queue(name);
      this.reclaim(q, now);
      const rows = this.db
        .prepare<[string, number, number], ItemRow>("SELECT * FROM wq_items WHERE queue = ? AND state = 'ready' AND ready_at <= ? ORDER BY priority DESC, seq LIMIT ?")
        .all(name, now, Math.max(1, options.count));
      const take = this.db.prepare("UPDATE wq_items SET state = 'leased', lease_id = ?, lease_expires = ?, attempts = attempts + 1 WHERE queue = ? AND seq = ?");
      const items = rows.map((r): LeasedItem => {
        const leaseId = randomBytes(12).toString("hex");
        take.run(leaseId, now + options.leaseMs, name, r.seq);
        return { leaseId, id: String(r.seq), data: new Uint8Array(r.data), priority: r.priority, attempts: r.attempts + 1, expiresAt: now + options.leaseMs, pushedAt: r.pushed_at };
      });
      const drained = items.length === 0 && !this.db.prepare("SELECT 1 FROM wq_items WHERE queue = ? AND state IN ('ready', 'leased') LIMIT 1").get(name);
      return { items, drained };
    });
  }

  /** The item behind a lease that is still valid at `now`, or LeaseLostError. */
  private leased(q: QueueRow, leaseId: string, now: number): ItemRow {
    const row = this.db.prepare<[string, string], ItemRow>("SELECT * FROM wq_items WHERE queue = ? AND lease_id = ? AND state = 'leased'").get(q.name, leaseId);
    if (!row || row.lease_expires! <= now) throw new LeaseLostError(`lease ${leaseId} of queue "${q.name}" is not held (it expired and the item went back, or it was acked or never given)`);
    return row;
  }

  async ack(name: string, leaseId: string, now: number): Promise<void> {
    return this.tx(() => {
      const q = this.queue(name);
      const row = this.leased(q, leaseId, now);
      this.db.prepare("DELETE FROM wq_items WHERE queue = ? AND seq = ?").run(name, row.seq);
      this.db.prepare("UPDATE wq_queues SET done = done + 1 WHERE name = ?").run(name);
      const second = Math.floor(now / 1000);
      this.db.prepare("INSERT INTO wq_acks (queue, second, count) VALUES (?, ?, 1) ON CONFLICT (queue, second) DO UPDATE SET count = count + 1").run(name, second);
      this.db.prepare("DELETE FROM wq_acks WHERE queue = ? AND second <= ?").run(name, second - RATE_WINDOW_S);
    });
  }

  async nack(name: string, leaseId: string, options: { delayMs?: number }, now: number): Promise<void> {
    return this.tx(() => {
      const q = this.queue(name);
      const row = this.leased(q, leaseId, now);
      if (row.attempts >= q.max_attempts) {
        this.db.prepare("UPDATE wq_items SET state = 'dead', reason = ?, died_at = ?, lease_id = NULL, lease_expires = NULL WHERE queue = ? AND seq = ?")
          .run(`max attempts (${q.max_attempts}) reached: the last lease was nacked`, now, name, row.seq);
      } else {
        this.db.prepare("UPDATE wq_items SET state = 'ready', ready_at = ?, lease_id = NULL, lease_expires = NULL WHERE queue = ? AND seq = ?")
          .run(now + Math.max(0, options.delayMs ?? 0), name, row.seq);
      }
    });
  }

  async extend(name: string, leaseId: string, leaseMs: number, now: number): Promise<{ expiresAt: number }> {
    return this.tx(() => {
      const row = this.leased(this.queue(name), leaseId, now);
      this.db.prepare("UPDATE wq_items SET lease_expires = ? WHERE queue = ? AND seq = ?").run(now + leaseMs, name, row.seq);
      return { expiresAt: now + leaseMs };
    });
  }

  async stats(name: string, now: number): Promise<QueueStats> {
    return this.tx(() => {
      const q = this.queue(name);
      this.reclaim(q, now);
      const count = (where: string, ...args: (string | number)[]) =>
        this.db.prepare<(string | number)[], number>(`SELECT count(*) FROM wq_items WHERE queue = ? AND ${where}`).pluck().get(name, ...args)!;
      const acked = this.db.prepare<[string, number], number>("SELECT coalesce(sum(count), 0) FROM wq_acks WHERE queue = ? AND second > ?").pluck().get(name, Math.floor(now / 1000) - RATE_WINDOW_S)!;
      return {
        name,
        ready: count("state = 'ready' AND ready_at <= ?", now),
        delayed: count("state = 'ready' AND ready_at > ?", now),
        leased: count("state = 'leased'"),
        done: q.done,
        dead: count("state = 'dead'"),
        rate: acked / RATE_WINDOW_S,
        options: { maxAttempts: q.max_attempts, maxItemBytes: q.max_item_bytes },
      };
    });
  }

  async peek(name: string, count: number, now: number) {
    this.queue(name);
    return this.db
      .prepare<[string, number, number], ItemRow>("SELECT * FROM wq_items WHERE queue = ? AND state = 'ready' AND ready_at <= ? ORDER BY priority DESC, seq LIMIT ?")
      .all(name, now, count)
      .map((r) => ({ id: String(r.seq), data: new Uint8Array(r.data), priority: r.priority, attempts: r.attempts }));
  }

  async dead(name: string, count: number): Promise<DeadItem[]> {
    this.queue(name);
    return this.db
      .prepare<[string, number], ItemRow>("SELECT * FROM wq_items WHERE queue = ? AND state = 'dead' ORDER BY died_at, seq LIMIT ?")
      .all(name, count)
      .map((r) => ({ id: String(r.seq), data: new Uint8Array(r.data), priority: r.priority, attempts: r.attempts, reason: r.reason ?? "", diedAt: r.died_at ?? 0 }));
  }

  async requeueDead(name: string, ids: string[] | undefined, now: number): Promise<number> {
    return this.tx(() => {
      this.queue(name);
      const sql = "UPDATE wq_items SET state = 'ready', attempts = 0, ready_at = ?, reason = NULL, died_at = NULL WHERE queue = ? AND state = 'dead'";
      if (ids === undefined) return this.db.prepare(sql).run(now, name).changes;
      const one = this.db.prepare(`${sql} AND seq = ?`);
      return ids.reduce((n, id) => n + one.run(now, name, Number(id)).changes, 0);
    });
  }

  async purge(name: string): Promise<void> {
    return this.tx(() => {
      this.queue(name);
      this.db.prepare("DELETE FROM wq_items WHERE queue = ?").run(name);
      this.db.prepare("DELETE FROM wq_acks WHERE queue = ?").run(name);
      this.db.prepare("UPDATE wq_queues SET done = 0 WHERE name = ?").run(name);
    });
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
