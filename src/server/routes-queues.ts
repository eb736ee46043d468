import type { Hono } from "hono";
import { createQueue, deleteQueue, readQueueRegistry, redactAddress as redact } from "../app/index.js";
import { DEFAULT_QUEUE_OPTIONS, LeaseLostError, QueueError } from "../model/index.js";
import type { ServerContext } from "./context.js";
import { ApiError } from "./errors.js";
import type { QueueBackends } from "./queue-backends.js";

const STATUS_OF: Record<QueueError["code"], 400 | 404 | 409 | 413 | 503> = { NotFound: 404, AlreadyExists: 409, TooLarge: 413, Invalid: 400, Unavailable: 503 };

/** Queue errors as API errors: the right status and the backend's message. */
async function guard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof QueueError) throw new ApiError(STATUS_OF[error.code], error.message);
    if (error instanceof LeaseLostError) throw new ApiError(409, error.message);
    throw error;
  }
}

const toBase64 = (d: Uint8Array) => Buffer.from(d).toString("base64");

interface ItemBody {
  data: string;
  /** How `data` is written: utf8 (default) or base64 for arbitrary bytes. */
  encoding?: "utf8" | "base64";
  priority?: number;
  delayMs?: number;
}

/**
 * /queues — the work queues over HTTP, for workers in any language. Items travel as base64 in
 * answers (they are bytes) and as utf8 or base64 in requests.
 */
export function queueRoutes(app: Hono, ctx: ServerContext, backends: QueueBackends): void {
  const body = async <T>(c: { req: { json(): Promise<unknown> } }): Promise<T> => (await c.req.json().catch(() => ({}))) as T;

  app.get("/queues", (c) =>
    guard(async () => {
      const registry = readQueueRegistry(ctx.home);
      const items = [];
      for (const name of Object.keys(registry).sort()) items.push({ ...(await (await backends.get(name)).stats(name, ctx.clock.now())), backend: redact(registry[name]!.backend) });
      return c.json({ kind: "QueueList", items });
    }),
  );

  app.post("/queues", (c) =>
    guard(async () => {
      const b = await body<{ name?: string; backend?: string; maxAttempts?: number; maxItemBytes?: number }>(c);
      if (typeof b.name !== "string") throw new ApiError(400, "name: required");
      await createQueue(ctx.home, b.name, b.backend ?? "embedded", { maxAttempts: b.maxAttempts ?? DEFAULT_QUEUE_OPTIONS.maxAttempts, maxItemBytes: b.maxItemBytes ?? DEFAULT_QUEUE_OPTIONS.maxItemBytes });
      return c.json({ name: b.name, backend: redact(b.backend ?? "embedded") }, 201);
    }),
  );

  app.get("/queues/:name", (c) => guard(async () => c.json(await (await backends.get(c.req.param("name"))).stats(c.req.param("name"), ctx.clock.now()))));

  app.delete("/queues/:name", (c) =>
    guard(async () => {
      await backends.forget(c.req.param("name"));
      await deleteQueue(ctx.home, c.req.param("name"));
      return c.json({ kind: "Status", status: "Success" });
    }),
  );

  app.post("/queues/:name/items", (c) =>
    guard(async () => {
      const name = c.req.param("name");
      const b = await body<{ items?: ItemBody[] }>(c);
      if (!Array.isArray(b.items)) throw new ApiError(400, "items: a list of { data, encoding?, priority?, delayMs? } is required");
      const items = b.items.map((i, n) => {
        if (typeof i?.data !== "string") throw new ApiError(400, `items[${n}].data: a string is required`);
        const data = i.encoding === "base64" ? Buffer.from(i.data, "base64") : Buffer.from(i.data, "utf8");
        return { data: new Uint8Array(data), ...(i.priority === undefined ? {} : { priority: i.priority }), ...(i.delayMs === undefined ? {} : { delayMs: i.delayMs }) };
      });
      const ids = await (await backends.get(name)).push(name, items, ctx.clock.now());
      return c.json({ ids }, 201);
    }),
  );

  app.post("/queues/:name/leases", (c) =>
    guard(async () => {
      const name = c.req.param("name");
      const b = await body<{ count?: number; leaseMs?: number }>(c);
      const { items, drained } = await (await backends.get(name)).lease(name, { count: b.count ?? 1, leaseMs: b.leaseMs ?? 30_000 }, ctx.clock.now());
      return c.json({ items: items.map((i) => ({ ...i, data: toBase64(i.data) })), drained });
    }),
  );

  app.delete("/queues/:name/leases/:lease", (c) =>
    guard(async () => {
      await (await backends.get(c.req.param("name"))).ack(c.req.param("name"), c.req.param("lease"), ctx.clock.now());
      return c.body(null, 204);
    }),
  );

  app.post("/queues/:name/leases/:lease/nack", (c) =>
    guard(async () => {
      const b = await body<{ delayMs?: number }>(c);
      await (await backends.get(c.req.param("name"))).nack(c.req.param("name"), c.req.param("lease"), { delayMs: b.delayMs ?? 0 }, ctx.clock.now());
      return c.body(null, 204);
    }),
  );

  app.put("/queues/:name/leases/:lease", (c) =>
    guard(async () => {
      const b = await body<{ leaseMs?: number }>(c);
      return c.json(await (await backends.get(c.req.param("name"))).extend(c.req.param("name"), c.req.param("lease"), b.leaseMs ?? 30_000, ctx.clock.now()));
    }),
  );

  app.get("/queues/:name/peek", (c) =>
    guard(async () => {
      const items = await (await backends.get(c.req.param("name"))).peek(c.req.param("name"), Number(c.req.query("count") ?? 10), ctx.clock.now());
      return c.json({ items: items.map((i) => ({ ...i, data: toBase64(i.data) })) });
    }),
  );

  app.get("/queues/:name/dead", (c) =>
    guard(async () => {
      const items = await (await backends.get(c.req.param("name"))).dead(c.req.param("name"), Number(c.req.query("count") ?? 10));
      return c.json({ items: items.map((i) => ({ ...i, data: toBase64(i.data) })) });
    }),
  );

  app.post("/queues/:name/requeue-dead", (c) =>
    guard(async () => {
      const b = await body<{ ids?: string[] }>(c);
      return c.json({ requeued: await (await backends.get(c.req.param("name"))).requeueDead(c.req.param("name"), b.ids, ctx.clock.now()) });
    }),
  );

  app.post("/queues/:name/purge", (c) =>
    guard(async () => {
      await (await backends.get(c.req.param("name"))).purge(c.req.param("name"));
      return c.body(null, 204);
    }),
  );
}
