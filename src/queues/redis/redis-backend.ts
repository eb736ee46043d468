import { randomInt } from "node:crypto";
import {
  QueueError,
  type DeadItem, type LeasedItem, type NewItem, type QueueBackend, type QueueOptions, type QueueStats,
} from "../../model/index.js";
import { RedisConnection, type RedisConnectionOptions } from "./connection.js";
import { idOf, leaseIdOf, memberOf, namesKey, parseLeaseId, queueKeys } from "./keys.js";
import { bytes, checked, num, records, text } from "./replies.js";
import { ACK, ACK_LEASE, CODES, CREATE, DEAD, DELETE, EXTEND, LEASE, NACK, PEEK, PURGE, PUSH, REQUEUE_DEAD, STATS, type QueueScript } from "./scripts/index.js";

export interface RedisQueuesOptions extends RedisConnectionOptions {
  /** Put before every key, so several Batons (or test runs) share one server. Default "baton:". */
  prefix?: string;
}

/** Items per script call of a push; a larger batch is several calls in one MULTI (push.ts). */
const PUSH_SLICE = 2000;
const RATE_WINDOW_S = 60;

export async function openRedisQueues(options: RedisQueuesOptions = {}): Promise<RedisQueues> {
  return new RedisQueues(await RedisConnection.open(options), options.prefix ?? "baton:");
}

/**
 * The Redis backend: each operation is one Lua script (scripts/), run atomically by the server, on
 * keys that share the queue's hash slot. Times are the caller's `now`, passed to the scripts.
 */
export class RedisQueues implements QueueBackend {
  readonly #keys = new Map<string, string[]>();

  constructor(
    readonly connection: RedisConnection,
    readonly prefix: string,
  ) {}

