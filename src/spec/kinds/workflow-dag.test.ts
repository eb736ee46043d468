import { describe, expect, test } from "vitest";
import { dependencyCycles } from "./workflow-dag.js";

/** The definition: breadth-first from every task in order, through every task; a task on a reported cycle starts no other. */
function cyclesByDefinition(names: readonly string[], dependencies: ReadonlyMap<string, readonly string[]>): string[][] {
  const onCycle = new Set<string>();
  const cycles: string[][] = [];
  for (const start of names) {
    if (onCycle.has(start)) continue;
    const parent = new Map<string, string>();
    const queue = [start];
    search: for (let head = 0; head < queue.length; head++) {
      const node = queue[head] as string;
      for (const next of dependencies.get(node) ?? []) {
        if (next === start) {
          const backwards = [start];
          for (let at = node; at !== start; at = parent.get(at) as string) backwards.push(at);
          const cycle = [...backwards, start].reverse();
          cycle.forEach((name) => onCycle.add(name));
          cycles.push(cycle);
          break search;
        }
        if (parent.has(next) || !dependencies.has(next)) continue;
        parent.set(next, node);
        queue.push(next);
      }
    }
  }
  return cycles;
}

const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges));

describe("dependency cycles of a DAG template", () => {
  test.each<{ name: string; edges: Record<string, string[]>; expected: string[][] }>([
    { name: "none", edges: { a: [], b: ["a"], c: ["a", "b"] }, expected: [] },
    { name: "a dependency on no task is ignored", edges: { a: ["gone"], b: ["a", "gone"] }, expected: [] },
    { name: "a task that waits for itself", edges: { a: ["a"], b: ["a"] }, expected: [["a", "a"]] },
    { name: "the shortest cycle from each task not yet on one", edges: { x: [], a: ["b"], b: ["c", "a"], c: ["a"] }, expected: [["a", "b", "a"], ["c", "a", "b", "c"]] },
    { name: "two cycles, and tasks that only wait for them", edges: { top: ["a", "c"], a: ["b"], b: ["a"], c: ["d"], d: ["c"] }, expected: [["a", "b", "a"], ["c", "d", "c"]] },
    { name: "a second cycle through a task of the first", edges: { a: ["b"], b: ["a", "c"], c: ["b"] }, expected: [["a", "b", "a"], ["c", "b", "c"]] },
  ])("$name", ({ edges, expected }) => {
    const dependencies = graph(edges);
    expect(dependencyCycles([...dependencies.keys()], dependencies)).toEqual(expected);
  });

  test("the same cycles as the definition, on random graphs", () => {
    let state = 7;
    const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (let round = 0; round < 500; round++) {
      const size = 1 + Math.floor(next() * 12);
      const names = Array.from({ length: size }, (_, i) => `t${i}`);
      const density = next() * 0.3;
      const dependencies = new Map(names.map((name) => [name, [...names, "gone"].filter(() => next() < density)]));
      expect(dependencyCycles(names, dependencies)).toEqual(cyclesByDefinition(names, dependencies));
    }
  });
});
