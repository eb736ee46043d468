import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { ServerContext } from "./context.js";
import { sendError, statusBody } from "./errors.js";
import { requireToken } from "./auth.js";
import { resourceRoutes } from "./routes-resources.js";
import { commandRoutes } from "./routes-commands.js";
import { logRoutes } from "./routes-logs.js";
import { outputRoutes, OutputFeed } from "./routes-output.js";
import { eventRoutes } from "./routes-events.js";
import { submissionRoutes } from "./routes-submissions.js";
import { webhookMount } from "./webhook-mount.js";
import type { Subscriptions } from "./subscriptions.js";

/**
 * The HTTP API, versioned under /api/v1 with Kubernetes-like paths. Health answers anyone;
 * webhooks authenticate by their signature; everything else needs the bearer token.
 */
export function createApi(ctx: ServerContext, subs: Subscriptions, feed: OutputFeed = new OutputFeed(ctx.executor)): Hono {
  const app = new Hono();
  app.onError((error, c) => sendError(c, error));
  app.notFound((c) => c.json(statusBody(404, `no route ${c.req.method} ${c.req.path}`), 404));
  app.get("/healthz", (c) => {
    const failed = ctx.runtime.failed;
    if (!failed) return c.json({ status: "ok" });
    const cause = failed.cause instanceof Error ? `: ${failed.cause.message}` : "";
    return c.json({ status: "failing", message: failed.message + cause }, 503);
  });
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
    const failed = ctx.runtime.failed;
    if (failed && c.req.method !== "GET") {
      const cause = failed.cause instanceof Error ? `: ${failed.cause.message}` : "";
      return c.json(statusBody(503, `the engine stopped: ${failed.message}${cause}; what was committed is kept, restart the server once the store can be written`), 503);
    }
    await next();
  });
  const v1 = new Hono();
  submissionRoutes(v1, ctx);
  eventRoutes(v1, ctx, subs);
  logRoutes(v1, ctx);
  outputRoutes(v1, ctx, feed);
  commandRoutes(v1, ctx);
  resourceRoutes(v1, ctx);
  app.route("/api/v1", v1);
  return app;
}
