import type { Invocation, NodePhase, Template } from "../../model/index.js";
import type { NodeEntry, PodEntry, WorkflowEntry } from "../state.js";
import type { Tick } from "../tick.js";
import type { Ctx, Placement } from "./context.js";
import { startDag, dagTaskDone, taskGroupChildDone } from "./dag.js";
import { createNode, isFailure, mayRunWhileStopping, nodeTypeOf, templateOfNode } from "./nodes.js";
import { nodeUid } from "./ids.js";
import { setOutboundNodes } from "./node-links.js";
import { startSuspend } from "./suspend.js";
import { podNodeDone, startPodNode } from "./pod-node.js";
import { onRetryTimer, retryAttemptDone, startRetry } from "./retry.js";
import { workflowLookup } from "./scope.js";
import { startSteps, stepGroupChildDone, stepsGroupDone } from "./steps.js";
import { exitHookOf, retryStrategyOf, templateName, templateOf } from "./templates.js";

/** Called when the workflow's root node or its exit handler is fulfilled. */
export type RootDone = (c: Ctx, n: NodeEntry) => void;

/** The workflow controller's context for one workflow in one tick. */
export function context(tick: Tick, w: WorkflowEntry, rootDone: RootDone): Ctx {
  const c: Ctx = {
    tick,
    w,
    workflowVars: workflowLookup(tick.state, w, tick.at),
    invoke: (inv, at) => invoke(c, inv, at),
    fulfill: (n, phase, message) => fulfill(c, n, phase, message, rootDone),
    start: (n) => admit(c, n),
  };
  return c;
}

/** Resolves a template's inputs from the invocation's arguments: value, else the input's own value or default; enums hold. */
function resolveInputs(t: Template, inv: Invocation): { params: { name: string; value: string }[]; error?: string } {
  const params: { name: string; value: string }[] = [];
  for (const p of t.inputs.parameters) {
    const arg = inv.arguments.parameters.find((a) => a.name === p.name);
    const value = arg?.value ?? p.value ?? p.default;
    if (value === undefined) return { params, error: `inputs.parameters.${p.name} was not supplied` };
    if (p.enum !== undefined && !p.enum.includes(value)) return { params, error: `inputs.parameters.${p.name}: value "${value}" is not one of the enum values ${JSON.stringify(p.enum)}` };
    params.push({ name: p.name, value });
  }
  return { params };
}

function invoke(c: Ctx, inv: Invocation, at: Placement): NodeEntry {
  const name = templateName(inv);
  const t = templateOf(c.w.object, name);
  const common = {
    ...at,
    template: name,
    task: inv.name,
    ...(inv.continueOn ? { continueOn: inv.continueOn } : {}),
    ...(exitHookOf(inv) ? { exitHook: exitHookOf(inv)! } : {}),
  };
  if (!t) {
    const n = createNode(c.tick, c.w, { ...common, type: "Skipped" });
    c.fulfill(n, "Error", `template "${name}" not found`);
    return n;
  }
  const inputs = resolveInputs(t, inv);
  const type = retryStrategyOf(c.w.object, t) ? "Retry" : nodeTypeOf(t);
  const n = createNode(c.tick, c.w, { ...common, type, inputs: inputs.params });
  if (inputs.error !== undefined) c.fulfill(n, "Error", inputs.error);
  else admit(c, n);
  return n;
}

/** Starts a node unless its boundary's parallelism is used up; then it waits in the boundary's queue. */
function admit(c: Ctx, n: NodeEntry): void {
  const slot = n.node.slot === undefined ? undefined : c.tick.state.get(n.node.slot);
  if (slot?.kind === "WorkflowNode" && n.object.status.phase === "Pending" && n.node.queued !== "workflow") {
    const limit = templateOfNode(c.w, slot)?.parallelism ?? Infinity;
    if ((slot.node.active ?? 0) >= limit) {
      n.node.queued = "boundary";
      c.tick.state.touch(n);
      c.tick.state.workflows.enqueue(slot.object.metadata.uid, n);
      return;
    }
    slot.node.active = (slot.node.active ?? 0) + 1;
    n.node.holdsSlot = true;
    c.tick.state.touch(slot);
  }
  delete n.node.queued;
  if (c.w.wf.stopping !== undefined && !mayRunWhileStopping(c, n)) return c.fulfill(n, "Failed", c.w.wf.stopping);
  const t = templateOfNode(c.w, n)!;
  if (n.object.status.type === "Retry") return startRetry(c, n);
  if (t.steps) return startSteps(c, n);
  if (t.dag) return startDag(c, n);
  if (t.suspend) return startSuspend(c, n, t);
  startPodNode(c, n);
}

