import { RetryPolicy } from "../../model/index.js";
import { parseDuration } from "../duration.js";
import type { FieldPath } from "../field-path.js";
import type { IssueList } from "../issue.js";
import { message } from "../messages.js";
import { textOf } from "./workflow-fields.js";
import { checkParameterName, hasReference } from "./workflow-names.js";
import type { RawParameter, RawRetryStrategy } from "./workflow-template-schema.js";

/** Argo's rules for parameter lists (validate.go: validateInputs, validateArgumentsValues), retries and durations. */

/** Names present, well formed and unique; values and defaults inside a declared enum. */
export function validateParameters(parameters: readonly RawParameter[], path: FieldPath, issues: IssueList): void {
  const seen = new Set<string>();
  for (const [i, parameter] of parameters.entries()) {
    const at = [...path, i];
    const name = parameter.name ?? "";
    if (name === "") issues.error([...at, "name"], message.required());
    else for (const problem of checkParameterName(name)) issues.error([...at, "name"], message.invalid(name, problem));
    if (seen.has(name)) issues.error([...at, "name"], message.duplicate(name));
    seen.add(name);
    validateEnum(parameter, at, issues);
  }
}

function validateEnum(parameter: RawParameter, path: FieldPath, issues: IssueList): void {
  if (parameter.enum === undefined) return;
  if (parameter.enum.length === 0) {
    issues.error([...path, "enum"], message.required(`parameter "${parameter.name ?? ""}": enum needs at least one value`));
    return;
  }
  const allowed = parameter.enum.map(String);
  for (const field of ["value", "default"] as const) {
    const value = textOf(parameter[field]);
    if (value === undefined || hasReference(value) || allowed.includes(value)) continue;
    issues.error([...path, field], message.unsupported(value, allowed));
  }
}

/**
 * A workflow's own arguments need values, as Argo requires on submit (a WorkflowTemplate's may be left
 * for the workflow to supply).
 */
export function validateArgumentValues(parameters: readonly RawParameter[], path: FieldPath, issues: IssueList): void {
  for (const [i, parameter] of parameters.entries()) {
    if (parameter.value !== undefined || parameter.default !== undefined || parameter.valueFrom !== undefined) continue;
    issues.error([...path, i], message.required(`parameter "${parameter.name ?? ""}" needs a value`));
  }
}

const retryPolicies = Object.values(RetryPolicy);

export function validateRetryStrategy(retry: RawRetryStrategy, path: FieldPath, issues: IssueList): void {
  if (retry.retryPolicy !== undefined && !retryPolicies.includes(retry.retryPolicy as RetryPolicy)) {
    issues.error([...path, "retryPolicy"], message.unsupported(retry.retryPolicy, retryPolicies));
  }
  if (retry.limit !== undefined) checkCount(retry.limit, [...path, "limit"], issues);
  const backoff = retry.backoff;
  if (backoff === undefined) return;
  for (const field of ["duration", "maxDuration", "cap"] as const) {
    const value = backoff[field];
    if (value !== undefined) checkDuration(value, [...path, "backoff", field], issues);
  }
  const factor = backoff.factor;
  if (factor !== undefined && (String(factor).trim() === "" || !Number.isFinite(Number(factor)))) {
    issues.error([...path, "backoff", "factor"], message.invalid(factor, "must be a number"));
  }
}

/** An integer >= 0, or a reference resolved when the node runs. */
export function checkCount(value: string | number, path: FieldPath, issues: IssueList): void {
  const text = String(value);
  if (hasReference(text)) return;
  if (!/^\d+$/.test(text.trim())) issues.error(path, message.invalid(value, "must be an integer >= 0 or a {{…}} reference"));
}

/** Argo's durations: a Go duration ("10s", "2m", "1h30m") or a number of seconds. */
export function checkDuration(value: string | number, path: FieldPath, issues: IssueList): void {
  const text = String(value);
  if (hasReference(text) || /^\d+$/.test(text) || (parseDuration(text) ?? -1) >= 0) return;
  issues.error(path, message.invalid(value, 'must be a duration such as "10s", "2m" or "1h", or a number of seconds'));
}
