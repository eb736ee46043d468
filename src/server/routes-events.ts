import type { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import type { ClusterEvent, StoredEvent } from "../model/index.js";
import type { ServerContext } from "./context.js";
import { findObjects, objectOf } from "./objects.js";
import { KIND_BY_PLURAL } from "./kinds.js";
import type { Subscriptions, WatchEvent } from "./subscriptions.js";

const HEARTBEAT_MS = 15_000;
const PAGE = 1000;

interface EventFilter {
  namespace?: string;
  kind?: string;
  name?: string;
}

function matchesEvent(e: ClusterEvent, f: EventFilter): boolean {
  const o = e.involvedObject;
  return (f.namespace === undefined || o.namespace === f.namespace) && (f.kind === undefined || o.kind === f.kind) && (f.name === undefined || o.name === f.name);
}

/**
 * GET /events — the Kubernetes-shaped events the engine recorded. As JSON, the recorded ones;
 * with `watch=true`, a live SSE stream whose ids are the store's: a client that reconnects with
 * `Last-Event-ID` (or `?after=`) gets every event it missed, none twice.
 * GET /watch — changes of objects as they are committed (kubectl's watch: ADDED for what exists
 * at the start, then MODIFIED and DELETED), filtered by kinds, namespace and owner uids.
 */
export function eventRoutes(app: Hono, ctx: ServerContext, subs: Subscriptions): void {
  app.get("/events", async (c) => {
    const q = c.req.query();
    const filter: EventFilter = { ...(q.namespace ? { namespace: q.namespace } : {}), ...(q.kind ? { kind: q.kind } : {}), ...(q.name ? { name: q.name } : {}) };
    const after = Number(c.req.header("last-event-id") ?? q.after ?? 0) || 0;
    if (q.watch !== "true") {
      const events: StoredEvent[] = [];
      for (let page = await ctx.store.readEvents({ after, limit: PAGE }); page.length > 0; page = await ctx.store.readEvents({ after: page.at(-1)!.id, limit: PAGE })) {
        events.push(...page.filter((e) => matchesEvent(e.event, filter)));
      }
      return c.json({ apiVersion: "v1", kind: "EventList", items: events.map((e) => ({ ...e.event, id: e.id })) });
    }
    return streamSSE(c, async (sse) => {
      // Listen first and hold live events back, then replay the store: nothing falls in between.
      const held: { event: ClusterEvent; id: number }[] = [];
      let replaying = true;
      let last = after;
      const send = async (event: ClusterEvent, id: number) => {
        if (id <= last) return;
        last = id;
        if (matchesEvent(event, filter)) await sse.writeSSE({ id: String(id), event: "event", data: JSON.stringify(event) });
      };
      const unsubscribe = subs.onEvent((event, id) => {
        if (replaying) held.push({ event, id });
        else void send(event, id);
      });
      sse.onAbort(unsubscribe);
      if (q.after !== undefined || c.req.header("last-event-id") !== undefined) {
        for (let page = await ctx.store.readEvents({ after, limit: PAGE }); page.length > 0; page = await ctx.store.readEvents({ after: page.at(-1)!.id, limit: PAGE })) {
          for (const e of page) await send(e.event, e.id);
        }
      }
      for (const h of held.splice(0)) await send(h.event, h.id);
      replaying = false;
      await keepAlive(sse, unsubscribe);
    });
  });

  app.get("/watch", async (c) => {
    const q = c.req.query();
    const kinds = q.kinds ? q.kinds.split(",").map((k) => KIND_BY_PLURAL[k] ?? k) : undefined;
    const owners = q.owners ? new Set(q.owners.split(",")) : undefined;
    const matches = (w: WatchEvent): boolean => {
      const o = w.object;
      if (kinds && !kinds.includes(o.kind ?? "")) return false;
      if (q.namespace && o.metadata.namespace !== q.namespace) return false;
      if (!owners) return true;
      const refs = (o.metadata as { ownerReferences?: { uid: string }[] }).ownerReferences ?? [];
      return owners.has(o.metadata.uid) || (w.workflow !== undefined && owners.has(w.workflow)) || refs.some((r) => owners.has(r.uid));
    };
    // A DELETED carries the object's last state, and a filtered stream hears of the deletions its
    // filter matches, as a Kubernetes watch does — and of those of objects it was told about (one
    // made and deleted within a tick was never stored, so its DELETED carries only the uid).
    const shown = kinds || q.namespace || owners ? new Set<string>() : undefined;
    const wanted = (w: WatchEvent): boolean => {
      const uid = w.object.metadata.uid;
      if (w.type === "DELETED") {
        const told = shown === undefined || shown.delete(uid) || (owners?.has(uid) ?? false);
        return told || (w.object.kind !== undefined && matches(w));
      }
      if (!matches(w)) return false;
      shown?.add(uid);
      return true;
    };
    return streamSSE(c, async (sse) => {
      const held: WatchEvent[] = [];
      let listing = true;
      const entries = q.entries === "true";
      const send = (w: WatchEvent) => sse.writeSSE({ event: "watch", data: JSON.stringify(entries ? w : { ...w, entry: undefined }) });
      const unsubscribe = subs.onWatch((w) => {
        // Held whole while listing, and decided after it: a deletion is wanted if its object was listed.
        if (listing) held.push(w);
        else if (wanted(w)) void send(w);
      });
      sse.onAbort(unsubscribe);
      for (const kind of kinds ?? []) {
        if (kind === "WorkflowNode") continue;
        for (const row of await findObjects(ctx.store, { kind, ...(q.namespace ? { namespace: q.namespace } : {}) })) {
          const w: WatchEvent = { type: "ADDED", object: objectOf(row) as unknown as WatchEvent["object"], entry: row.body as WatchEvent["entry"] };
          if (wanted(w)) await send(w);
        }
      }
      await sse.writeSSE({ event: "synced", data: "{}" });
      listing = false;
      for (const w of held.splice(0)) if (wanted(w)) await send(w);
      await keepAlive(sse, unsubscribe);
    });
  });
}

async function keepAlive(sse: { sleep(ms: number): Promise<unknown>; writeSSE(m: { event: string; data: string }): Promise<void>; aborted: boolean }, unsubscribe: () => void): Promise<void> {
  try {
    while (!sse.aborted) {
      await sse.sleep(HEARTBEAT_MS);
      if (!sse.aborted) await sse.writeSSE({ event: "heartbeat", data: "{}" });
    }
  } finally {
    unsubscribe();
  }
}
