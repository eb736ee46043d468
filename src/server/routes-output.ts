import type { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import type { ContainerOutput, Executor } from "../model/index.js";
import type { ServerContext } from "./context.js";

type OutputSink = (message: { event: "output" | "exited"; data: unknown; podUid: string }) => void;

/** Fans the executor's live output (and container ends, which flush partial lines) to open streams. */
export class OutputFeed {
  private readonly sinks = new Set<OutputSink>();

  constructor(executor: Executor) {
    executor.onOutput((o: ContainerOutput) => {
      for (const s of this.sinks) s({ event: "output", data: o, podUid: o.podUid });
    });
    executor.onReport((r) => {
      if (r.type !== "ContainerExited") return;
      const data = { podUid: r.podUid, container: r.container, attempt: r.attempt };
      for (const s of this.sinks) s({ event: "exited", data, podUid: r.podUid });
    });
  }

  subscribe(sink: OutputSink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }
}

/**
 * GET /output?owners=uid,… — the live output of the containers of the pods those resources own
 * (of every pod without `owners`),
 * line by line as the executor reads it (what `baton run` prints while it watches a server's run).
 * Earlier output is in the logs (`/namespaces/:ns/pods/:name/log`).
 */
export function outputRoutes(app: Hono, ctx: ServerContext, feed: OutputFeed): void {
  app.get("/output", (c) => {
    const owners = new Set((c.req.query("owners") ?? "").split(",").filter((s) => s !== ""));
    const ownerOf = (podUid: string): string | undefined => {
      const e = ctx.runtime.state.get(podUid);
      return e?.kind === "Pod" ? (e.pod.owner ?? podUid) : undefined;
    };
    return streamSSE(c, async (sse) => {
      const unsubscribe = feed.subscribe((m) => {
        const owner = ownerOf(m.podUid);
        if (owners.size === 0 || (owner !== undefined && (owners.has(owner) || owners.has(m.podUid)))) void sse.writeSSE({ event: m.event, data: JSON.stringify(m.data) });
      });
      sse.onAbort(unsubscribe);
      // Tells the client it is listening: what it submits now, it sees all output of.
      await sse.writeSSE({ event: "synced", data: "{}" });
      try {
        while (!sse.aborted) await sse.sleep(15_000).then(() => (sse.aborted ? undefined : sse.writeSSE({ event: "heartbeat", data: "{}" })));
      } finally {
        unsubscribe();
      }
    });
  });
}
