import { dependsFromDependencies, dependsTasks, parseDepends, type DependsExpr } from "../../expr/index.js";
import type { DagTask, DagTemplate } from "../../model/index.js";

/** What a DAG's shape says, computed once per template: dependencies both ways, targets, and what they need. */
export interface DagAnalysis {
  tasks: Map<string, DagTask>;
  depends: Map<string, DependsExpr>;
  dependencies: Map<string, string[]>;
  dependents: Map<string, string[]>;
  /** Tasks whose failure a dependent's `depends` expects (it names a result other than Succeeded). */
  handled: Set<string>;
  targets: string[];
  /** Tasks that run: all, or the targets and their ancestors. */
  needed: Set<string>;
}

const cache = new WeakMap<DagTemplate, DagAnalysis>();

export function analyse(dag: DagTemplate): DagAnalysis {
  let a = cache.get(dag);
  if (a) return a;
  const tasks = new Map(dag.tasks.map((t) => [t.name, t]));
  const depends = new Map<string, DependsExpr>();
  const dependencies = new Map<string, string[]>();
  const dependents = new Map<string, string[]>(dag.tasks.map((t) => [t.name, []]));
  const handled = new Set<string>();
  for (const t of dag.tasks) {
    const expr = t.depends !== undefined ? parseDepends(t.depends) : dependsFromDependencies(t.dependencies ?? []);
    const deps = dependsTasks(expr);
    depends.set(t.name, expr);
    dependencies.set(t.name, deps);
    for (const d of deps) dependents.get(d)?.push(t.name);
    if (t.depends !== undefined) for (const d of deps) if (new RegExp(`${escape(d)}\\.(Failed|Errored|AllFailed|AnySucceeded|Omitted)|!\\s*${escape(d)}`).test(t.depends)) handled.add(d);
  }
  const targets = dag.target ? dag.target.split(/\s+/).filter(Boolean) : dag.tasks.filter((t) => dependents.get(t.name)!.length === 0).map((t) => t.name);
  const needed = new Set<string>();
  if (dag.target) {
    const stack = [...targets];
    while (stack.length > 0) {
      const name = stack.pop()!;
      if (needed.has(name)) continue;
      needed.add(name);
      stack.push(...(dependencies.get(name) ?? []));
    }
  } else for (const t of dag.tasks) needed.add(t.name);
  a = { tasks, depends, dependencies, dependents, handled, targets, needed };
  cache.set(dag, a);
  return a;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
