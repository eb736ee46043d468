/**
 * The cycles of a directed graph, one per strongly connected component that has one (a node with an
 * edge to itself included): each is the shortest cycle through the component's first node, as the list
 * of nodes from it back to it.
 */
export function findCycles(edges: readonly (readonly number[])[]): number[][] {
  return stronglyConnectedComponents(edges)
    .filter((component) => component.length > 1 || edges[component[0] ?? 0]?.includes(component[0] ?? -1))
    .map((component) => shortestCycle(edges, new Set(component), component.reduce((a, b) => Math.min(a, b))))
    .sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
}

/** Tarjan's algorithm, iterative so that a long chain of dependencies cannot overflow the stack. */
function stronglyConnectedComponents(edges: readonly (readonly number[])[]): number[][] {
  const index = new Array<number>(edges.length).fill(-1);
  const low = new Array<number>(edges.length).fill(0);
  const onStack = new Array<boolean>(edges.length).fill(false);
  const stack: number[] = [];
  const components: number[][] = [];
  let counter = 0;
  for (let root = 0; root < edges.length; root++) {
    if (index[root] !== -1) continue;
    const work: { node: number; next: number }[] = [{ node: root, next: 0 }];
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = true;
    while (work.length > 0) {
      const frame = work[work.length - 1] as { node: number; next: number };
      const { node } = frame;
      const successors = edges[node] ?? [];
      if (frame.next < successors.length) {
        const successor = successors[frame.next++] as number;
        if (index[successor] === -1) {
          index[successor] = low[successor] = counter++;
          stack.push(successor);
          onStack[successor] = true;
          work.push({ node: successor, next: 0 });
        } else if (onStack[successor]) {
          low[node] = Math.min(low[node] as number, index[successor] as number);
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined) low[parent.node] = Math.min(low[parent.node] as number, low[node] as number);
      if (low[node] === index[node]) {
        const component: number[] = [];
        let member: number;
        do {
          member = stack.pop() as number;
          onStack[member] = false;
          component.push(member);
        } while (member !== node);
        components.push(component);
      }
    }
  }
  return components;
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
