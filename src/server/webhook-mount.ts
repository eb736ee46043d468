import type { Hono } from "hono";
import { DEFINITIONS_RUN } from "../app/index.js";
import type { Workflow, WorkflowTemplate } from "../model/index.js";
import type { ServerContext } from "./context.js";
import { findOwn, objectOf } from "./objects.js";
import { submit } from "./submission.js";
import { webhookRoutes } from "./webhooks/index.js";

/**
 * The webhook routes with the server's store and engine behind them. A triggered workflow goes
 * through the same validation and creation as `baton submit`.
 */
export function webhookMount(ctx: ServerContext): Hono {
  return webhookRoutes({
    async findTemplate(namespace, name) {
      const row = await findOwn(ctx.store, "WorkflowTemplate", namespace, name);
      return row?.run === DEFINITIONS_RUN ? (objectOf(row) as WorkflowTemplate) : undefined;
    },
    async submit(workflow: Workflow) {
      const file = `webhook:${workflow.metadata.namespace}/${workflow.spec.workflowTemplateRef?.name ?? workflow.metadata.generateName}`;
      const [item] = await submit(ctx.store, ctx.runtime, { files: [{ file, text: JSON.stringify(workflow) }], mode: "create" }, ctx.clock.now());
      return { name: item!.name, uid: item!.uid };
    },
    secret(trigger) {
      const source = trigger.secret;
      if (source === undefined) return undefined;
      return "env" in source ? ctx.secrets.fromEnv(source.env) : ctx.secrets.fromFile(source.file);
    },
  });
}
