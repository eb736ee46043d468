import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LeaseLostError, type QueueBackend } from "../../model/index.js";
import { dropPrefix, REDIS_URL, uniquePrefix } from "./fixtures/redis-test-server.js";
import { startTcpProxy, type TcpProxy } from "./fixtures/tcp-proxy.js";
import { openRedisQueues } from "./redis-backend.js";
import { retryUnavailable, type RetryOptions } from "./retry.js";

const T0 = 1_700_000_000_000;
const LEASE_MS = 60_000;
const options = { maxAttempts: 100, maxItemBytes: 1024 };
const text = (s: string) => new TextEncoder().encode(s);

describe("Redis unavailable", () => {
  let prefix: string;
  let proxy: TcpProxy;
  let direct: QueueBackend;
  const opened: QueueBackend[] = [];
  const throughProxy = async (timeoutMs = 1000) => {
    const q = await openRedisQueues({ url: proxy.url, prefix, timeoutMs });
    opened.push(q);
    return q;
  };

  beforeEach(async () => {
    prefix = uniquePrefix("outage");
    const { hostname, port } = new URL(REDIS_URL);
    proxy = await startTcpProxy({ host: hostname, port: Number(port || 6379) });
    direct = await openRedisQueues({ url: REDIS_URL, prefix });
    await direct.create("work", options);
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((q) => q.close()));
    await direct.close();
    await proxy.close();
    await dropPrefix(prefix);
  });

  it("fails with Unavailable instead of hanging when the server goes silent, and works once it answers again", async () => {
    const q = await throughProxy(200);
    proxy.silent(true);
    await expect(q.push("work", [{ data: text("lost") }], T0)).rejects.toMatchObject({ code: "Unavailable" });
    proxy.silent(false);
    const retries: string[] = [];
    await retryUnavailable(() => q.push("work", [{ data: text("kept") }], T0), { baseDelayMs: 10, onRetry: (r) => retries.push(r.error.message) });
    // The silent proxy forwarded nothing, so the first push never reached Redis.
    expect((await direct.peek("work", 10, T0)).map((i) => new TextDecoder().decode(i.data))).toEqual(["kept"]);
  });

  it("fails with Unavailable when nothing listens, both to open and to an open backend", async () => {
    const q = await throughProxy();
    await proxy.close();
    await expect(q.stats("work", T0)).rejects.toMatchObject({ code: "Unavailable" });
    await expect(openRedisQueues({ url: proxy.url, prefix, timeoutMs: 200 })).rejects.toMatchObject({ code: "Unavailable" });
  });

  it("loses nothing acked and never leases one item to two workers at once while connections drop mid-run", async () => {
    const n = 300;
    await direct.push("work", Array.from({ length: n }, (_, i) => ({ data: text(String(i)) })), T0);
    let now = T0; // stands still within a round, so no lease can expire meanwhile
    const held = new Map<string, number>(); // item id → when the lease a worker holds on it ends
    const doubles: string[] = [];
    const ackedAgain: string[] = [];
    const acked = new Set<string>();
    const unsure = new Set<string>(); // a retried ack answered LeaseLost: the first try ran
    let leases = 0;
    let retries = 0;
    const retry: RetryOptions = { baseDelayMs: 5, maxDelayMs: 100, onRetry: () => retries++ };

    const worker = async (q: QueueBackend): Promise<boolean> => {
      for (;;) {
        const { items, drained } = await retryUnavailable(() => q.lease("work", { count: 5, leaseMs: LEASE_MS }, now), retry);
        if (items.length === 0) return drained;
        for (const item of items) {
          if ((held.get(item.id) ?? -Infinity) > now) doubles.push(item.id);
          if (acked.has(item.id)) ackedAgain.push(item.id);
          held.set(item.id, item.expiresAt);
          if (++leases % 20 === 0) (leases % 40 === 0 ? proxy.cut : proxy.cutAfterNextReply)();
          try {
            await retryUnavailable(() => q.ack("work", item.leaseId, now), retry);
            acked.add(item.id);
            held.delete(item.id);
          } catch (error) {
            if (!(error instanceof LeaseLostError)) throw error;
            unsure.add(item.id);
          }
        }
      }
    };
    const workers = await Promise.all(Array.from({ length: 4 }, () => throughProxy()));
    // A round ends when no item is ready. Items whose lease reply was lost are leased to no one
    // until the lease ends: the next round, later by a lease, gets them back.
    for (let round = 0; round < 20; round++, now += LEASE_MS) {
      if ((await Promise.all(workers.map(worker))).some((drained) => drained)) break;
    }

    expect(retries).toBeGreaterThan(0);
    // The worker that cut after the next reply was about to ack: that ack ran, its reply was lost.
    expect(unsure.size).toBeGreaterThan(0);
    expect(doubles).toEqual([]);
    expect(ackedAgain).toEqual([]);
    expect(new Set([...acked, ...unsure]).size).toBe(n);
    expect(await direct.stats("work", now)).toMatchObject({ ready: 0, delayed: 0, leased: 0, dead: 0, done: n });
  });
});
