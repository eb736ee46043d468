import { BatonAnnotation } from "../model/index.js";
import { parseDuration } from "./duration.js";
import type { FieldPath } from "./field-path.js";
import type { IssueList } from "./issue.js";
import { message, quoteList } from "./messages.js";
import { checkDNS1123Subdomain } from "./names.js";
import { isWebhookAnnotation, validateWebhookAnnotations } from "./webhook-annotations.js";

/** The names in a `baton.dev/depends-on` value: comma-separated, blanks around them ignored. */
export function parseDependsOn(value: string): string[] {
  const names = value.split(",").map((name) => name.trim()).filter((name) => name !== "");
  return [...new Set(names)];
}

const known: readonly string[] = Object.values(BatonAnnotation);

/** Syntax of Baton's own annotations; whether depended-on resources exist is the plan's question. */
export function validateBatonAnnotations(annotations: Record<string, string>, path: FieldPath, issues: IssueList): void {
  for (const [key, value] of Object.entries(annotations)) {
    const at = [...path, key];
    if (key === BatonAnnotation.dependsOn) validateDependsOn(value, at, issues);
    else if (key === BatonAnnotation.backoffBase) validateBackoffBase(value, at, issues);
    else if (key === BatonAnnotation.workQueue) validateQueueName(value, at, issues);
    else if (key === BatonAnnotation.containerDependencies || key === BatonAnnotation.containerRetries) continue; // with the containers: container-graph.ts
    else if (key.startsWith("baton.dev/") && !isWebhookAnnotation(key)) {
      issues.warning(at, `unknown Baton annotation "${key}"; Baton knows ${quoteList(known)}`, "key");
    }
  }
  validateWebhookAnnotations(annotations, path, issues);
}

function validateDependsOn(value: string, path: FieldPath, issues: IssueList): void {
  const parts = value.split(",").map((name) => name.trim());
  if (parts.some((name) => name === "")) {
    issues.error(path, message.invalid(value, "must be a comma-separated list of resource names, none of them empty"));
  }
  for (const name of parts.filter((n) => n !== "")) {
    for (const problem of checkDNS1123Subdomain(name)) {
      issues.error(path, `${JSON.stringify(name)} is not a valid resource name: ${problem}`);
    }
  }
}

/** A queue's name is a DNS label, as `baton queue create` requires. */
function validateQueueName(value: string, path: FieldPath, issues: IssueList): void {
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value) || value.length > 63) {
    issues.error(path, message.invalid(value, "must be a queue name: lowercase letters, digits and '-', at most 63, starting and ending with a letter or digit"));
  }
}

function validateBackoffBase(value: string, path: FieldPath, issues: IssueList): void {
  const milliseconds = parseDuration(value);
  if (milliseconds === undefined) {
    issues.error(path, message.invalid(value, 'must be a duration such as "100ms", "2s" or "1m30s"'));
  } else if (milliseconds <= 0) {
    issues.error(path, message.invalid(value, "must be a positive duration"));
  }
}
