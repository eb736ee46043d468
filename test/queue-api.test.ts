import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BatonClient } from "../src/client/index.js";
import { startServer, type RunningServer } from "../src/server/index.js";
import { WorkQueue } from "../src/sdk/index.js";

// Queues over HTTP (for workers in any language) and from TypeScript, on one home.
let home: string;
let server: RunningServer;
const call = async (method: string, path: string, body?: unknown) => {
  const r = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${server.token}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: r.status, body: r.status === 204 ? undefined : ((await r.json()) as Record<string, unknown>) };
};

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), "baton-qapi-"));
  server = await startServer({ home, port: 0 });
});
afterAll(async () => server.close());

describe("queues over HTTP", () => {
  it("create, push, lease, ack, nack and stats, with Kubernetes-style errors", async () => {
    expect((await call("POST", "/queues", { name: "mail", maxAttempts: 2 })).status).toBe(201);
    expect((await call("POST", "/queues", { name: "mail" })).status).toBe(409);
    const pushed = await call("POST", "/queues/mail/items", { items: [{ data: "hello" }, { data: Buffer.from([0, 1, 2]).toString("base64"), encoding: "base64", priority: 9 }] });
    expect(pushed.status).toBe(201);
    const leased = await call("POST", "/queues/mail/leases", { count: 2, leaseMs: 60_000 });
    const items = leased.body!.items as { leaseId: string; data: string; attempts: number }[];
    expect(items.map((i) => Buffer.from(i.data, "base64"))).toEqual([Buffer.from([0, 1, 2]), Buffer.from("hello")]);
    expect((await call("DELETE", `/queues/mail/leases/${items[0]!.leaseId}`)).status).toBe(204);
    expect((await call("DELETE", `/queues/mail/leases/${items[0]!.leaseId}`)).status).toBe(409);
    expect((await call("POST", `/queues/mail/leases/${items[1]!.leaseId}/nack`, {})).status).toBe(204);
    expect((await call("GET", "/queues/mail")).body).toMatchObject({ ready: 1, leased: 0, done: 1, dead: 0 });
    expect((await call("GET", "/queues/nope")).status).toBe(404);
    expect((await call("POST", "/queues/mail/items", { items: [{ data: "x".repeat(2 * 1024 * 1024) }] })).status).toBe(413);
    const list = await call("GET", "/queues");
    expect((list.body!.items as { name: string }[]).map((q) => q.name)).toEqual(["mail"]);
  });

  it("puts a queue's stats on the watch stream as they change", async () => {
    const client = new BatonClient({ url: server.url, token: server.token });
    const abort = new AbortController();
    const seen: { ready: number; done: number }[] = [];
    const watching = (async () => {
      for await (const w of client.watch({}, abort.signal)) {
        if (w.type === "SYNCED" || w.object.kind !== ("Queue" as string)) continue;
        seen.push((w.object as unknown as { status: { ready: number; done: number } }).status);
        if (seen.some((s) => s.ready === 3)) break;
      }
    })().catch(() => undefined);
    await new Promise((r) => setTimeout(r, 100));
    await call("POST", "/queues/mail/items", { items: [{ data: "a" }, { data: "b" }] });
    await watching;
    abort.abort();
    expect(seen.at(-1)).toMatchObject({ ready: 3, done: 1 });
  });
});

describe("WorkQueue from TypeScript", () => {
  it("processes every item until the queue is drained: acked when the handler resolves, nacked when it throws", async () => {
    const q = await WorkQueue.create("numbers", { home, maxAttempts: 2 });
    await q.push([1, 2, 3, 4, 5, 6].map(String));
    await q.push([{ n: 7 }]);
    const seen: string[] = [];
    const tally = await q.process(
      async (item) => {
        seen.push(item.text());
        if (item.text() === "4" && item.attempts === 1) throw new Error("flaky");
      },
      { concurrency: 3, leaseMs: 5000 },
    );
    expect(tally).toEqual({ acked: 7, nacked: 1 });
    expect(seen.filter((s) => s === "4")).toHaveLength(2);
    expect(seen).toContain('{"n":7}');
    expect(await q.stats()).toMatchObject({ ready: 0, leased: 0, done: 7, dead: 0 });
    expect(await q.lease()).toBeUndefined();
    await q.close();
  });
});
