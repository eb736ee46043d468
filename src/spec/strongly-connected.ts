/**
 * The strongly connected components of a directed graph that hold a cycle (the largest sets of nodes that
 * all reach each other, and a node with an edge to itself), where `edges[i]` lists the nodes that node i
 * has an edge to. Tarjan's algorithm, linear in the size of the graph; iterative, so that a long chain of
 * dependencies cannot overflow the stack, and on typed arrays, so that a graph of 100,000 nodes costs
 * milliseconds.
 */
export function cyclicComponents(edges: readonly (readonly number[])[]): number[][] {
  const index = new Int32Array(edges.length).fill(-1);
  const low = new Int32Array(edges.length);
  const onStack = new Uint8Array(edges.length);
  const stack: number[] = [];
  // The depth-first path: each node on it and the next of its edges to follow.
  const path: number[] = [];
  const nextEdge: number[] = [];
  const components: number[][] = [];
  let counter = 0;
  const visit = (node: number): void => {
    index[node] = low[node] = counter++;
    stack.push(node);
    onStack[node] = 1;
    path.push(node);
    nextEdge.push(0);
  };
  for (let root = 0; root < edges.length; root++) {
    if (index[root] !== -1) continue;
    visit(root);
    while (path.length > 0) {
      const top = path.length - 1;
      const node = path[top] as number;
      const successors = edges[node] ?? [];
      const next = nextEdge[top] as number;
      if (next < successors.length) {
        nextEdge[top] = next + 1;
        const successor = successors[next] as number;
        if (index[successor] === -1) visit(successor);
        else if (onStack[successor] === 1) low[node] = Math.min(low[node] as number, index[successor] as number);
        continue;
      }
      path.pop();
      nextEdge.pop();
      const parent = path[path.length - 1];
      if (parent !== undefined) low[parent] = Math.min(low[parent] as number, low[node] as number);
      if (low[node] === index[node]) {
        const component = popComponent(stack, onStack, node);
        if (component.length > 1 || successors.includes(node)) components.push(component);
      }
    }
  }
  return components;
}

/** The members of the component whose first-visited node is `root`: the stack down to it. */
function popComponent(stack: number[], onStack: Uint8Array, root: number): number[] {
  const component: number[] = [];
  let member: number;
  do {
    member = stack.pop() as number;
    onStack[member] = 0;
    component.push(member);
  } while (member !== root);
  return component;
}
