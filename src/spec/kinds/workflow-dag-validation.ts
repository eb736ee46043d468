import { dependsTasks, ExprError, parseDepends } from "../../expr/index.js";
import type { FieldPath } from "../field-path.js";
import type { IssueList } from "../issue.js";
import { message } from "../messages.js";
import { dependencyCycles, taskDependencies } from "./workflow-dag.js";
import { type TemplateContext, validateInvocation } from "./workflow-invocation-validation.js";
import type { RawDagTask, RawTemplate } from "./workflow-template-schema.js";

type RawDag = NonNullable<RawTemplate["dag"]>;

/** Argo's validateDAG: task names unique, dependencies that exist, `depends` that parses, no cycle. */
export function validateDag(dag: RawDag, path: FieldPath, context: TemplateContext, issues: IssueList): void {
  const tasks = dag.tasks ?? [];
  if (tasks.length === 0) issues.error([...path, "tasks"], message.required("a DAG needs at least one task"));
  const names = new Set<string>();
  for (const [i, task] of tasks.entries()) {
    const at = [...path, "tasks", i];
    validateInvocation(task, at, context, issues);
    const name = task.name ?? "";
    if (name !== "" && names.has(name)) issues.error([...at, "name"], message.duplicate(name));
    names.add(name);
  }
  for (const [i, task] of tasks.entries()) validateDependencies(task, [...path, "tasks", i], names, issues);
  for (const target of (dag.target ?? "").split(" ").filter((t) => t !== "")) {
    if (!names.has(target)) issues.error([...path, "target"], `task ${JSON.stringify(target)} not found`);
  }
  const dependencies = new Map(tasks.map((t) => [t.name ?? "", taskDependencies(t)]));
  for (const cycle of dependencyCycles([...names], dependencies)) {
    const index = tasks.findIndex((t) => t.name === cycle[0]);
    const field = tasks[index]?.dependencies !== undefined ? "dependencies" : "depends";
    issues.error([...path, "tasks", index, field], `dependency cycle: ${cycle.join(" → ")}`);
  }
}

function validateDependencies(task: RawDagTask, path: FieldPath, names: ReadonlySet<string>, issues: IssueList): void {
  if (task.dependencies !== undefined && task.depends !== undefined) {
    issues.error([...path, "depends"], 'may not be set together with "dependencies"');
    return;
  }
  for (const [i, dependency] of (task.dependencies ?? []).entries()) {
    if (!names.has(dependency)) issues.error([...path, "dependencies", i], `task ${JSON.stringify(dependency)} not found`);
  }
  if (task.depends === undefined) return;
  let referenced: string[];
  try {
    referenced = dependsTasks(parseDepends(task.depends));
  } catch (error) {
    if (!(error instanceof ExprError)) throw error;
    issues.error([...path, "depends"], message.invalid(task.depends, error.message));
    return;
  }
  for (const dependency of new Set(referenced)) {
    if (!names.has(dependency)) issues.error([...path, "depends"], `task ${JSON.stringify(dependency)} not found`);
  }
}
