import { ExprError, jsonpath } from "../expr/index.js";
import type { Parameter, WebhookParameter, WebhookTrigger, WorkflowTemplate } from "../model/index.js";

/** What a webhook reads from a request: header names in lowercase, query parameters, the JSON text of the body. */
export interface WebhookRequest {
  headers: Readonly<Record<string, string>>;
  query: Readonly<Record<string, string>>;
  /** The verified JSON payload as text (for a form-encoded GitHub delivery, its `payload` field). */
  body: string;
}

/**
 * The workflow arguments a request gives, by `baton.dev/webhook-parameters`. A value the request lacks
 * is left to the WorkflowTemplate's own `spec.arguments` (Argo's default); without one, it is a problem,
 * and every such problem is returned at once.
 */
export function webhookParameters(
  template: WorkflowTemplate,
  trigger: WebhookTrigger,
  request: WebhookRequest,
): { parameters: Parameter[]; problems: string[] } {
  const parameters: Parameter[] = [];
  const problems: string[] = [];
  for (const wanted of trigger.parameters) {
    const found = valueOf(wanted, request);
    if ("value" in found) {
      parameters.push({ name: wanted.name, value: found.value });
    } else if (!hasDefault(template, wanted.name)) {
      problems.push(
        `parameter "${wanted.name}": the request has no ${wanted.expression} (${found.missing}), ` +
          `and WorkflowTemplate "${template.metadata.name}" gives it no default value`,
      );
    }
  }
  return { parameters, problems };
}

function valueOf(wanted: WebhookParameter, request: WebhookRequest): { value: string } | { missing: string } {
  if (wanted.from === "headers") return present(request.headers[wanted.path], `no header "${wanted.path}"`);
  if (wanted.from === "query") return present(request.query[wanted.path], `no query parameter "${wanted.path}"`);
  try {
    return present(jsonpath(request.body, wanted.path), "it is null");
  } catch (error) {
    if (!(error instanceof ExprError)) throw error;
    return { missing: error.message.replace(/^.*finds nothing: /, "") };
  }
}

/** Parameter values are strings, as in Argo: numbers and booleans as written, objects and lists as JSON. */
function present(value: unknown, missing: string): { value: string } | { missing: string } {
  if (value === undefined || value === null) return { missing };
  return { value: typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value) };
}

function hasDefault(template: WorkflowTemplate, name: string): boolean {
  const declared = template.spec.arguments.parameters.find((p) => p.name === name);
  return declared !== undefined && (declared.value !== undefined || declared.default !== undefined);
}
