import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { QueueError } from "../../model/index.js";
import { dropPrefix, REDIS_URL, uniquePrefix } from "./fixtures/redis-test-server.js";
import { openRedisQueues, type RedisQueues } from "./redis-backend.js";

const T0 = 1_700_000_000_000;
const text = (s: string) => new TextEncoder().encode(s);
const str = (b: Uint8Array) => new TextDecoder().decode(b);

describe("RedisQueues.ackAndLease (beyond the port)", () => {
  let prefix: string;
  let q: RedisQueues;
  beforeEach(async () => {
    prefix = uniquePrefix("ack-lease");
    q = await openRedisQueues({ url: REDIS_URL, prefix });
    await q.create("work", { maxAttempts: 3, maxItemBytes: 1024 });
  });
  afterEach(async () => {
    await q.close();
    await dropPrefix(prefix);
  });
  const options = { count: 1, leaseMs: 1000 };

  it("acks the held item and leases the next, as ack then lease would", async () => {
    await q.push("work", [{ data: text("a") }, { data: text("b") }], T0);
    const a = (await q.lease("work", options, T0)).items[0]!;
    const next = await q.ackAndLease("work", a.leaseId, options, T0);
    expect(next).toMatchObject({ acked: true, drained: false });
    expect(next.items.map((i) => [str(i.data), i.attempts, i.expiresAt])).toEqual([["b", 1, T0 + 1000]]);
    const last = await q.ackAndLease("work", next.items[0]!.leaseId, options, T0);
    expect(last).toEqual({ acked: true, items: [], drained: true });
    expect(await q.stats("work", T0)).toMatchObject({ done: 2, ready: 0, leased: 0 });
  });

  it("still leases when the ack's lease was lost, and says so", async () => {
    await q.push("work", [{ data: text("a") }, { data: text("b") }], T0);
    const a = (await q.lease("work", options, T0)).items[0]!;
    const next = await q.ackAndLease("work", a.leaseId, { count: 2, leaseMs: 1000 }, T0 + 1000);
    expect(next.acked).toBe(false);
    // The expired "a" came back (attempt 2), ahead of "b" in push order.
    expect(next.items.map((i) => [str(i.data), i.attempts])).toEqual([["a", 2], ["b", 1]]);
  });

  it("refuses a queue that does not exist, acking and leasing nothing", async () => {
    const error = await q.ackAndLease("nope", "1.1", options, T0).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueueError);
    expect((error as QueueError).code).toBe("NotFound");
  });
});
