import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LeaseLostError, QueueError, type QueueBackend } from "../model/index.js";

export interface OpenedBackend {
  backend: QueueBackend;
  cleanup(): Promise<void>;
}

const text = (s: string) => new TextEncoder().encode(s);
const str = (b: Uint8Array) => new TextDecoder().decode(b);
const T0 = 1_700_000_000_000;
const options = { maxAttempts: 3, maxItemBytes: 1024 };

/**
 * The one suite every queue backend passes (embedded and Redis alike), through the port only.
 * `open` gives an empty backend before each test.
 */
export function describeQueueBackend(name: string, open: () => Promise<OpenedBackend>): void {
  describe(`QueueBackend contract: ${name}`, () => {
    let opened: OpenedBackend;
    let q: QueueBackend;
    beforeEach(async () => {
      opened = await open();
      q = opened.backend;
      await q.create("work", options);
    });
    afterEach(async () => {
      await q.close();
      await opened.cleanup();
    });

    const lease = (now: number, count = 1, leaseMs = 30_000) => q.lease("work", { count, leaseMs }, now);
    async function expectRejected(p: Promise<unknown>, type: new (...args: never[]) => Error, code?: string): Promise<void> {
      const error = await p.then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(type);
      if (code) expect((error as QueueError).code).toBe(code);
    }

    describe("queues", () => {
      it("creates, lists and deletes queues; a second create of a name is refused", async () => {
        await q.create("other", options);
        expect((await q.names()).sort()).toEqual(["other", "work"]);
        await expectRejected(q.create("work", options), QueueError, "AlreadyExists");
        await q.push("other", [{ data: text("x") }], T0);
        await q.delete("other");
        expect(await q.names()).toEqual(["work"]);
        await expectRejected(q.push("other", [{ data: text("x") }], T0), QueueError, "NotFound");
        await expectRejected(q.stats("nope", T0), QueueError, "NotFound");
      });

      it("refuses an item over the size limit, and pushes nothing of that batch", async () => {
        await expectRejected(q.push("work", [{ data: text("ok") }, { data: new Uint8Array(1025) }], T0), QueueError, "TooLarge");
        expect((await q.stats("work", T0)).ready).toBe(0);
      });
    });

    describe("delivery", () => {
      it("leases in priority order, first in first out within a priority, bytes unchanged", async () => {
        const bytes = new Uint8Array([0, 255, 10, 13, 0x80]);
        await q.push("work", [{ data: text("a") }, { data: text("b"), priority: 5 }, { data: bytes }, { data: text("c"), priority: 5 }], T0);
        const { items } = await lease(T0, 10);
        expect(items.map((i) => (i.priority === 0 && i.data.length === 5 ? "bytes" : str(i.data)))).toEqual(["b", "c", "a", "bytes"]);
        expect(items[3]!.data).toEqual(bytes);
        expect(items.every((i) => i.attempts === 1 && i.expiresAt === T0 + 30_000 && i.pushedAt === T0)).toBe(true);
      });

      it("hides a leased item from other consumers until its lease expires, then redelivers it", async () => {
        const [id] = await q.push("work", [{ data: text("job") }], T0);
        const first = (await lease(T0, 1, 1000)).items[0]!;
        expect(first.id).toBe(id);
        expect((await lease(T0 + 999)).items).toEqual([]);
        const again = (await lease(T0 + 1000)).items[0]!;
        expect(again).toMatchObject({ id, attempts: 2 });
        expect(again.leaseId).not.toBe(first.leaseId);
        // The expired lease is lost: acking it does nothing and says so.
        await expectRejected(q.ack("work", first.leaseId, T0 + 1001), LeaseLostError);
        await q.ack("work", again.leaseId, T0 + 1001);
        expect(await q.stats("work", T0 + 1001)).toMatchObject({ ready: 0, leased: 0, done: 1, dead: 0 });
      });

      it("ack removes an item for good; a second ack of the lease is refused", async () => {
        await q.push("work", [{ data: text("x") }], T0);
        const item = (await lease(T0)).items[0]!;
        await q.ack("work", item.leaseId, T0);
        await expectRejected(q.ack("work", item.leaseId, T0), LeaseLostError);
        expect((await lease(T0 + 60_000_000)).items).toEqual([]);
      });

      it("nack returns an item at once or after a delay, counting the attempt", async () => {
        await q.push("work", [{ data: text("x") }], T0);
        const first = (await lease(T0)).items[0]!;
        await q.nack("work", first.leaseId, { delayMs: 5000 }, T0);
        expect(await q.stats("work", T0)).toMatchObject({ ready: 0, delayed: 1, leased: 0 });
        expect((await lease(T0 + 4999)).items).toEqual([]);
        const second = (await lease(T0 + 5000)).items[0]!;
        expect(second.attempts).toBe(2);
        await q.nack("work", second.leaseId, {}, T0 + 5000);
        expect((await lease(T0 + 5000)).items[0]!.attempts).toBe(3);
      });

      it("extend keeps a lease alive; an expired lease cannot be extended", async () => {
        await q.push("work", [{ data: text("x") }], T0);
        const item = (await lease(T0, 1, 1000)).items[0]!;
        expect(await q.extend("work", item.leaseId, 1000, T0 + 900)).toEqual({ expiresAt: T0 + 1900 });
        expect((await lease(T0 + 1500)).items).toEqual([]);
        await expectRejected(q.extend("work", item.leaseId, 1000, T0 + 1900), LeaseLostError);
      });

      it("a lease that has ended cannot be acked or nacked, even before the item is leased again", async () => {
        await q.push("work", [{ data: text("x") }], T0);
        const item = (await lease(T0, 1, 1000)).items[0]!;
        await expectRejected(q.ack("work", item.leaseId, T0 + 1000), LeaseLostError);
        await expectRejected(q.nack("work", item.leaseId, {}, T0 + 1000), LeaseLostError);
        expect((await lease(T0 + 1000)).items[0]).toMatchObject({ id: item.id, attempts: 2 });
      });

      it("a delayed push becomes ready at its time", async () => {
        await q.push("work", [{ data: text("later"), delayMs: 2000 }, { data: text("now") }], T0);
        expect((await lease(T0, 10)).items.map((i) => str(i.data))).toEqual(["now"]);
        expect((await lease(T0 + 2000, 10)).items.map((i) => str(i.data))).toEqual(["later"]);
      });
    });

    describe("dead letters", () => {
      it("moves an item to the dead-letter list after maxAttempts, by expiry or by nack", async () => {
        const [id] = await q.push("work", [{ data: text("poison") }], T0);
        let now = T0;
        for (let attempt = 1; attempt <= 3; attempt++) {
          const item = (await lease(now, 1, 1000)).items[0]!;
          expect(item.attempts).toBe(attempt);
          if (attempt < 3) now += 1000; // expires
          else await q.nack("work", item.leaseId, {}, now);
        }
        expect((await lease(now + 10_000)).items).toEqual([]);
        expect(await q.stats("work", now)).toMatchObject({ ready: 0, leased: 0, dead: 1 });
        const dead = await q.dead("work", 10);
        expect(dead).toHaveLength(1);
        expect(dead[0]).toMatchObject({ id, attempts: 3, diedAt: now });
        expect(dead[0]!.reason).toMatch(/3/);
        expect(await q.requeueDead("work", undefined, now)).toBe(1);
        expect((await lease(now)).items[0]).toMatchObject({ id, attempts: 1 });
      });
    });

    describe("drained", () => {
      it("is drained only when nothing is ready, delayed or leased", async () => {
        expect((await lease(T0)).drained).toBe(true);
        await q.push("work", [{ data: text("a") }, { data: text("b"), delayMs: 1000 }], T0);
        const a = await lease(T0);
        expect(a.drained).toBe(false);
        const empty = await lease(T0);
        expect(empty).toEqual({ items: [], drained: false });
        await q.ack("work", a.items[0]!.leaseId, T0);
        const b = await lease(T0 + 1000);
        await q.ack("work", b.items[0]!.leaseId, T0 + 1000);
        expect(await lease(T0 + 1000)).toEqual({ items: [], drained: true });
      });
    });

    describe("inspection", () => {
      it("peeks without leasing, reports stats with the ack rate, and purges everything", async () => {
        await q.push("work", [{ data: text("a") }, { data: text("b"), priority: 1 }, { data: text("c"), delayMs: 10_000 }], T0);
        expect((await q.peek("work", 5, T0)).map((i) => str(i.data))).toEqual(["b", "a"]);
        expect((await q.stats("work", T0)).ready).toBe(2);
        const { items } = await lease(T0, 2);
        for (const i of items) await q.ack("work", i.leaseId, T0 + 1000);
        const stats = await q.stats("work", T0 + 2000);
        expect(stats).toMatchObject({ name: "work", ready: 0, delayed: 1, leased: 0, done: 2, dead: 0, options });
        expect(stats.rate).toBeCloseTo(2 / 60, 5);
        await q.purge("work");
        expect(await q.stats("work", T0 + 2000)).toMatchObject({ ready: 0, delayed: 0, leased: 0, done: 0, dead: 0 });
      });
    });

    describe("concurrency", () => {
      it("never leases one item to two consumers at once", async () => {
        const n = 200;
        await q.push("work", Array.from({ length: n }, (_, i) => ({ data: text(String(i)) })), T0);
        const seen: string[] = [];
        await Promise.all(
          Array.from({ length: 8 }, async () => {
            for (;;) {
              const { items } = await lease(T0, 3);
              if (items.length === 0) return;
              for (const i of items) {
                seen.push(i.id);
                await q.ack("work", i.leaseId, T0);
              }
            }
          }),
        );
        expect(seen).toHaveLength(n);
        expect(new Set(seen).size).toBe(n);
        expect((await q.stats("work", T0)).done).toBe(n);
      });
    });
  });
}
