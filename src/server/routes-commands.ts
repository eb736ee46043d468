import type { Hono } from "hono";
import { materialize } from "../app/index.js";
import type { Resource, Workflow, WorkflowCommand } from "../model/index.js";
import type { ServerContext } from "./context.js";
import { ApiError } from "./errors.js";
import { findOwn, objectOf } from "./objects.js";
import { kindOf } from "./routes-resources.js";

const WORKFLOW_VERBS = ["suspend", "resume", "stop", "terminate", "retry", "resubmit"] as const;

/**
 * PUT /namespaces/:ns/:plural/:name/:verb — Argo's workflow commands (its API has the same
 * shape), and suspend/resume of Jobs, CronJobs and CronWorkflows (spec.suspend).
 */
export function commandRoutes(app: Hono, ctx: ServerContext): void {
  app.put("/namespaces/:ns/:plural/:name/:verb", async (c) => {
    const { ns, name, verb } = c.req.param();
    const kind = kindOf(c.req.param("plural"));
    const row = await findOwn(ctx.store, kind, ns, name);
    if (!row) throw new ApiError(404, `${kind.toLowerCase()}s "${name}" not found in namespace "${ns}"`);
    const body = (await c.req.json().catch(() => ({}))) as { node?: unknown; message?: unknown };
    const node = typeof body.node === "string" && body.node !== "" ? body.node : undefined;
    const object = objectOf(row);
    if (kind === "Workflow") {
      if (!(WORKFLOW_VERBS as readonly string[]).includes(verb)) throw new ApiError(400, `a workflow takes ${WORKFLOW_VERBS.join(", ")} (got "${verb}")`);
      if (verb === "resubmit") return c.json(await resubmit(ctx, object as Workflow), 201);
      const command = workflowCommand(verb, node, typeof body.message === "string" ? body.message : undefined);
      await ctx.runtime.request({ type: "WorkflowCommand", uid: row.uid, command });
      return c.json({ kind, namespace: ns, name, uid: row.uid, verb });
    }
    if (verb !== "suspend" && verb !== "resume") throw new ApiError(400, `a ${kind} can be suspended or resumed (got "${verb}")`);
    const suspend = verb === "suspend";
    if (kind === "Job") await ctx.runtime.request({ type: "SuspendChanged", uid: row.uid, suspend });
    else if (kind === "CronJob" || kind === "CronWorkflow") {
      const spec = (object as unknown as { spec: Record<string, unknown> }).spec;
      await ctx.runtime.request({ type: "Updated", resource: { ...object, spec: { ...spec, suspend } } as Resource });
    } else throw new ApiError(400, `a ${kind} cannot be suspended`);
    return c.json({ kind, namespace: ns, name, uid: row.uid, verb });
  });
}

function workflowCommand(verb: string, node: string | undefined, message: string | undefined): WorkflowCommand {
  if (verb === "suspend") return { verb };
  if (verb === "terminate") return { verb };
  if (verb === "stop") return { verb, ...(message === undefined ? {} : { message }) };
  if (verb === "resume") return { verb, ...(node === undefined ? {} : { node }) };
  return { verb: "retry", ...(node === undefined ? {} : { node }) };
}

/** Argo's resubmit: a new workflow from the same spec, named after the old one. */
async function resubmit(ctx: ServerContext, old: Workflow) {
  const { name, namespace, labels, annotations } = old.metadata;
  const fresh: Workflow = {
    apiVersion: old.apiVersion,
    kind: "Workflow",
    metadata: { name: "", generateName: `${name}-`, namespace, uid: "", labels: { ...labels, "workflows.argoproj.io/resubmitted-from-workflow": name }, annotations },
    spec: structuredClone(old.spec),
    status: { phase: "", nodes: {} },
  };
  const [created] = materialize([fresh], ctx.clock.now());
  await ctx.runtime.submitted([created!]);
  return { kind: "Workflow", namespace, name: created!.metadata.name, uid: created!.metadata.uid, verb: "resubmit" };
}
