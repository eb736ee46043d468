import type { ContainerNode } from "../../model/index.js";
import type { EngineState, NodeEntry, WorkflowEntry } from "../state.js";
import type { Tick } from "../tick.js";
import { analyse } from "./dag-analysis.js";
import { nodeUid } from "./ids.js";
import { templateOf } from "./templates.js";

/**
 * Argo's `children` and `outboundNodes` of status.nodes (operator.go getOutboundNodes, steps.go,
 * dag.go, exit_handler.go), kept as Argo writes them:
 * - a Steps node's child is its first StepGroup; a StepGroup's children are its steps (and loop
 *   iterations); each later StepGroup is a child of the outbound nodes of the previous group's
 *   children (of the previous group itself when it has none);
 * - a DAG's children are its tasks that depend on nothing; any other task is a child of the outbound
 *   nodes of each task it depends on; a TaskGroup's (a looped task's) children are its iterations;
 * - a Retry node's children are its attempts; a step's or task's exit hook is a child of the node it
 *   follows; the root and the workflow's onExit node are nobody's children;
 * - a Steps node's outboundNodes are the outbound nodes of its last group's children, a DAG's those of
 *   its target tasks (the leaves by default), written when it ends.
 * The outbound nodes of a node: itself for a Pod, Skipped or Suspend node; for a TaskGroup those of its
 * iterations (itself if it has none); for a containerSet's Pod node and its Container nodes, those of
 * their children (itself if none); a Retry node's last child; a Steps or DAG node's outboundNodes,
 * each one not a Pod taken apart again. Nodes are found by name, as Argo finds them by id.
 */

/**
 * A step group's place in its template, from its display name `[g]`. Found, not recorded on the
 * steps node: a group that ends then rewrites no row but its own and its successor's.
 */
export function groupIndex(group: NodeEntry): number {
  return Number(group.object.status.displayName.slice(1, -1));
}

/** Argo's addChildNode. A node is made once (a `retry` unlinks what it deletes), so the check is the last id only. */
function addChild(tick: Tick, parent: NodeEntry, child: NodeEntry): void {
  const s = parent.object.status;
  const id = child.object.status.id;
  if (s.children === undefined) s.children = [id];
  else if (s.children[s.children.length - 1] !== id) s.children.push(id);
  tick.state.touch(parent);
}

function byName(state: EngineState, w: WorkflowEntry, name: string): NodeEntry | undefined {
  const e = state.get(nodeUid(w.object.metadata.uid, name));
  return e?.kind === "WorkflowNode" ? e : undefined;
}

/** Hangs a node made now under the nodes Argo would make it a child of. */
export function linkNewNode(tick: Tick, w: WorkflowEntry, n: NodeEntry, parent: NodeEntry | undefined): void {
  const state = tick.state;
  const hookOf = n.node.hookOf;
  if (hookOf !== undefined) {
    const followed = state.get(hookOf);
    if (followed?.kind === "WorkflowNode") addChild(tick, followed, n);
    return;
  }
  if (parent === undefined) return;
  const type = parent.object.status.type;
  if (type === "StepGroup" || type === "Retry" || type === "TaskGroup") return addChild(tick, parent, n);
  if (type === "Steps") return linkStepGroup(tick, w, parent, n);
  if (type === "DAG") return linkTask(tick, w, parent, n);
}

function linkStepGroup(tick: Tick, w: WorkflowEntry, steps: NodeEntry, group: NodeEntry): void {
  const g = groupIndex(group);
  const previous = g > 0 ? byName(tick.state, w, `${steps.object.status.name}[${g - 1}]`) : undefined;
  if (previous === undefined) return addChild(tick, steps, group);
  const children = groupChildren(tick.state, w, previous);
  if (children.length === 0) return addChild(tick, previous, group);
  for (const child of children) for (const o of outboundOf(tick.state, w, child)) addChild(tick, o, group);
}

/** Argo's executeContainerSet: a container that depends on nothing is the Pod node's child, any other a child of each container it depends on. */
export function linkContainerNodes(tick: Tick, w: WorkflowEntry, pod: NodeEntry, containers: readonly ContainerNode[]): void {
  const name = pod.object.status.name;
  for (const c of containers) {
    const n = byName(tick.state, w, `${name}.${c.name}`);
    if (!n) continue;
    const deps = c.dependencies ?? [];
    if (deps.length === 0) addChild(tick, pod, n);
    for (const d of deps) {
      const dep = byName(tick.state, w, `${name}.${d}`);
      if (dep) addChild(tick, dep, n);
    }
  }
}

function linkTask(tick: Tick, w: WorkflowEntry, dag: NodeEntry, task: NodeEntry): void {
  const t = dag.node.template === undefined ? undefined : templateOf(w.object, dag.node.template);
  const dependencies = t?.dag && task.node.task !== undefined ? (analyse(t.dag).dependencies.get(task.node.task) ?? []) : [];
  if (dependencies.length === 0) return addChild(tick, dag, task);
  for (const d of dependencies) {
    const dependency = byName(tick.state, w, `${dag.object.status.name}.${d}`);
    if (dependency) for (const o of outboundOf(tick.state, w, dependency)) addChild(tick, o, task);
  }
}

