import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { ServerContext } from "./context.js";
import { ApiError, sendError, statusBody } from "./errors.js";
import { requireToken } from "./auth.js";
import { resourceRoutes } from "./routes-resources.js";
import { commandRoutes } from "./routes-commands.js";
import { logRoutes } from "./routes-logs.js";
import { outputRoutes, OutputFeed } from "./routes-output.js";
import { eventRoutes } from "./routes-events.js";
import { submissionRoutes } from "./routes-submissions.js";
import { webhookMount } from "./webhook-mount.js";
import type { Subscriptions } from "./subscriptions.js";
import { queueRoutes } from "./routes-queues.js";
import { QueueBackends } from "./queue-backends.js";

/**
 * The HTTP API, versioned under /api/v1 with Kubernetes-like paths. Health answers anyone;
 * webhooks authenticate by their signature; everything else needs the bearer token.
 */
export function createApi(ctx: ServerContext, subs: Subscriptions, feed: OutputFeed = new OutputFeed(ctx.executor), queues = new QueueBackends(ctx.home)): Hono {
  const app = new Hono();
  app.onError((error, c) => (ctx.runtime.failed && !(error instanceof ApiError) ? c.json(statusBody(503, stoppedMessage(ctx)), 503) : sendError(c, error)));
  app.notFound((c) => c.json(statusBody(404, `no route ${c.req.method} ${c.req.path}`), 404));
  app.get("/healthz", (c) => (ctx.runtime.failed ? c.json({ status: "failing", message: stoppedMessage(ctx) }, 503) : c.json({ status: "ok" })));
  app.use(
    "/api/*",
    bodyLimit({
      maxSize: ctx.maxBodyBytes,
      onError: (c) => c.json(statusBody(413, `the request body is larger than this server accepts (${ctx.maxBodyBytes} bytes; see baton server --max-body)`), 413),
    }),
  );
  app.route("/api/v1", webhookMount(ctx));
  app.use("/api/*", requireToken(ctx.token));
  app.use("/api/*", async (c, next) => {
    // Reads are served from what was committed; a change needs an engine that can still commit.
    if (ctx.runtime.failed && c.req.method !== "GET") return c.json(statusBody(503, stoppedMessage(ctx)), 503);
    await next();
  });
  const v1 = new Hono();
  submissionRoutes(v1, ctx);
  eventRoutes(v1, ctx, subs);
  logRoutes(v1, ctx);
  outputRoutes(v1, ctx, feed);
  commandRoutes(v1, ctx);
  queueRoutes(v1, ctx, queues);
  resourceRoutes(v1, ctx);
  app.route("/api/v1", v1);
  return app;
}

/** Why the engine stopped (the store refused a commit), and what the user can count on. */
function stoppedMessage(ctx: ServerContext): string {
  const failed = ctx.runtime.failed!;
  const causes: string[] = [];
  for (let e: unknown = failed.cause; e instanceof Error; e = e.cause) causes.push(e.message);
  return `the engine stopped: ${[failed.message, ...causes].join(": ")}; everything committed before is kept — free space (or make the store writable) and restart the server`;
}
