import type { EngineState, NodeEntry, WorkflowEntry } from "../engine/index.js";
import { analyse } from "../engine/workflow/dag-analysis.js";

/**
 * Argo's `children` and `outboundNodes`, checked against the engine's own parent links after every
 * step of the workflow simulation (the exact lists per shape are in workflow-links.test.ts):
 * - every id in a list is a node of the workflow, and no list names a node twice;
 * - a StepGroup's, Retry's and TaskGroup's children include every node under it; a Steps node's
 *   include its first group; a DAG's include every task that depends on nothing; a step's or
 *   task's exit hook is a child of the node it follows;
 * - every outbound node of a Steps or DAG node lies under it.
 */
export function linkProblem(state: EngineState, w: WorkflowEntry, nodes: ReadonlyMap<string, NodeEntry>): string | undefined {
  const byId = new Map<string, NodeEntry>();
  for (const n of nodes.values()) byId.set(n.object.status.id, n);
  const has = (parent: NodeEntry | undefined, child: NodeEntry) => parent?.object.status.children?.includes(child.object.status.id) === true;
  for (const n of nodes.values()) {
    const s = n.object.status;
    for (const list of [s.children, s.outboundNodes]) {
      if (list === undefined) continue;
      if (new Set(list).size !== list.length) return `${s.name} lists a node twice: ${list.join(", ")}`;
      const unknown = list.find((id) => !byId.has(id));
      if (unknown !== undefined) return `${s.name} lists ${unknown}, no node of the workflow`;
    }
    const parent = n.node.parent === undefined ? undefined : (state.get(n.node.parent) as NodeEntry | undefined);
    const hookOf = n.node.hookOf;
    if (hookOf !== undefined) {
      if (hookOf !== w.object.metadata.uid && !has(state.get(hookOf) as NodeEntry | undefined, n)) return `${s.name} is not a child of the node it follows`;
      continue;
    }
    const type = parent?.object.status.type;
    if ((type === "StepGroup" || type === "Retry" || type === "TaskGroup") && !has(parent, n)) return `${s.name} is not a child of ${parent!.object.status.name}`;
    if (type === "Steps" && s.displayName === "[0]" && !has(parent, n)) return `${s.name} is not the child of its Steps node`;
    if (type === "DAG" && rootTask(w, parent!, n) && !has(parent, n)) return `${s.name} depends on nothing, and is not a child of its DAG`;
    for (const id of s.outboundNodes ?? []) if (!lies(state, byId.get(id)!, n)) return `outbound node ${byId.get(id)!.object.status.name} of ${s.name} is not under it`;
  }
  return undefined;
}

function rootTask(w: WorkflowEntry, dag: NodeEntry, task: NodeEntry): boolean {
  const t = w.object.spec.templates.find((x) => x.name === dag.object.status.templateName);
  return t?.dag !== undefined && task.node.task !== undefined && (analyse(t.dag).dependencies.get(task.node.task) ?? []).length === 0;
}

/** Whether `n` lies under `boundary`, going up parents (and from an exit hook to the node it follows). */
function lies(state: EngineState, n: NodeEntry, boundary: NodeEntry): boolean {
  for (let m: NodeEntry | undefined = n; m; ) {
    if (m === boundary) return true;
    const up: string | undefined = m.node.hookOf !== undefined && m.node.hookOf !== m.node.workflow ? m.node.hookOf : m.node.parent;
    m = up === undefined ? undefined : (state.get(up) as NodeEntry | undefined);
  }
  return false;
}
