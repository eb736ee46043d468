import { dependsTasks, parseDepends } from "../../expr/index.js";
import type { RawDagTask } from "./workflow-template-schema.js";

/** The tasks a DAG task waits for, from `dependencies` or `depends`; [] for a `depends` that does not parse (reported elsewhere). */
export function taskDependencies(task: RawDagTask): string[] {
  if (task.dependencies !== undefined) return [...task.dependencies];
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
    queue.push(...(dependencies.get(next) ?? []));
  }
  return found;
}

/**
 * The dependency cycles among `names`, each as a path from a task back to itself, found breadth-first from
 * each task in order; a task already on a reported cycle starts no other.
 */
export function dependencyCycles(names: readonly string[], dependencies: ReadonlyMap<string, readonly string[]>): string[][] {
  const onCycle = new Set<string>();
  const cycles: string[][] = [];
  for (const start of names) {
    if (onCycle.has(start)) continue;
    const cycle = shortestCycle(start, dependencies);
    if (cycle === undefined) continue;
    cycle.forEach((name) => onCycle.add(name));
    cycles.push(cycle);
  }
  return cycles;
}

function shortestCycle(start: string, dependencies: ReadonlyMap<string, readonly string[]>): string[] | undefined {
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
      if (parent.has(next) || !dependencies.has(next)) continue;
      parent.set(next, node);
      queue.push(next);
    }
  }
  return undefined;
}
