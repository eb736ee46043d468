import { ExprError, templateReferences } from "../../expr/index.js";
import type { FieldPath } from "../field-path.js";
import type { IssueList } from "../issue.js";
import { ancestorsOf, taskDependencies } from "./workflow-dag.js";
import { itemScope, lastRetryNames, type Scope, variableRoots } from "./workflow-scope.js";
import type { RawDagTask, RawInvocation, RawRetryStrategy, RawTemplate } from "./workflow-template-schema.js";

/**
 * Argo's linter on `{{…}}` references: every variable a template's text reads must be known where it is
 * read. Each template gets the workflow's variables and its own inputs; steps see the steps of earlier
 * groups, DAG tasks the tasks they depend on, loops their `item`.
 */
export function checkTemplateVariables(template: RawTemplate, path: FieldPath, workflow: Scope, workflowRetries: boolean, issues: IssueList): void {
  const inputs = (template.inputs?.parameters ?? []).map((p) => `inputs.parameters.${p.name ?? ""}`);
  let scope = workflow.with(inputs);
  if (template.container !== undefined || template.script !== undefined || template.containerSet !== undefined) {
    scope = scope.with(["pod.name", "inputs.parameters"]);
  }
  // Argo's rule names the template's own retryStrategy; the workflow's applies to every template here, so it counts too.
  if (template.retryStrategy !== undefined || workflowRetries) scope = scope.with(["retries"]);
  const stepNames = new Set((template.steps ?? []).flat().map((s) => s.name ?? ""));
  const taskNames = new Set((template.dag?.tasks ?? []).map((t) => t.name ?? ""));
  const outputScope = scope.withNodes("steps", (n) => stepNames.has(n)).withNodes("tasks", (n) => taskNames.has(n));
  for (const [key, value] of Object.entries(template)) {
    const at = [...path, key];
    if (key === "name") continue;
    else if (key === "steps") checkSteps(template.steps ?? [], at, scope, issues);
    else if (key === "dag") checkDag(template.dag?.tasks ?? [], [...at, "tasks"], scope, issues);
    else if (key === "outputs") checkStrings(value, at, outputScope, issues, (p) => p[p.length - 1] === "expression");
    else if (key === "retryStrategy") checkRetryStrategy(template.retryStrategy ?? {}, at, scope, issues);
    else checkStrings(value, at, scope, issues);
  }
}

/** `lastRetry` is known only to the retry expression, which is a bare expression without braces. */
function checkRetryStrategy(retry: RawRetryStrategy, path: FieldPath, scope: Scope, issues: IssueList): void {
  const { expression, ...rest } = retry;
  checkStrings(rest, path, scope, issues);
  if (expression !== undefined) checkText(`{{=${expression}}}`, [...path, "expression"], scope.with(lastRetryNames), issues);
}

function checkSteps(groups: readonly (readonly RawInvocation[])[], path: FieldPath, scope: Scope, issues: IssueList): void {
  // The first group a name appears in, as the old layered reasons gave the first match.
  const groupOf = new Map<string, number>();
  groups.forEach((group, g) => group.forEach((s) => groupOf.has(s.name ?? "") || groupOf.set(s.name ?? "", g)));
  for (const [g, group] of groups.entries()) {
    const here = scope.withNodes(
      "steps",
      (name) => (groupOf.get(name) ?? g) < g,
      (name) => {
        const at = groupOf.get(name);
        if (at === undefined || at < g) return undefined;
        return at === g ? `step "${name}" runs in the same group, not before this one` : `step "${name}" runs in a later group`;
      },
    );
    for (const [i, step] of group.entries()) checkInvocation(step, "steps", [...path, g, i], here, issues);
  }
}

function checkDag(tasks: readonly RawDagTask[], path: FieldPath, scope: Scope, issues: IssueList): void {
  let allDependencies: Map<string, readonly string[]> | undefined;
  for (const [i, task] of tasks.entries()) {
    // A task of only a name, a template and dependencies has no text to check: the usual task of a big DAG.
    if (!hasTemplatedField(task)) continue;
    const dependencies = (allDependencies ??= new Map(tasks.map((t) => [t.name ?? "", taskDependencies(t)])));
    const name = task.name ?? "";
    // Found only when a reference to tasks.* is checked: most tasks read none.
    let ancestors: Set<string> | undefined;
    const isAncestor = (other: string): boolean => (ancestors ??= ancestorsOf(name, dependencies)).has(other);
    const here = scope.withNodes("tasks", isAncestor, (other) =>
      dependencies.has(other) && !isAncestor(other) ? `task "${other}" is not a dependency of "${name}"` : undefined,
    );
    checkInvocation(task, "tasks", [...path, i], here, issues);
  }
}

const notTemplated = new Set(["name", "template", "templateRef", "dependencies", "depends"]);

function hasTemplatedField(invocation: RawInvocation): boolean {
  for (const key in invocation) if (!notTemplated.has(key)) return true;
  return false;
}

function checkInvocation(invocation: RawInvocation, kind: "steps" | "tasks", path: FieldPath, scope: Scope, issues: IssueList): void {
  const looped = invocation.withItems !== undefined || invocation.withParam !== undefined || invocation.withSequence !== undefined;
  const inner = looped ? scope.with(itemScope.names, itemScope.prefixes) : scope;
  for (const [key, value] of Object.entries(invocation)) {
    if (notTemplated.has(key)) continue;
    // An exit hook runs after its step, so it may read that step's own outputs.
    const here = key === "arguments" || key === "when" ? inner : key === "hooks" ? inner.withNodes(kind, (n) => n === invocation.name) : scope;
    checkStrings(value, [...path, key], here, issues);
  }
}

/** Every string under `value`; those at an `isExpression` path are bare expressions (no braces), as `retryStrategy.expression`. */
function checkStrings(value: unknown, path: FieldPath, scope: Scope, issues: IssueList, isExpression?: (path: FieldPath) => boolean): void {
  if (typeof value === "string") {
    checkText(isExpression?.(path) ? `{{=${value}}}` : value, path, scope, issues);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => checkStrings(item, [...path, i], scope, issues, isExpression));
  } else if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) checkStrings(item, [...path, key], scope, issues, isExpression);
  }
}

function checkText(text: string, path: FieldPath, scope: Scope, issues: IssueList): void {
  if (!text.includes("{{")) return;
  let references: string[];
  try {
    references = templateReferences(text);
  } catch (error) {
    if (!(error instanceof ExprError)) throw error;
    issues.error(path, error.message);
    return;
  }
  for (const name of new Set(references)) {
    if (!variableRoots.has(name.split(".")[0] ?? "")) continue;
    const problem = scope.problem(name);
    if (problem !== undefined) issues.error(path, problem);
  }
}
