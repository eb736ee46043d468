import type { EngineState, NodeEntry, WorkflowEntry } from "../state.js";
import { analyse } from "./dag-analysis.js";
import { nodeUid } from "./ids.js";
import { isFailure, templateOfNode } from "./nodes.js";
import { nodeSelector } from "./node-selector.js";
import { nodesOf } from "./suspend.js";

/**
 * What `baton retry` deletes and what it resets, after Argo's FormulateRetryWorkflow: each failed
 * node none of whose children failed is deleted, with what it holds and everything downstream of
 * it (later step groups, dependent tasks, at every level up); so is the node `node` selects, even
 * if it succeeded (`--restart-successful --node-field-selector`); a Retry node goes whole, so its
 * attempts start from the first. The steps, DAGs and groups above what is deleted are reset to run
 * again; the rest is kept with its outputs. The workflow's exit handler always runs again.
 */
export interface RetryPlan {
  remove: NodeEntry[];
  reset: NodeEntry[];
}

export function planRetry(state: EngineState, w: WorkflowEntry, selector?: string): RetryPlan {
  const tree = new NodeTree(state, w);
  const units = new Set<NodeEntry>();
  for (const n of tree.nodes) {
    if (!tree.isDeepestFailure(n)) continue;
    // A failed attempt of a Retry that then succeeded stays as it is (Argo: isDescendantNodeSucceeded).
    const unit = tree.unitOf(n);
    if (unit === n || isFailure(unit.object.status.phase)) units.add(unit);
  }
  if (selector !== undefined) {
    const match = nodeSelector(selector);
    for (const n of tree.nodes) {
      const owner = match(n.object.status) ? tree.outsideHooks(n) : undefined;
      if (owner) units.add(tree.unitOf(owner));
    }
  }
  const remove = new Set<NodeEntry>();
  for (const u of units) {
    tree.addSubtree(u, remove);
    for (const d of tree.downstream(u)) tree.addSubtree(d, remove);
  }
  for (const n of tree.nodes) if (n.node.hookOf === w.object.metadata.uid) tree.addSubtree(n, remove);
  const reset = new Set<NodeEntry>();
  for (const n of remove) {
    for (let p = tree.up(n); p && !remove.has(p) && !reset.has(p); p = tree.up(p)) reset.add(p);
  }
  // A node that ends again runs its exit hook again.
  for (const r of reset) {
    const hook = tree.get(`${r.object.status.name}.onExit`);
    if (hook) tree.addSubtree(hook, remove);
  }
  return { remove: [...remove], reset: [...reset] };
}

/** A workflow's nodes as a tree: a hook hangs under the node it follows, not beside it. */
class NodeTree {
  readonly nodes: NodeEntry[];
  private readonly children = new Map<string, NodeEntry[]>();
  private readonly wf: string;

  constructor(
    private readonly state: EngineState,
    private readonly w: WorkflowEntry,
  ) {
    this.wf = w.object.metadata.uid;
    this.nodes = nodesOf(state, w);
    for (const n of this.nodes) {
      const up = this.upUid(n);
      if (up === undefined) continue;
      const list = this.children.get(up) ?? [];
      list.push(n);
      this.children.set(up, list);
    }
  }

  get(name: string): NodeEntry | undefined {
    const e = this.state.get(nodeUid(this.wf, name));
    return e?.kind === "WorkflowNode" ? e : undefined;
  }

  private upUid(n: NodeEntry): string | undefined {
    return n.node.hookOf !== undefined && n.node.hookOf !== this.wf ? n.node.hookOf : n.node.parent;
  }

  up(n: NodeEntry): NodeEntry | undefined {
    const uid = this.upUid(n);
    return uid === undefined ? undefined : (this.state.get(uid) as NodeEntry | undefined);
  }

  private childrenOf(n: NodeEntry): NodeEntry[] {
    return this.children.get(n.object.metadata.uid) ?? [];
  }

  /**
   * A failed node that no failed child explains; exit handlers' failures are not retried on their
   * own, nor a containerSet's containers: their pod runs again whole.
   */
  isDeepestFailure(n: NodeEntry): boolean {
    if (!isFailure(n.object.status.phase) || this.outsideHooks(n) !== n || n.object.status.type === "Container") return false;
    return !this.childrenOf(n).some((ch) => ch.node.hookOf === undefined && ch.object.status.type !== "Container" && isFailure(ch.object.status.phase));
  }

  /** The node itself, or the node whose exit hook holds it; undefined inside the workflow's exit handler. */
  outsideHooks(n: NodeEntry): NodeEntry | undefined {
    let owner: NodeEntry | undefined = n;
    for (let m: NodeEntry | undefined = n; m; m = this.up(m)) {
      if (m.node.hookOf === this.wf) return undefined;
      if (m.node.hookOf !== undefined) owner = this.state.get(m.node.hookOf) as NodeEntry;
    }
    return owner;
  }

  /** What runs again for a node: the outermost Retry around it (attempts start from the first), or itself. */
  unitOf(n: NodeEntry): NodeEntry {
    // A container of a containerSet runs again with its whole pod.
    let unit = n.object.status.type === "Container" ? (this.up(n) ?? n) : n;
    for (let m: NodeEntry | undefined = unit; m; m = this.up(m)) if (m.object.status.type === "Retry") unit = m;
    return unit;
  }

  addSubtree(n: NodeEntry, into: Set<NodeEntry>): void {
    if (into.has(n)) return;
    into.add(n);
    for (const ch of this.childrenOf(n)) this.addSubtree(ch, into);
  }

  /** What depends on a node, at every level up: later step groups and dependent DAG tasks. */
  downstream(n: NodeEntry): NodeEntry[] {
    const out: NodeEntry[] = [];
    for (let m = n, p = this.up(m); p; m = p, p = this.up(m)) {
      const type = p.object.status.type;
      if (type === "StepGroup") {
        const steps = this.up(p)!.object.status.name;
        const g = Number(/\[(\d+)\]$/.exec(p.object.status.name)![1]);
        for (let k = g + 1; this.get(`${steps}[${k}]`); k++) out.push(this.get(`${steps}[${k}]`)!);
      } else if (type === "DAG" && m.node.task !== undefined) {
        const dag = templateOfNode(this.w, p)?.dag;
        if (dag) for (const t of dependentsOf(analyse(dag).dependents, m.node.task)) {
          const task = this.get(`${p.object.status.name}.${t}`);
          if (task) out.push(task);
        }
      }
    }
    return out;
  }
}

function dependentsOf(dependents: Map<string, string[]>, task: string): Set<string> {
  const out = new Set<string>();
  const stack = [task];
  while (stack.length > 0) for (const d of dependents.get(stack.pop()!) ?? []) if (!out.has(d)) stack.push((out.add(d), d));
  return out;
}