/** The children of a StepGroup: its steps' nodes (each loop's iterations in order), found from the template. */
function groupChildren(state: EngineState, w: WorkflowEntry, group: NodeEntry): NodeEntry[] {
  const steps = group.node.parent === undefined ? undefined : state.get(group.node.parent);
  const t = steps?.kind === "WorkflowNode" && steps.node.template !== undefined ? templateOf(w.object, steps.node.template) : undefined;
  const list = t?.steps?.[groupIndex(group)] ?? [];
  const out: NodeEntry[] = [];
  for (const step of list) {
    const name = `${group.object.status.name}.${step.name}`;
    const single = byName(state, w, name);
    if (single) {
      out.push(single);
      continue;
    }
    for (const uid of state.workflows.loops.get(nodeUid(w.object.metadata.uid, name)) ?? []) {
      const e = uid === undefined ? undefined : state.get(uid);
      if (e?.kind === "WorkflowNode") out.push(e);
    }
  }
  return out;
}

/** Argo's getOutboundNodes. */
export function outboundOf(state: EngineState, w: WorkflowEntry, n: NodeEntry): NodeEntry[] {
  const s = n.object.status;
  switch (s.type) {
    case "Pod":
      // A containerSet's pod is taken apart like a group: its outbound nodes are its last containers.
      return containerSetOf(w, n) ? containerOutbound(state, w, n, n) : [n];
    case "Container": {
      const pod = n.node.parent === undefined ? undefined : state.get(n.node.parent);
      return pod?.kind === "WorkflowNode" ? containerOutbound(state, w, pod, n) : [n];
    }
    case "Skipped":
    case "Suspend":
      return [n];
    case "TaskGroup": {
      const iterations = iterationsOf(state, n);
      return iterations.length === 0 ? [n] : iterations.flatMap((it) => outboundOf(state, w, it));
    }
    case "Retry": {
      // The last child: the exit hook if it has one (made after its attempts), else the last attempt.
      const hook = byName(state, w, `${s.name}.onExit`);
      const last = hook?.node.hookOf === n.object.metadata.uid ? hook : byName(state, w, `${s.name}(${(n.node.attempts ?? 0) - 1})`);
      return last ? [last] : [];
    }
    default:
      return declaredOutbound(state, w, n).flatMap((o) => (o.object.status.type === "Pod" ? [o] : outboundOf(state, w, o)));
  }
}

function containerSetOf(w: WorkflowEntry, pod: NodeEntry): readonly ContainerNode[] | undefined {
  return pod.node.template === undefined ? undefined : templateOf(w.object, pod.node.template)?.containerSet?.containers;
}

/** Argo's getOutboundNodes of a containerSet's Pod node or Container node: itself without children, else its children's, in turn. */
function containerOutbound(state: EngineState, w: WorkflowEntry, pod: NodeEntry, n: NodeEntry): NodeEntry[] {
  const containers = containerSetOf(w, pod) ?? [];
  const self = n === pod ? undefined : n.object.status.displayName;
  const children = containers.filter((c) => (self === undefined ? (c.dependencies ?? []).length === 0 : (c.dependencies ?? []).includes(self)));
  const nodes = children.map((c) => byName(state, w, `${pod.object.status.name}.${c.name}`)).filter((c): c is NodeEntry => c !== undefined);
  // Each once: containers that meet again (a diamond) would bring their last container twice.
  return nodes.length === 0 ? [n] : [...new Set(nodes.flatMap((c) => containerOutbound(state, w, pod, c)))];
}

function iterationsOf(state: EngineState, group: NodeEntry): NodeEntry[] {
  const out: NodeEntry[] = [];
  for (const uid of state.workflows.loops.get(group.object.metadata.uid) ?? []) {
    const e = uid === undefined ? undefined : state.get(uid);
    if (e?.kind === "WorkflowNode") out.push(e);
  }
  return out;
}

/** What Argo writes as a Steps or DAG node's outboundNodes. */
function declaredOutbound(state: EngineState, w: WorkflowEntry, n: NodeEntry): NodeEntry[] {
  const s = n.object.status;
  const t = n.node.template === undefined ? undefined : templateOf(w.object, n.node.template);
  if (s.type === "Steps" && t?.steps) {
    for (let g = t.steps.length - 1; g >= 0; g--) {
      const group = byName(state, w, `${s.name}[${g}]`);
      if (group) return groupChildren(state, w, group).flatMap((child) => outboundOf(state, w, child));
    }
  }
  if (s.type === "DAG" && t?.dag) {
    return analyse(t.dag).targets.flatMap((target) => {
      const task = byName(state, w, `${s.name}.${target}`);
      return task ? outboundOf(state, w, task) : [];
    });
  }
  return [];
}

/** A Steps or DAG node ended: its outboundNodes, as Argo writes them then (none: the field is left out). */
export function setOutboundNodes(tick: Tick, w: WorkflowEntry, n: NodeEntry): void {
  const s = n.object.status;
  if (s.type !== "Steps" && s.type !== "DAG") return;
  const ids = declaredOutbound(tick.state, w, n).map((o) => o.object.status.id);
  if (ids.length > 0) s.outboundNodes = ids;
  else delete s.outboundNodes;
  tick.state.touch(n);
}

/** `retry` deleted `removed` and resets `reset`: their ids leave the lists that name them; the reset ones' outboundNodes go. */
export function unlinkForRetry(tick: Tick, kept: readonly NodeEntry[], removed: readonly NodeEntry[], reset: readonly NodeEntry[]): void {
  const gone = new Set(removed.map((n) => n.object.status.id));
  for (const n of kept) {
    const children = n.object.status.children;
    if (children === undefined || !children.some((id) => gone.has(id))) continue;
    const left = children.filter((id) => !gone.has(id));
    if (left.length > 0) n.object.status.children = left;
    else delete n.object.status.children;
    tick.state.touch(n);
  }
  for (const n of reset) delete n.object.status.outboundNodes;
}
