import type { Hono } from "hono";
import type { ServerContext } from "./context.js";
import { ApiError } from "./errors.js";
import { submit, type SubmitRequest } from "./submission.js";

/**
 * POST /submissions: files as text, validated here exactly as `baton run` validates them, so
 * errors name the client's file, line and field. Submissions run side by side and share the
 * engine's commits; `submit` makes sure two of one new name cannot both create it.
 */
export function submissionRoutes(app: Hono, ctx: ServerContext): void {
  app.post("/submissions", async (c) => {
    const request = parseRequest(await c.req.json().catch(() => undefined));
    const items = await submit(ctx.store, ctx.runtime, request, ctx.clock.now());
    const created = items.some((i) => i.action === "created");
    return c.json({ items }, created ? 201 : 200);
  });
}

function parseRequest(body: unknown): SubmitRequest {
  const b = body as Partial<SubmitRequest> | undefined;
  if (!b || typeof b !== "object") throw new ApiError(400, "the body must be JSON: { files: [{ file, text }], mode: \"apply\" | \"create\", parameters? }");
  if (!Array.isArray(b.files) || b.files.length === 0 || !b.files.every((f) => f && typeof f.file === "string" && typeof (f as { text?: unknown }).text === "string")) {
    throw new ApiError(400, "files: a non-empty list of { file, text } is required");
  }
  if (b.mode !== "apply" && b.mode !== "create" && b.mode !== "run") throw new ApiError(400, `mode: must be "apply", "create" or "run" (got ${JSON.stringify(b.mode)})`);
  const parameters = b.parameters ?? {};
  if (typeof parameters !== "object" || Object.values(parameters).some((v) => typeof v !== "string")) throw new ApiError(400, "parameters: a map of names to string values");
  return { files: b.files, mode: b.mode, parameters };
}