function fulfill(c: Ctx, n: NodeEntry, phase: NodePhase, message: string | undefined, rootDone: RootDone): void {
  if (n.finished) return;
  const s = n.object.status;
  s.phase = phase;
  s.finishedAt = c.tick.iso;
  if (message !== undefined) s.message = message;
  else delete s.message;
  c.tick.state.markFinished(n);
  for (const key of Object.keys(n.timers)) delete n.timers[key];
  setOutboundNodes(c.tick, c.w, n);
  if (phase !== "Skipped" && phase !== "Omitted" && (s.type === "Pod" || s.type === "Retry")) {
    const event = phase === "Succeeded" ? "WorkflowNodeSucceeded" : isFailure(phase) ? "WorkflowNodeFailed" : `WorkflowNode${phase}`;
    c.tick.event(c.w, phase === "Succeeded" ? "Normal" : "Warning", event, `${phase} node ${s.name}${s.message ? `: ${s.message}` : ""}`, "workflow-controller");
  }
  const hook = n.node.exitHook;
  // Kept once run: a node that `retry` runs again runs its hook again (the hook's node is deleted then).
  if (hook !== undefined && !n.node.hookOf && !c.tick.state.get(nodeUid(c.w.object.metadata.uid, `${s.name}.onExit`))) {
    release(c, n);
    const parent = n.node.parent === undefined ? undefined : (c.tick.state.get(n.node.parent) as NodeEntry | undefined);
    // The hook tells the parent on this node's behalf when it ends.
    c.invoke(hook, { name: `${s.name}.onExit`, displayName: `${s.displayName}.onExit`, ...(parent ? { parent } : {}), hookOf: n.object.metadata.uid, ...(s.boundaryID ? { boundaryID: s.boundaryID } : {}) });
    return;
  }
  // The parent hears of this node before its slot goes to a waiting sibling: a sibling that ends at
  // once must not find this node ended and still untold (counts rebuilt after a restart would miss it).
  notifyParent(c, n, rootDone);
  release(c, n);
}

/** Frees the parallelism slots a node held, starting what waited for them. */
function release(c: Ctx, n: NodeEntry): void {
  const state = c.tick.state;
  if (n.node.holdsSlot) {
    delete n.node.holdsSlot;
    const slot = state.get(n.node.slot!);
    if (slot?.kind === "WorkflowNode") {
      slot.node.active!--;
      state.touch(slot);
      const next = nextQueued(c, slot.object.metadata.uid);
      if (next) admit(c, next);
    }
  }
}

export function nextQueued(c: Ctx, owner: string): NodeEntry | undefined {
  for (;;) {
    const uid = c.tick.state.workflows.dequeue(owner);
    if (uid === undefined) return undefined;
    const e = c.tick.state.get(uid);
    if (e?.kind === "WorkflowNode" && !e.finished) return e;
  }
}

function notifyParent(c: Ctx, n: NodeEntry, rootDone: RootDone): void {
  // An exit hook tells its node's parent, on behalf of that node.
  const child = n.node.hookOf !== undefined && n.node.hookOf !== c.w.object.metadata.uid ? (c.tick.state.get(n.node.hookOf) as NodeEntry) : n;
  const parentUid = child.node.parent;
  const parent = parentUid === undefined ? undefined : c.tick.state.get(parentUid);
  if (parent?.kind !== "WorkflowNode") return rootDone(c, n);
  switch (parent.object.status.type) {
    case "StepGroup":
      return stepGroupChildDone(c, parent, child);
    case "Steps":
      return stepsGroupDone(c, parent, child);
    case "TaskGroup":
      return taskGroupChildDone(c, parent, child);
    case "DAG":
      return dagTaskDone(c, parent, child);
    case "Retry":
      return retryAttemptDone(c, parent, child);
  }
}

/** A workflow's pod ended. */
export function onWorkflowPod(c: Ctx, p: PodEntry): void {
  const n = p.pod.node === undefined ? undefined : c.tick.state.get(p.pod.node);
  if (n?.kind !== "WorkflowNode") return;
  podNodeDone(c, n, p);
  const next = nextQueued(c, c.w.object.metadata.uid);
  if (next) startPodNode(c, next);
}

export function onNodeTimer(c: Ctx, n: NodeEntry, purpose: string): void {
  if (purpose === "retry") onRetryTimer(c, n);
  else if (purpose === "resume" && !n.finished) c.fulfill(n, "Succeeded");
}

