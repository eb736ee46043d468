import { PodGCStrategy } from "../../model/index.js";
import { parseDuration } from "../duration.js";
import type { FieldPath } from "../field-path.js";
import type { IssueList } from "../issue.js";
import { message } from "../messages.js";
import { checkLabelValue, checkQualifiedName } from "../names.js";
import type { RawWorkflowSpec } from "./workflow-schema.js";

/**
 * Argo's ValidateWorkflow on `podGC` (a known strategy, a label selector Kubernetes can parse) and
 * `ttlStrategy` (int32 seconds; Argo checks nothing more, a negative TTL deletes at once).
 */
export function validatePodGC(podGC: RawWorkflowSpec["podGC"], path: FieldPath, issues: IssueList): void {
  if (podGC === undefined) return;
  const strategy = podGC.strategy ?? "";
  const strategies = Object.values(PodGCStrategy);
  if (strategy !== "" && !(strategies as string[]).includes(strategy)) issues.error([...path, "strategy"], message.unsupported(strategy, strategies));
  if (strategy === "" && (podGC.labelSelector !== undefined || podGC.deleteDelayDuration !== undefined)) {
    issues.warning(path, "without a strategy, no pod is deleted (Argo's default)", "key");
  }
  const delay = podGC.deleteDelayDuration;
  if (delay !== undefined && !/^\d+$/.test(delay) && (parseDuration(delay) ?? -1) < 0) {
    issues.error([...path, "deleteDelayDuration"], message.invalid(delay, 'must be a duration such as "30s" or "1m", or a number of seconds'));
  }
  if (podGC.labelSelector !== undefined) validateLabelSelector(podGC.labelSelector, [...path, "labelSelector"], issues);
}

type RawSelector = NonNullable<NonNullable<RawWorkflowSpec["podGC"]>["labelSelector"]>;

/** Kubernetes' ValidateLabelSelector: keys and values as in labels, operators with the values they need. */
function validateLabelSelector(selector: RawSelector, path: FieldPath, issues: IssueList): void {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    const at = [...path, "matchLabels", key];
    for (const problem of checkQualifiedName(key)) issues.error(at, `label key ${JSON.stringify(key)}: ${problem}`, "key");
    for (const problem of checkLabelValue(value)) issues.error(at, message.invalid(value, problem));
  }
  const operators = ["In", "NotIn", "Exists", "DoesNotExist"];
  for (const [i, expression] of (selector.matchExpressions ?? []).entries()) {
    const at = [...path, "matchExpressions", i];
    const key = expression.key ?? "";
    if (key === "") issues.error([...at, "key"], message.required());
    else for (const problem of checkQualifiedName(key)) issues.error([...at, "key"], message.invalid(key, problem));
    const values = expression.values ?? [];
    const operator = expression.operator ?? "";
    if (!operators.includes(operator)) issues.error([...at, "operator"], operator === "" ? message.required() : message.unsupported(operator, operators));
    else if ((operator === "In" || operator === "NotIn") && values.length === 0) {
      issues.error([...at, "values"], message.required("must be specified when `operator` is 'In' or 'NotIn'"));
    } else if ((operator === "Exists" || operator === "DoesNotExist") && values.length > 0) {
      issues.error([...at, "values"], "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
    }
    for (const [j, value] of values.entries()) for (const problem of checkLabelValue(value)) issues.error([...at, "values", j], message.invalid(value, problem));
  }
}
