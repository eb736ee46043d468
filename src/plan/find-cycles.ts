import { cyclicComponents } from "../spec/index.js";

/**
 * The cycles of a directed graph, one per strongly connected component that has one (a node with an
 * edge to itself included): each is the shortest cycle through the component's first node, as the list
 * of nodes from it back to it.
 */
export function findCycles(edges: readonly (readonly number[])[]): number[][] {
  return cyclicComponents(edges)
    .map((component) => shortestCycle(edges, new Set(component), component.reduce((a, b) => Math.min(a, b))))
    .sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
}

/** Breadth-first from `start` inside its component, back to `start`. */
function shortestCycle(edges: readonly (readonly number[])[], component: ReadonlySet<number>, start: number): number[] {
  const parent = new Map<number, number>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head] as number;
    for (const successor of edges[node] ?? []) {
      if (successor === start) {
        const backwards = [start];
        for (let at = node; at !== start; at = parent.get(at) as number) backwards.push(at);
        return [...backwards, start].reverse();
      }
      if (!component.has(successor) || parent.has(successor)) continue;
      parent.set(successor, node);
      queue.push(successor);
    }
  }
  return [start, start]; // unreachable for a component with a cycle
}