  #of(name: string): string[] {
    let keys = this.#keys.get(name);
    if (!keys) this.#keys.set(name, (keys = queueKeys(this.prefix, name)));
    return keys;
  }

  async create(name: string, options: QueueOptions): Promise<void> {
    for (const field of ["maxAttempts", "maxItemBytes"] as const) {
      if (!Number.isInteger(options[field]) || options[field] < 1) throw new QueueError(`${field} must be a positive integer (got ${options[field]})`, "Invalid");
    }
    // Lease tokens start at a random point, so a lease of a deleted queue cannot name an item of
    // a new queue of the same name.
    const firstToken = randomInt(0, 2 ** 32);
    const keys = [...this.#of(name), namesKey(this.prefix)];
    checked(await this.connection.run(CREATE, keys, [name, String(options.maxAttempts), String(options.maxItemBytes), String(firstToken)]), name);
  }

  async delete(name: string): Promise<void> {
    checked(await this.connection.run(DELETE, [...this.#of(name), namesKey(this.prefix)], [name]), name);
  }

  async names(): Promise<string[]> {
    const reply = (await this.connection.command(["SMEMBERS", namesKey(this.prefix)])) as unknown[];
    return reply.map(text).sort();
  }

  async push(name: string, items: NewItem[], now: number): Promise<string[]> {
    let largest = 0;
    const slices: (string | Buffer)[][] = [];
    for (let i = 0; i < items.length || slices.length === 0; i += PUSH_SLICE) {
      const slice = items.slice(i, i + PUSH_SLICE);
      const argv: (string | Buffer)[] = [String(now), "", String(slice.length)];
      for (const item of slice) {
        largest = Math.max(largest, item.data.byteLength);
        argv.push(Buffer.from(item.data.buffer, item.data.byteOffset, item.data.byteLength), priorityOf(item), String(delayOf(item)));
      }
      slices.push(argv);
    }
    for (const argv of slices) argv[1] = String(largest);
    const keys = this.#of(name);
    const replies = slices.length === 1 ? [await this.connection.run(PUSH, keys, slices[0]!)] : await this.connection.runAll(PUSH, keys, slices);
    if (replies[0] === CODES.TooLarge) throw await this.#tooLarge(name, items);
    const ids: string[] = [];
    replies.forEach((reply, s) => {
      const first = checked<number>(reply, name);
      const n = Number(text(slices[s]![2]));
      for (let k = 0; k < n; k++) ids.push(String(first + k));
    });
    return ids;
  }

  async #tooLarge(name: string, items: NewItem[]): Promise<QueueError> {
    const limit = num(await this.connection.command(["HGET", this.#of(name)[0]!, "maxItemBytes"]));
    const big = items.findIndex((i) => i.data.byteLength > limit);
    return new QueueError(`item ${big + 1} is ${items[big]?.data.byteLength} bytes; queue "${name}" takes at most ${limit} (nothing was pushed)`, "TooLarge");
  }

  async lease(name: string, options: { count: number; leaseMs: number }, now: number): Promise<{ items: LeasedItem[]; drained: boolean }> {
    const reply = await this.connection.run(LEASE, this.#of(name), [String(now), String(countOf(options)), String(options.leaseMs)]);
    return leased(checked<unknown[]>(reply, name));
  }

  /**
   * Acks one lease and leases the next items in one call (one script, one round trip): the loop
   * of a consumer that holds one item at a time, as BullMQ's worker fetches its next job when it
   * finishes one. Not part of the QueueBackend port; the same as ack then lease, except that a
   * lost lease does not stop the lease: `acked` is false where ack would throw LeaseLostError.
   */
  async ackAndLease(name: string, leaseId: string, options: { count: number; leaseMs: number }, now: number): Promise<{ acked: boolean; items: LeasedItem[]; drained: boolean }> {
    const reply = checked<[number, unknown]>(await this.#onLease(name, leaseId, ACK_LEASE, [String(countOf(options)), String(options.leaseMs)], now, false), name);
    return { acked: reply[0] === 1, ...leased(checked<unknown[]>(reply[1], name)) };
  }

  async #onLease(name: string, leaseId: string, script: QueueScript, extra: string[], now: number, check = true): Promise<unknown> {
    // A lease id we never gave names no item: the script answers LeaseLost (or NotFound).
    const lease = parseLeaseId(leaseId) ?? { member: "-", token: "-" };
    const reply = await this.connection.run(script, this.#of(name), [lease.member, lease.token, String(now), ...extra]);
    return check ? checked(reply, name, leaseId) : reply;
  }

  async ack(name: string, leaseId: string, now: number): Promise<void> {
    await this.#onLease(name, leaseId, ACK, [], now);
  }

  async nack(name: string, leaseId: string, options: { delayMs?: number }, now: number): Promise<void> {
    await this.#onLease(name, leaseId, NACK, [String(Math.max(0, options.delayMs ?? 0))], now);
  }

  async extend(name: string, leaseId: string, leaseMs: number, now: number): Promise<{ expiresAt: number }> {
    return { expiresAt: num(await this.#onLease(name, leaseId, EXTEND, [String(leaseMs)], now)) };
  }

  async stats(name: string, now: number): Promise<QueueStats> {
    const reply = checked<unknown[]>(await this.connection.run(STATS, this.#of(name), [String(now)]), name);
    const [ready, delayed, leased, dead, done, recent, maxAttempts, maxItemBytes] = reply.map(num) as number[];
    return { name, ready: ready!, delayed: delayed!, leased: leased!, done: done!, dead: dead!, rate: recent! / RATE_WINDOW_S, options: { maxAttempts: maxAttempts!, maxItemBytes: maxItemBytes! } };
  }

  async peek(name: string, count: number, now: number): Promise<{ id: string; data: Uint8Array; priority: number; attempts: number }[]> {
    const reply = checked<unknown[]>(await this.connection.run(PEEK, this.#of(name), [String(now), String(Math.floor(count))]), name);
    return records(reply, 4).map(([member, data, priority, attempts]) => ({ id: idOf(text(member)), data: bytes(data), priority: num(priority), attempts: num(attempts) }));
  }

  async dead(name: string, count: number): Promise<DeadItem[]> {
    const reply = checked<unknown[]>(await this.connection.run(DEAD, this.#of(name), [String(Math.floor(count))]), name);
    return records(reply, 6).map(([member, data, priority, attempts, reason, diedAt]) => ({
      id: idOf(text(member)), data: bytes(data), priority: num(priority), attempts: num(attempts), reason: text(reason), diedAt: num(diedAt),
    }));
  }

  async requeueDead(name: string, ids: string[] | undefined, _now: number): Promise<number> {
    const members = (ids ?? []).filter((id) => /^\d{1,15}$/.test(id)).map(memberOf);
    return checked<number>(await this.connection.run(REQUEUE_DEAD, this.#of(name), ids === undefined ? ["all"] : ["some", ...members]), name);
  }

  async purge(name: string): Promise<void> {
    checked(await this.connection.run(PURGE, this.#of(name), []), name);
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}

const countOf = (options: { count: number }) => Math.max(1, Math.floor(options.count));

/** The lease script's reply: {drained} or {0, expiresAt, then six fields per item}. */
function leased(reply: unknown[]): { items: LeasedItem[]; drained: boolean } {
  if (reply.length === 1) return { items: [], drained: reply[0] === 1 };
  const expiresAt = num(reply[1]);
  const items = records(reply, 6, 2).map(([member, data, priority, attempts, pushedAt, token]): LeasedItem => {
    const id = idOf(text(member));
    return { leaseId: leaseIdOf(id, num(token)), id, data: bytes(data), priority: num(priority), attempts: num(attempts), expiresAt, pushedAt: num(pushedAt) };
  });
  return { items, drained: false };
}

function priorityOf(item: NewItem): string {
  const p = item.priority ?? 0;
  if (!Number.isFinite(p)) throw new QueueError(`priority must be a finite number (got ${p})`, "Invalid");
  return String(p);
}

function delayOf(item: NewItem): number {
  const d = item.delayMs ?? 0;
  if (Number.isNaN(d) || d === Infinity) throw new QueueError(`delayMs must be a finite number of ms (got ${d})`, "Invalid");
  return Math.max(0, Math.ceil(d));
}
