import { dependsTasks, parseDepends } from "../../expr/index.js";
import { cyclicComponents } from "../strongly-connected.js";
import type { RawDagTask } from "./workflow-template-schema.js";

/** The tasks a DAG task waits for, from `dependencies` or `depends`; [] for a `depends` that does not parse (reported elsewhere). */
export function taskDependencies(task: RawDagTask): readonly string[] {
  if (task.dependencies !== undefined) return task.dependencies;
  if (task.depends === undefined || task.depends.trim() === "") return [];
  try {
    return dependsTasks(parseDepends(task.depends));
  } catch {
    return [];
  }
}

/** Every task that `task` waits for, directly or through others. */
export function ancestorsOf(task: string, dependencies: ReadonlyMap<string, readonly string[]>): Set<string> {
  const found = new Set<string>();
  const queue = [...(dependencies.get(task) ?? [])];
  while (queue.length > 0) {
    const next = queue.pop() as string;
    if (found.has(next)) continue;
    found.add(next);
    // One push per name: spreading a task with 100,000 dependencies into push() would overflow the stack.
    for (const dependency of dependencies.get(next) ?? []) queue.push(dependency);
  }
  return found;
}

/**
 * The dependency cycles among `names`, each as a path from a task back to itself, found breadth-first from
 * each task in order; a task already on a reported cycle starts no other. Dependencies on names that are
 * not keys of `dependencies` are ignored.
 *
 * A search starts only from a task on some cycle and stays inside that task's strongly connected
 * component, which holds every task that could lead back to it: the same cycles as searching from every
 * task through every task, in time linear in the DAG's size when it has none (not quadratic, as a search
 * from each task of a long chain would be).
 */
export function dependencyCycles(names: readonly string[], dependencies: ReadonlyMap<string, readonly string[]>): string[][] {
  const componentOf = componentsOnCycles(dependencies);
  const onCycle = new Set<string>();
  const cycles: string[][] = [];
  for (const start of names) {
    const component = componentOf.get(start);
    if (component === undefined || onCycle.has(start)) continue;
    const cycle = shortestCycle(start, dependencies, component);
    if (cycle === undefined) continue;
    cycle.forEach((name) => onCycle.add(name));
    cycles.push(cycle);
  }
  return cycles;
}

/** For each task on a cycle, the tasks of its strongly connected component. */
function componentsOnCycles(dependencies: ReadonlyMap<string, readonly string[]>): Map<string, ReadonlySet<string>> {
  const tasks = [...dependencies.keys()];
  const numberOf = new Map<string, number>();
  tasks.forEach((task, i) => numberOf.set(task, i));
  const edges = tasks.map((task) => {
    const numbers: number[] = [];
    for (const dependency of dependencies.get(task) ?? []) {
      const j = numberOf.get(dependency);
      if (j !== undefined) numbers.push(j);
    }
    return numbers;
  });
  const componentOf = new Map<string, ReadonlySet<string>>();
  for (const component of cyclicComponents(edges)) {
    const members = new Set(component.map((i) => tasks[i] as string));
    for (const task of members) componentOf.set(task, members);
  }
  return componentOf;
}

/** Breadth-first from `start` through the tasks of `within` (those that could lead back to it), back to `start`. */
function shortestCycle(start: string, dependencies: ReadonlyMap<string, readonly string[]>, within: ReadonlySet<string>): string[] | undefined {
  const parent = new Map<string, string>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head] as string;
    for (const next of dependencies.get(node) ?? []) {
      if (next === start) {
        const backwards = [start];
        for (let at = node; at !== start; at = parent.get(at) as string) backwards.push(at);
        return [...backwards, start].reverse();
      }
      if (parent.has(next) || !within.has(next)) continue;
      parent.set(next, node);
      queue.push(next);
    }
  }
  return undefined;
}
