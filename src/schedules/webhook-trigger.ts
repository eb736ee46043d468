import { Kinds, WebhookFlavour, type Parameter, type WebhookTrigger, type Workflow, type WorkflowTemplate } from "../model/index.js";
import { whyIgnored } from "./webhook-match.js";
import { webhookParameters, type WebhookRequest } from "./webhook-parameters.js";

export type { WebhookRequest } from "./webhook-parameters.js";

/**
 * What a verified webhook request does to a WorkflowTemplate that declares a trigger (its annotations are
 * read by spec's readWebhookTrigger): submit one Workflow, ignore the request and say why, or reject it
 * as something no workflow can be made of. The signature is the server's to check, before this.
 */
export type WebhookDecision =
  | { type: "Submit"; workflow: Workflow }
  | { type: "Ignored"; reason: string }
  | { type: "Rejected"; message: string };

/** The labels on a workflow a webhook made, to find it again (`baton get workflows -l …`). */
export const WebhookLabel = {
  /** Argo's own label, as `argo submit --from workflowtemplate/<name>` sets it. */
  workflowTemplate: "workflows.argoproj.io/workflow-template",
  /** The flavour of the trigger: github or generic. */
  trigger: "baton.dev/webhook",
  /** GitHub's `X-GitHub-Event`. */
  event: "baton.dev/webhook-event",
  /** GitHub's `X-GitHub-Delivery`, the id GitHub's "Recent deliveries" page shows. */
  delivery: "baton.dev/webhook-delivery",
} as const;

export const GitHubHeader = {
  event: "x-github-event",
  delivery: "x-github-delivery",
} as const;

export function decideWebhook(template: WorkflowTemplate, trigger: WebhookTrigger, request: WebhookRequest): WebhookDecision {
  let payload: unknown;
  try {
    payload = JSON.parse(request.body) as unknown;
  } catch (error) {
    return { type: "Rejected", message: `the request body is not JSON: ${(error as Error).message}` };
  }
  const event = request.headers[GitHubHeader.event];
  if (trigger.flavour === WebhookFlavour.GitHub) {
    if (event === undefined || event === "") return { type: "Rejected", message: `a GitHub delivery has an "X-GitHub-Event" header; this request has none` };
    if (event === "ping") return { type: "Ignored", reason: "ping: GitHub's test delivery arrived; pings never submit a workflow" };
    const reason = whyIgnored(trigger, event, payload);
    if (reason !== undefined) return { type: "Ignored", reason };
  }
  const { parameters, problems } = webhookParameters(template, trigger, request);
  if (problems.length > 0) return { type: "Rejected", message: problems.join("; ") };
  return { type: "Submit", workflow: webhookWorkflow(template, trigger, parameters, request.headers) };
}

/**
 * The Workflow a trigger submits, as Argo's `argo submit --from workflowtemplate/<name>` makes it: named
 * `<template>-<suffix>` by generateName, running the template through `workflowTemplateRef`, with the
 * request's values as arguments (the template's own arguments fill in the rest at submission).
 */
export function webhookWorkflow(
  template: WorkflowTemplate,
  trigger: WebhookTrigger,
  parameters: Parameter[],
  headers: Readonly<Record<string, string>> = {},
): Workflow {
  const labels: Record<string, string> = { [WebhookLabel.trigger]: trigger.flavour };
  const candidates = {
    [WebhookLabel.workflowTemplate]: template.metadata.name,
    [WebhookLabel.event]: trigger.flavour === WebhookFlavour.GitHub ? headers[GitHubHeader.event] : undefined,
    [WebhookLabel.delivery]: headers[GitHubHeader.delivery],
  };
  for (const [key, value] of Object.entries(candidates)) if (value !== undefined && isLabelValue(value)) labels[key] = value;
  return {
    ...Kinds.Workflow,
    metadata: {
      name: "",
      generateName: `${template.metadata.name}-`,
      namespace: template.metadata.namespace,
      uid: "",
      labels,
      annotations: {},
    },
    spec: { entrypoint: "", arguments: { parameters }, templates: [], workflowTemplateRef: { name: template.metadata.name } },
    status: { phase: "", nodes: {} },
  };
}

/** Kubernetes' label values: at most 63 characters, alphanumeric at both ends, `-`, `_` and `.` between. */
function isLabelValue(value: string): boolean {
  return value.length <= 63 && /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(value);
}
