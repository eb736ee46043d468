import { parse } from "yaml";
import {
  BatonAnnotation as A,
  WebhookFlavour,
  type WebhookParameter,
  type WebhookSecretSource,
  type WebhookTrigger,
} from "../model/index.js";
import type { FieldPath } from "./field-path.js";
import type { IssueList } from "./issue.js";
import { checkParameterName } from "./kinds/workflow-names.js";
import { message, quote } from "./messages.js";

/**
 * The `baton.dev/webhook*` annotations of a WorkflowTemplate, read as one declaration: here for `baton
 * lint` and submission (validateWebhookAnnotations) and for the server (readWebhookTrigger), so both
 * read them by the same rules.
 */

export interface WebhookAnnotationProblem {
  annotation: string;
  severity: "error" | "warning";
  message: string;
}

type Report = (annotation: string, text: string, severity?: "error" | "warning") => void;
/** What a check finds wrong with one item of a list; a warning does not stop the trigger. */
type Finding = { message: string; severity: "error" | "warning" } | undefined;

const optionalKeys = [A.webhookSecretEnv, A.webhookSecretFile, A.webhookEvents, A.webhookBranches, A.webhookParameters];
const flavours: readonly string[] = Object.values(WebhookFlavour);
const envName = /^[A-Za-z_][A-Za-z0-9_]*$/;
const eventName = /^[a-z_]+(\.[a-z_]+)?$/;
// GitHub Actions' branch filters, less `?`, `+`, `[…]` and `!`: `*` stops at "/", `**` does not.
const branchPattern = /^[^\s~^:?[\\!]+$/;
const step = String.raw`(?:\.[A-Za-z0-9_-]+|\.\*|\[\s*(?:-?\d+|\*|'[^']*'|"[^"]*")\s*\])`;
const bodyPath = new RegExp(`^body(${step}*)$`);
const namedValue = /^(headers|query)(?:\.([A-Za-z0-9_-]+)|\[\s*(?:'([^']*)'|"([^"]*)")\s*\])$/;

export function isWebhookAnnotation(key: string): boolean {
  return key === A.webhook || (optionalKeys as readonly string[]).includes(key);
}

/** The trigger the annotations declare; undefined without `baton.dev/webhook` or with any error. */
export function readWebhookTrigger(annotations: Readonly<Record<string, string>>): { trigger?: WebhookTrigger; problems: WebhookAnnotationProblem[] } {
  const problems: WebhookAnnotationProblem[] = [];
  const report: Report = (annotation, text, severity = "error") => problems.push({ annotation, severity, message: text });
  const declared = annotations[A.webhook];
  if (declared === undefined) {
    for (const key of optionalKeys.filter((k) => annotations[k] !== undefined)) report(key, `has no effect without "${A.webhook}"`, "warning");
    return { problems };
  }
  const flavour = declared.trim();
  if (!flavours.includes(flavour)) report(A.webhook, message.unsupported(declared, flavours));
  const secret = readSecret(annotations, report);
  const events = readList(annotations, A.webhookEvents, report, checkEvent);
  const branches = readList(annotations, A.webhookBranches, report, checkBranch);
  if (flavour === WebhookFlavour.Generic) {
    for (const key of [A.webhookEvents, A.webhookBranches].filter((k) => annotations[k] !== undefined)) {
      report(key, `only a "github" webhook filters events and branches; a "generic" one takes every request`);
    }
  }
  const parameters = readParameters(annotations[A.webhookParameters], report);
  if (secret === undefined || problems.some((p) => p.severity === "error")) return { problems };
  return { trigger: { flavour: flavour as WebhookFlavour, secret, events, branches, parameters }, problems };
}

/** Reports the problems of a resource's webhook annotations at the annotation they are in. */
export function validateWebhookAnnotations(annotations: Readonly<Record<string, string>>, path: FieldPath, issues: IssueList): void {
  for (const problem of readWebhookTrigger(annotations).problems) {
    const at = [...path, problem.annotation];
    if (problem.severity === "error") issues.error(at, problem.message);
    else issues.warning(at, problem.message);
  }
}

function readSecret(annotations: Readonly<Record<string, string>>, report: Report): WebhookSecretSource | undefined {
  const env = annotations[A.webhookSecretEnv]?.trim();
  const file = annotations[A.webhookSecretFile]?.trim();
  if (env !== undefined && file !== undefined) {
    report(A.webhookSecretFile, `set "${A.webhookSecretEnv}" or "${A.webhookSecretFile}", not both`);
    return undefined;
  }
  if (env !== undefined) {
    if (envName.test(env)) return { env };
    report(A.webhookSecretEnv, message.invalid(env, "must be an environment variable's name, such as GITHUB_WEBHOOK_SECRET"));
  } else if (file !== undefined) {
    if (file !== "") return { file };
    report(A.webhookSecretFile, message.required("the path of a file that holds the secret"));
  } else {
    report(A.webhook, message.required(`a webhook needs a secret to check signatures with: set "${A.webhookSecretEnv}" or "${A.webhookSecretFile}"`));
  }
  return undefined;
}

function readList(annotations: Readonly<Record<string, string>>, key: string, report: Report, check: (item: string) => Finding): string[] {
  const value = annotations[key];
  if (value === undefined) return [];
  const items = value.split(",").map((item) => item.trim());
  if (items.some((item) => item === "")) report(key, message.invalid(value, "must be a comma-separated list, none of its items empty"));
  for (const item of items.filter((i) => i !== "")) {
    const finding = check(item);
    if (finding !== undefined) report(key, finding.message, finding.severity);
  }
  return [...new Set(items.filter((i) => i !== ""))];
}

function checkEvent(event: string): Finding {
  if (event === "ping") return { severity: "warning", message: `"ping" need not be listed: a ping is always answered, and never submits a workflow` };
  if (eventName.test(event)) return undefined;
  const detail = `must be a GitHub event name such as "push", or an event and its action such as "pull_request.opened"`;
  return { severity: "error", message: message.invalid(event, detail) };
}

function checkBranch(pattern: string): Finding {
  if (pattern.startsWith("refs/")) {
    return { severity: "error", message: message.invalid(pattern, `write the branch's name ("main"), not its ref ("refs/heads/main")`) };
  }
  if (branchPattern.test(pattern)) return undefined;
  const detail = `must be a branch name, where "*" matches within one "/"-separated part and "**" across them`;
  return { severity: "error", message: message.invalid(pattern, detail) };
}

/** `name: source` lines, as a YAML map: `revision: body.after`, `event: headers.X-GitHub-Event`, `ref: query.ref`. */
function readParameters(text: string | undefined, report: Report): WebhookParameter[] {
  if (text === undefined || text.trim() === "") return [];
  const at = A.webhookParameters;
  let map: unknown;
  try {
    map = parse(text);
  } catch (error) {
    report(at, `must be YAML lines "parameter: source": ${(error as Error).message.split("\n")[0] ?? ""}`);
    return [];
  }
  if (map === null || typeof map !== "object" || Array.isArray(map)) {
    report(at, message.invalid(text.trim(), `must be lines "parameter: source", such as "revision: body.after"`));
    return [];
  }
  const parameters: WebhookParameter[] = [];
  for (const [name, expression] of Object.entries(map)) {
    for (const problem of checkParameterName(name)) report(at, `parameter ${quote(name)}: ${problem}`);
    const source = typeof expression === "string" ? readSource(expression.trim()) : undefined;
    if (source === undefined) {
      report(at, `parameter ${quote(name)}: ${message.invalid(expression, "must be body, body.<path>, headers.<name> or query.<name>, such as body.repository.full_name")}`);
    } else {
      parameters.push({ name, ...source });
    }
  }
  return parameters;
}

function readSource(expression: string): Omit<WebhookParameter, "name"> | undefined {
  const body = bodyPath.exec(expression);
  if (body) return { from: "body", path: `$${body[1] ?? ""}`, expression };
  const named = namedValue.exec(expression);
  if (!named) return undefined;
  const from = named[1] === "headers" ? "headers" : "query";
  const name = named[2] ?? named[3] ?? named[4] ?? "";
  if (name === "") return undefined;
  return { from, path: from === "headers" ? name.toLowerCase() : name, expression };
}
