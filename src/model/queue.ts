/**
 * Work queues: at-least-once delivery with leases. One contract, two backends (embedded in the
 * store, Redis), one shared test suite (src/queues/contract*.ts).
 *
 * An item is opaque bytes with an id, a priority (higher first; FIFO within a priority) and a time
 * from which it is ready. Leasing hides it from other consumers until it is acked (done), nacked
 * (back to the queue, optionally after a delay) or its lease expires (back to the queue). Every
 * lease counts an attempt; an item whose attempts reach `maxAttempts` goes to the dead-letter list
 * instead of back to the queue. "Drained" means nothing ready, nothing delayed and nothing leased:
 * the moment a Kubernetes work-queue Job may end.
 */
export interface QueueOptions {
  /** Leases an item gets before it is dead-lettered. Default 5. */
  maxAttempts: number;
  /** Largest item accepted, in bytes. Default 1 MiB. */
  maxItemBytes: number;
}

export const DEFAULT_QUEUE_OPTIONS: QueueOptions = { maxAttempts: 5, maxItemBytes: 1024 * 1024 };

export interface NewItem {
  data: Uint8Array;
  /** Higher is leased first. Default 0. */
  priority?: number;
  /** Not leased before this many ms from now. */
  delayMs?: number;
}

export interface LeasedItem {
  /** Names this lease: ack, nack and extend take it. A redelivered item gets a new one. */
  leaseId: string;
  id: string;
  data: Uint8Array;
  priority: number;
  /** Leases so far, this one included. */
  attempts: number;
  /** When the lease ends unless extended (ms since the epoch). */
  expiresAt: number;
  /** When the item was pushed (ms since the epoch). */
  pushedAt: number;
}

export interface DeadItem {
  id: string;
  data: Uint8Array;
  priority: number;
  attempts: number;
  /** Why: "max attempts (5) reached" after an expired lease or a nack. */
  reason: string;
  diedAt: number;
}

export interface QueueStats {
  name: string;
  /** Items that can be leased now. */
  ready: number;
  /** Items waiting for their delay (pushed with one, or nacked with one). */
  delayed: number;
  leased: number;
  /** Acked, since the queue was created (or purged). */
  done: number;
  dead: number;
  /** Items acked per second over the last minute. */
  rate: number;
  options: QueueOptions;
}

/**
 * Why an operation on a lease did nothing: it expired and the item went back, or it was never given.
 * A lease ends at its `expiresAt`: from then on ack, nack and extend of it fail with this error,
 * even while no one has leased the item again yet.
 */
export class LeaseLostError extends Error {
  readonly code = "LeaseLost";
}

export class QueueError extends Error {
  constructor(
    message: string,
    readonly code: "NotFound" | "AlreadyExists" | "TooLarge" | "Invalid" | "Unavailable",
  ) {
    super(message);
  }
}

/**
 * One backend holds many named queues. Times are ms since the epoch from the caller's clock
 * (`now`), so a fake clock drives lease expiry in tests and every consumer of one backend agrees.
 */
export interface QueueBackend {
  create(name: string, options: QueueOptions): Promise<void>;
  /** Deletes the queue and every item of it. */
  delete(name: string): Promise<void>;
  names(): Promise<string[]>;
  /** Adds items atomically (all or none); returns their ids in order. */
  push(name: string, items: NewItem[], now: number): Promise<string[]>;
  /**
   * Leases up to `count` ready items (expired leases are reclaimed first). Empty when nothing is
   * ready; `drained` tells whether nothing is delayed or leased either.
   */
  lease(name: string, options: { count: number; leaseMs: number }, now: number): Promise<{ items: LeasedItem[]; drained: boolean }>;
  ack(name: string, leaseId: string, now: number): Promise<void>;
  nack(name: string, leaseId: string, options: { delayMs?: number }, now: number): Promise<void>;
  extend(name: string, leaseId: string, leaseMs: number, now: number): Promise<{ expiresAt: number }>;
  stats(name: string, now: number): Promise<QueueStats>;
  /** Ready items in lease order, without leasing them. */
  peek(name: string, count: number, now: number): Promise<{ id: string; data: Uint8Array; priority: number; attempts: number }[]>;
  dead(name: string, count: number): Promise<DeadItem[]>;
  /** Moves dead items (all, or those named) back to the queue with their attempts reset. */
  requeueDead(name: string, ids: string[] | undefined, now: number): Promise<number>;
  /** Removes every item (ready, delayed, leased, dead) and resets `done`. */
  purge(name: string): Promise<void>;
  close(): Promise<void>;
}
