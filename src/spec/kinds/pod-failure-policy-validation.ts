import { PodFailurePolicyAction } from "../../model/index.js";
import type { FieldPath } from "../field-path.js";
import type { IssueList } from "../issue.js";
import { message, quoteList } from "../messages.js";
import { checkQualifiedName } from "../names.js";
import type { RawJobSpec, RawPodFailurePolicyRule } from "./job-schema.js";

/** Kubernetes' validatePodFailurePolicy (pkg/apis/batch/validation). */
const maxRules = 20;
const maxExitCodeValues = 255;
const maxPodConditionPatterns = 20;
const actions = Object.values(PodFailurePolicyAction).sort();
const operators = ["In", "NotIn"];
const conditionStatuses = ["False", "True", "Unknown"];

export function validatePodFailurePolicy(spec: RawJobSpec, path: FieldPath, issues: IssueList): void {
  const rules = spec.podFailurePolicy?.rules ?? [];
  const rulesPath = [...path, "rules"];
  if (rules.length > maxRules) issues.error(rulesPath, message.tooMany(rules.length, maxRules));
  const template = spec.template?.spec;
  const containerNames = new Set(
    [...(template?.containers ?? []), ...(template?.initContainers ?? [])].map((c) => c.name),
  );
  for (const [i, rule] of rules.entries()) {
    validateRule(rule, [...rulesPath, i], spec.backoffLimitPerIndex !== undefined, containerNames, issues);
  }
}

function validateRule(
  rule: RawPodFailurePolicyRule,
  path: FieldPath,
  hasBackoffLimitPerIndex: boolean,
  containerNames: ReadonlySet<string | undefined>,
  issues: IssueList,
): void {
  const actionPath = [...path, "action"];
  if (rule.action === undefined || rule.action === "") {
    issues.error(actionPath, message.required(`valid values: ${quoteList(actions)}`));
  } else if (rule.action === PodFailurePolicyAction.FailIndex) {
    if (!hasBackoffLimitPerIndex) issues.error(actionPath, message.invalid(rule.action, "requires the backoffLimitPerIndex to be set"));
  } else if (!actions.includes(rule.action as PodFailurePolicyAction)) {
    issues.error(actionPath, message.unsupported(rule.action, actions));
  }
  const conditions = rule.onPodConditions ?? [];
  if (rule.onExitCodes !== undefined) validateOnExitCodes(rule.onExitCodes, [...path, "onExitCodes"], containerNames, issues);
  if (conditions.length > 0) validateOnPodConditions(conditions, [...path, "onPodConditions"], issues);
  if (rule.onExitCodes !== undefined && conditions.length > 0) {
    issues.error(path, "specifying both onExitCodes and onPodConditions is not supported");
  }
  if (rule.onExitCodes === undefined && conditions.length === 0) {
    issues.error(path, "specifying one of onExitCodes and onPodConditions is required");
  }
}

function validateOnExitCodes(
  onExitCodes: NonNullable<RawPodFailurePolicyRule["onExitCodes"]>,
  path: FieldPath,
  containerNames: ReadonlySet<string | undefined>,
  issues: IssueList,
): void {
  const { operator, containerName } = onExitCodes;
  if (operator === undefined || operator === "") {
    issues.error([...path, "operator"], message.required(`valid values: ${quoteList(operators)}`));
  } else if (!operators.includes(operator)) {
    issues.error([...path, "operator"], message.unsupported(operator, operators));
  }
  if (containerName !== undefined && !containerNames.has(containerName)) {
    issues.error([...path, "containerName"], message.invalid(containerName, "must be one of the container or initContainer names in the pod template"));
  }
  const values = onExitCodes.values ?? [];
  const valuesPath = [...path, "values"];
  if (values.length === 0) issues.error(valuesPath, "at least one value is required");
  else if (values.length > maxExitCodeValues) issues.error(valuesPath, message.tooMany(values.length, maxExitCodeValues));
  const seen = new Set<number>();
  let ordered = true;
  for (const [j, value] of values.entries()) {
    if (operator === "In" && value === 0) issues.error([...valuesPath, j], message.invalid(value, "must not be 0 for the In operator"));
    if (seen.has(value)) issues.error([...valuesPath, j], message.duplicate(value));
    seen.add(value);
    if (j > 0 && (values[j - 1] ?? value) > value) ordered = false;
  }
  if (!ordered) issues.error(valuesPath, "must be ordered");
}

function validateOnPodConditions(
  conditions: NonNullable<RawPodFailurePolicyRule["onPodConditions"]>,
  path: FieldPath,
  issues: IssueList,
): void {
  if (conditions.length > maxPodConditionPatterns) issues.error(path, message.tooMany(conditions.length, maxPodConditionPatterns));
  for (const [j, pattern] of conditions.entries()) {
    const typePath = [...path, j, "type"];
    if (pattern.type === undefined || pattern.type === "") issues.error(typePath, message.required());
    else for (const problem of checkQualifiedName(pattern.type)) issues.error(typePath, message.invalid(pattern.type, problem));
    // An unset status defaults to "True" (SetDefaults_PodFailurePolicyOnPodConditionsPattern).
    if (pattern.status !== undefined && !conditionStatuses.includes(pattern.status)) {
      issues.error([...path, j, "status"], message.unsupported(pattern.status, conditionStatuses));
    }
  }
}
