import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { describeObject, type WebhookTrigger, type Workflow, type WorkflowTemplate } from "../../model/index.js";
import { decideWebhook, type WebhookRequest } from "../../schedules/index.js";
import { readWebhookTrigger } from "../../spec/index.js";
import { sendError, statusBody } from "../errors.js";
import { checkSignature, SIGNATURE_HEADER } from "./webhook-signature.js";

export interface WebhookDeps {
  findTemplate(namespace: string, name: string): Promise<WorkflowTemplate | undefined>;
  /** Validates and creates the workflow; throws an ApiError (with the diagnostics) when it is invalid. */
  submit(workflow: Workflow): Promise<{ name: string; uid: string }>;
  /** The trigger's secret from the server's environment or a file; undefined when it is not there. */
  secret(trigger: WebhookTrigger): string | undefined;
}

/** GitHub delivers up to 25 MB; a trigger reads a few fields, so a larger body is refused unread. */
export const WEBHOOK_BODY_LIMIT = 1024 * 1024;

/**
 * `POST /namespaces/:namespace/webhooks/:template` (mounted under /api/v1, outside the bearer token:
 * the signature is the credential). Nothing is created unless the body's `X-Hub-Signature-256` holds
 * under the template's secret; the body is parsed only after that.
 */
export function webhookRoutes(deps: WebhookDeps): Hono {
  const app = new Hono();
  const limit = bodyLimit({
    maxSize: WEBHOOK_BODY_LIMIT,
    onError: (c) => c.json(statusBody(413, `the request body is over the webhook limit of ${WEBHOOK_BODY_LIMIT} bytes (1 MiB)`), 413),
  });
  app.post("/namespaces/:namespace/webhooks/:template", limit, async (c) => {
    try {
      return await receive(c, deps);
    } catch (error) {
      return sendError(c, error);
    }
  });
  return app;
}

async function receive(c: Context, deps: WebhookDeps): Promise<Response> {
  const namespace = c.req.param("namespace") ?? "";
  const name = c.req.param("template") ?? "";
  const what = describeObject({ kind: "WorkflowTemplate", namespace, name });
  const template = await deps.findTemplate(namespace, name);
  if (template === undefined) return fail(c, 404, `${what} not found`);
  const { trigger, problems } = readWebhookTrigger(template.metadata.annotations);
  if (trigger === undefined) {
    const why = problems.length === 0 ? "it has no baton.dev/webhook annotation" : `its annotations are invalid: ${problems.map((p) => `${p.annotation}: ${p.message}`).join("; ")}`;
    return fail(c, 404, `${what} takes no webhook: ${why}`);
  }
  const secret = deps.secret(trigger);
  if (secret === undefined || secret === "") {
    const source = "env" in trigger.secret ? `environment variable ${trigger.secret.env}` : `file ${trigger.secret.file}`;
    return fail(c, 500, `the webhook of ${what} has no secret on this server (${source} is not set or empty); nothing was changed`);
  }
  const signature = c.req.header(SIGNATURE_HEADER);
  if (signature === undefined) return fail(c, 401, `missing ${SIGNATURE_HEADER} header: sign the body with the webhook's secret (sha256=<hex HMAC-SHA256>); nothing was changed`);
  // Decoded as octokit's own middleware does; a body that is not UTF-8 then fails the signature.
  const text = new TextDecoder().decode(await c.req.arrayBuffer());
  if (text === "") return fail(c, 400, "the request body is empty: a webhook delivery is a JSON document ('{}' at least)");
  if (!(await checkSignature(secret, text, signature))) {
    return fail(c, 401, `${SIGNATURE_HEADER} does not match the body under the webhook's secret; nothing was changed`);
  }
  const body = payloadOf(text, c.req.header("content-type"));
  if (body === undefined) return fail(c, 400, `a form-encoded delivery carries its JSON in a "payload" field; this one has none`);
  const request: WebhookRequest = { headers: Object.fromEntries(c.req.raw.headers), query: c.req.query(), body };
  const decision = decideWebhook(template, trigger, request);
  if (decision.type === "Ignored") return c.json({ message: `ignored: ${decision.reason}`, ignored: decision.reason }, 200);
  if (decision.type === "Rejected") return fail(c, 400, `${decision.message}; nothing was changed`);
  const created = await deps.submit(decision.workflow);
  const workflow = describeObject({ kind: "Workflow", namespace, name: created.name });
  return c.json({ message: `submitted ${workflow} from ${what}`, namespace, name: created.name, uid: created.uid }, 202);
}

/** GitHub's "application/x-www-form-urlencoded" content type sends the JSON as the form field `payload`. */
function payloadOf(text: string, contentType: string | undefined): string | undefined {
  if (!contentType?.toLowerCase().startsWith("application/x-www-form-urlencoded")) return text;
  return new URLSearchParams(text).get("payload") ?? undefined;
}

function fail(c: Context, status: 400 | 401 | 404 | 500, message: string): Response {
  return c.json(statusBody(status, message), status);
}
