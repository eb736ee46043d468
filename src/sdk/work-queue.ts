import { batonHome, createQueue, openQueue } from "../app/index.js";
import type { QueueBackend, QueueOptions, QueueStats } from "../model/index.js";

/** One leased item: its bytes, and the three things a worker does with it. */
export class WorkItem {
  constructor(
    private readonly queue: WorkQueue,
    readonly leaseId: string,
    readonly id: string,
    readonly data: Uint8Array,
    readonly attempts: number,
  ) {}

  text(): string {
    return new TextDecoder().decode(this.data);
  }

  json<T = unknown>(): T {
    return JSON.parse(this.text()) as T;
  }

  ack(): Promise<void> {
    return this.queue.backend.ack(this.queue.name, this.leaseId, Date.now());
  }

  nack(options: { delayMs?: number } = {}): Promise<void> {
    return this.queue.backend.nack(this.queue.name, this.leaseId, options, Date.now());
  }

  extend(leaseMs: number): Promise<{ expiresAt: number }> {
    return this.queue.backend.extend(this.queue.name, this.leaseId, leaseMs, Date.now());
  }
}

export interface LeaseOptions {
  /** How long a lease lasts unless extended. Default 30 s. */
  leaseMs?: number;
}

const encoder = new TextEncoder();
const toBytes = (v: unknown): Uint8Array => (v instanceof Uint8Array ? v : encoder.encode(typeof v === "string" ? v : JSON.stringify(v)));

/**
 * A work queue of this Baton home, from TypeScript:
 *
 *     const q = await WorkQueue.open("primes");
 *     await q.push(["1", "2", "3"]);
 *     await q.process(async (item) => compute(item.text()), { concurrency: 4 });   // until drained
 *
 * At least once: a handler that throws nacks its item (it comes back, and dead-letters after
 * maxAttempts); a worker that dies loses its leases, and the items come back when they expire.
 */
export class WorkQueue {
  private constructor(
    readonly name: string,
    /** The backend behind the queue (embedded or Redis). */
    readonly backend: QueueBackend,
  ) {}

  static async open(name: string, options: { home?: string } = {}): Promise<WorkQueue> {
    return new WorkQueue(name, await openQueue(options.home ?? batonHome(), name));
  }

  static async create(name: string, options: { home?: string; backend?: string } & Partial<QueueOptions> = {}): Promise<WorkQueue> {
    const home = options.home ?? batonHome();
    const { backend = "embedded", ...rest } = options;
    await createQueue(home, name, backend, rest);
    return WorkQueue.open(name, { home });
  }

  /** Strings and bytes go as they are; anything else as JSON. */
  async push(values: unknown[], options: { priority?: number; delayMs?: number } = {}): Promise<string[]> {
    return this.backend.push(this.name, values.map((v) => ({ data: toBytes(v), ...options })), Date.now());
  }

  /** The next item; waits while others hold leases; undefined once the queue is drained. */
  async lease(options: LeaseOptions = {}): Promise<WorkItem | undefined> {
    let pause = 20;
    for (;;) {
      const { items, drained } = await this.backend.lease(this.name, { count: 1, leaseMs: options.leaseMs ?? 30_000 }, Date.now());
      const i = items[0];
      if (i) return new WorkItem(this, i.leaseId, i.id, i.data, i.attempts);
      if (drained) return undefined;
      await new Promise((r) => setTimeout(r, pause));
      pause = Math.min(pause * 2, 1000);
    }
  }

  /** Leased items until the queue is drained; each must be acked or nacked by the loop's body. */
  async *items(options: LeaseOptions = {}): AsyncGenerator<WorkItem> {
    for (let item = await this.lease(options); item; item = await this.lease(options)) yield item;
  }

  /**
   * Runs `handler` on every item until the queue is drained, `concurrency` at a time: acked when it
   * resolves, nacked when it throws; its lease is extended while it runs.
   */
  async process(handler: (item: WorkItem) => Promise<void>, options: LeaseOptions & { concurrency?: number } = {}): Promise<{ acked: number; nacked: number }> {
    const leaseMs = options.leaseMs ?? 30_000;
    const tally = { acked: 0, nacked: 0 };
    const worker = async () => {
      for await (const item of this.items({ leaseMs })) {
        const keepAlive = setInterval(() => void item.extend(leaseMs).catch(() => undefined), Math.max(1, leaseMs / 2));
        try {
          await handler(item);
          clearInterval(keepAlive);
          await item.ack();
          tally.acked++;
        } catch {
          clearInterval(keepAlive);
          await item.nack().catch(() => undefined);
          tally.nacked++;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 1) }, worker));
    return tally;
  }

  stats(): Promise<QueueStats> {
    return this.backend.stats(this.name, Date.now());
  }

  close(): Promise<void> {
    return this.backend.close();
  }
}
