import type { ContinueOn, Invocation, NodePhase, NodeStatus, NodeType, Template } from "../../model/index.js";
import type { EngineState, NodeEntry, WorkflowEntry } from "../state.js";
import type { Tick } from "../tick.js";
import type { Ctx } from "./context.js";
import { nodeId, nodeUid } from "./ids.js";
import { linkNewNode } from "./node-links.js";
import { templateOf } from "./templates.js";

/** What a new node is: Argo's name and type, where it hangs, and what it runs. */
export interface NodeSpec {
  name: string;
  displayName: string;
  type: NodeType;
  template?: string;
  parent?: NodeEntry;
  boundaryID?: string;
  inputs?: { name: string; value: string }[];
  /** The step or task it stands for in its parent's template. */
  task?: string;
  continueOn?: ContinueOn;
  exitHook?: Invocation;
  slot?: string;
  loopOf?: string;
  hookOf?: string;
  /** The key of its uid, when it is not the name (iterations of loops). */
  key?: string;
}

export function createNode(tick: Tick, w: WorkflowEntry, spec: NodeSpec): NodeEntry {
  const wf = w.object;
  const uid = nodeUid(wf.metadata.uid, spec.key ?? spec.name);
  const status: NodeStatus = {
    id: nodeId(wf.metadata.name, spec.name),
    name: spec.name,
    displayName: spec.displayName,
    type: spec.type,
    phase: "Pending",
    startedAt: tick.iso,
  };
  if (spec.template !== undefined) status.templateName = spec.template;
  const ref = spec.template === undefined ? undefined : templateRefOf(spec.template);
  if (ref) status.templateRef = ref;
  if (spec.boundaryID !== undefined) status.boundaryID = spec.boundaryID;
  if (spec.inputs !== undefined && spec.inputs.length > 0) status.inputs = { parameters: spec.inputs };
  const n: NodeEntry = {
    kind: "WorkflowNode",
    object: {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "WorkflowNode",
      metadata: { name: status.id, namespace: wf.metadata.namespace, uid, labels: {}, annotations: {} },
      status,
    },
    node: { workflow: wf.metadata.uid, seq: tick.state.workflows.nextSeq(wf.metadata.uid) },
    waitingFor: 0,
    timers: {},
    topLevel: false,
    finished: false,
  };
  const t = n.node;
  if (spec.parent) t.parent = spec.parent.object.metadata.uid;
  if (spec.template !== undefined) t.template = spec.template;
  if (spec.task !== undefined) t.task = spec.task;
  if (spec.continueOn !== undefined) t.continueOn = spec.continueOn;
  if (spec.exitHook !== undefined) t.exitHook = spec.exitHook;
  if (spec.slot !== undefined) t.slot = spec.slot;
  if (spec.hookOf !== undefined) t.hookOf = spec.hookOf;
  if (spec.loopOf !== undefined) {
    t.loopOf = spec.loopOf;
    tick.state.workflows.addIteration(spec.loopOf, uid);
  }
  // The workflow's own row is not touched: it holds the whole spec, and a node must cost one small row.
  tick.state.add(n);
  linkNewNode(tick, w, n, spec.parent);
  return n;
}

/** Templates copied from a WorkflowTemplate are named `<workflowTemplate>/<template>`. */
function templateRefOf(template: string): NodeStatus["templateRef"] {
  const slash = template.indexOf("/");
  return slash < 0 ? undefined : { name: template.slice(0, slash), template: template.slice(slash + 1) };
}

export function setRunning(tick: Tick, n: NodeEntry): void {
  n.object.status.phase = "Running";
  n.object.status.startedAt = tick.iso;
  tick.state.touch(n);
}

export function templateOfNode(w: WorkflowEntry, n: NodeEntry): Template | undefined {
  return n.node.template === undefined ? undefined : templateOf(w.object, n.node.template);
}

/** The node type that runs a template. */
export function nodeTypeOf(t: Template): NodeType {
  if (t.steps) return "Steps";
  if (t.dag) return "DAG";
  if (t.suspend) return "Suspend";
  return "Pod";
}

export function isFailure(phase: NodePhase): boolean {
  return phase === "Failed" || phase === "Error";
}

/** Whether a step's or task's `continueOn` lets its parent go on after this phase. */
export function continuesOn(n: NodeEntry): boolean {
  const c = n.node.continueOn;
  const phase = n.object.status.phase;
  return (phase === "Failed" && c?.failed === true) || (phase === "Error" && c?.error === true);
}

/** Whether a node runs inside an exit handler: the workflow's onExit, or a step's or task's exit hook. */
export function inExitHandler(state: EngineState, n: NodeEntry): boolean {
  // A hook's node hangs beside the node it follows; its own children hang under it.
  for (let m: NodeEntry | undefined = n; m; m = m.node.parent === undefined ? undefined : (state.get(m.node.parent) as NodeEntry | undefined)) {
    if (m.node.hookOf !== undefined) return true;
  }
  return false;
}

/** Argo's Stop strategy lets exit handlers (the workflow's and steps' or tasks' hooks) run; Terminate does not. */
export function mayRunWhileStopping(c: Ctx, n: NodeEntry): boolean {
  return !c.w.wf.terminated && inExitHandler(c.tick.state, n);
}
