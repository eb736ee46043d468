import type { Workflow } from "../../model/index.js";
import { killPod } from "../pod.js";
import type { NodeEntry, PodEntry, WorkflowEntry, WorkflowTracking } from "../state.js";
import type { Tick } from "../tick.js";
import type { Ctx } from "./context.js";
import { context, onNodeTimer, onWorkflowPod } from "./controller.js";
import { startPodNode } from "./pod-node.js";
import { isHeld } from "./suspend.js";
import { isFailure, mayRunWhileStopping, templateOfNode } from "./nodes.js";
import { syncContainerNodes } from "./container-set.js";
import type { PodOutcome } from "../pod.js";
import { onCleanupTimer, onNodePodEnded, onNodePodGCTimer, onWorkflowFinished } from "./cleanup.js";

/**
 * A workflow from submission to its end: the entrypoint runs as the root node; when it ends, the
 * exit handler (spec.onExit) runs with `workflow.status` set; then the workflow takes the phase of
 * its root (an exit handler's failure fails a workflow that had succeeded).
 */
export function newWorkflowTracking(): WorkflowTracking {
  return { globals: {} };
}

/** The workflow controller's context for one workflow in one tick. */
export function workflowCtx(tick: Tick, w: WorkflowEntry): Ctx {
  return context(tick, w, rootDone);
}
const ctx = workflowCtx;

/** Starts a workflow, or starts it again (`retry`); spec.suspend holds its pods (suspend.ts). */
export function startWorkflow(tick: Tick, w: WorkflowEntry): void {
  markRunning(tick, w);
  runEntrypoint(ctx(tick, w));
}

export function markRunning(tick: Tick, w: WorkflowEntry): void {
  const wf = w.object;
  wf.status.phase = "Running";
  wf.status.startedAt = tick.iso;
  tick.state.touch(w);
  tick.event(w, "Normal", "WorkflowRunning", "Workflow Running", "workflow-controller");
  // Argo's retry starts the clock again (createNewRetryWorkflow sets startedAt).
  if (wf.spec.activeDeadlineSeconds !== undefined) tick.setTimer(w, "deadline", tick.at + wf.spec.activeDeadlineSeconds * 1000);
}

export function runEntrypoint(c: Ctx): void {
  const wf = c.w.object;
  c.invoke({ name: wf.metadata.name, template: wf.spec.entrypoint, arguments: wf.spec.arguments }, { name: wf.metadata.name, displayName: wf.metadata.name });
}

/** The root node or the exit handler ended (or, after a `retry` that kept the root, ended before). */
export function rootDone(c: Ctx, n: NodeEntry): void {
  const w = c.w;
  const wf = w.object;
  const s = n.object.status;
  if (n.node.hookOf === wf.metadata.uid) {
    const ending = w.wf.ending!;
    if (isFailure(s.phase) && ending.phase === "Succeeded") return finish(c, "Failed", `exit handler failed: ${s.message ?? s.phase}`);
    return finish(c, ending.phase, ending.message);
  }
  const phase = s.phase === "Succeeded" || s.phase === "Skipped" || s.phase === "Omitted" ? "Succeeded" : s.phase === "Error" ? "Error" : "Failed";
  w.wf.ending = { phase, ...(phase !== "Succeeded" ? { message: w.wf.stopping ?? s.message ?? `child '${s.id}' failed` } : {}) };
  c.tick.state.touch(w);
  if (wf.spec.onExit !== undefined && !w.wf.terminated) {
    const name = `${wf.metadata.name}.onExit`;
    c.invoke({ name: "onExit", template: wf.spec.onExit, arguments: { parameters: [] } }, { name, displayName: name, hookOf: wf.metadata.uid });
    return;
  }
  finish(c, phase, w.wf.ending.message);
}

function finish(c: Ctx, phase: "Succeeded" | "Failed" | "Error", message: string | undefined): void {
  const w = c.w;
  const wf: Workflow = w.object;
  if (w.finished) return;
  wf.status.phase = phase;
  wf.status.finishedAt = c.tick.iso;
  if (message !== undefined) wf.status.message = message;
  const globals = Object.entries(w.wf.globals);
  if (globals.length > 0) wf.status.outputs = { parameters: globals.map(([name, value]) => ({ name, value })) };
  c.tick.clearTimer(w, "deadline");
  c.tick.state.markFinished(w);
  c.tick.state.workflows.forget(wf.metadata.uid);
  onWorkflowFinished(c.tick, w);
  const event = phase === "Succeeded" ? "WorkflowSucceeded" : phase === "Error" ? "WorkflowError" : "WorkflowFailed";
  c.tick.event(w, phase === "Succeeded" ? "Normal" : "Warning", event, message ?? `Workflow ${phase.toLowerCase()}`, "workflow-controller");
}

/** A pod of the workflow changed; a terminal one ends its node. */
export function onWorkflowPodChange(tick: Tick, w: WorkflowEntry, p: PodEntry, outcome: PodOutcome): void {
  const node = p.pod.node === undefined ? undefined : tick.state.get(p.pod.node);
  const t = node?.kind === "WorkflowNode" && !node.finished ? templateOfNode(w, node) : undefined;
  if (t?.containerSet) syncContainerNodes(ctx(tick, w), node as NodeEntry, p, t);
  if (!outcome.terminal) return;
  tick.state.markFinished(p);
  onWorkflowPod(ctx(tick, w), p);
  const n = p.pod.node === undefined ? undefined : tick.state.get(p.pod.node);
  if (n?.kind === "WorkflowNode" && n.finished) onNodePodEnded(tick, w, n, p);
}

export function onWorkflowTimer(tick: Tick, w: WorkflowEntry, purpose: string): void {
  if (onCleanupTimer(tick, w, purpose)) return;
  if (purpose === "deadline" && !w.finished) stopWorkflow(tick, w, "Step exceeded its deadline", false);
}

export function onWorkflowNodeTimer(tick: Tick, w: WorkflowEntry, n: NodeEntry, purpose: string): void {
  if (onNodePodGCTimer(tick, n, purpose)) return;
  onNodeTimer(ctx(tick, w), n, purpose);
}

/**
 * Stops a workflow, Argo's shutdown: running pods are killed, waiting nodes fail with the message,
 * nothing new starts. With the Stop strategy (a deadline, `baton stop`) exit handlers still run;
 * with Terminate (Ctrl-C, `baton terminate`) they do not.
 */
export function stopWorkflow(tick: Tick, w: WorkflowEntry, message: string, terminate: boolean): void {
  if (w.finished) return;
  w.wf.stopping = message;
  if (terminate) w.wf.terminated = true;
  tick.state.touch(w);
  const c = ctx(tick, w);
  const uid = w.object.metadata.uid;
  const pods: PodEntry[] = [];
  const fail: NodeEntry[] = [];
  const release: NodeEntry[] = [];
  for (const e of tick.state.entries.values()) {
    if (e.kind === "Pod" && e.pod.owner === uid && !e.finished) pods.push(e);
    else if (e.kind === "WorkflowNode" && e.node.workflow === uid && !e.finished && e.object.status.type !== "Container") {
      // Argo fails every pending node: queued for a slot, held by spec.suspend, or reset by a
      // `retry` under a node that has not started again (nothing would start it now).
      const waiting = e.node.queued !== undefined || isHeld(e) || (e.object.status.phase === "Pending" && e.node.pod === undefined);
      const paused = e.object.status.type === "Suspend" || (e.object.status.type === "Retry" && Object.keys(e.timers).length > 0);
      if (!waiting && !paused) continue;
      if (!mayRunWhileStopping(c, e)) fail.push(e);
      else if (isHeld(e)) release.push(e);
    }
  }
  // In the order the nodes were made, the same after an engine restart (which reloads rows in another order).
  const seqOf = (n: NodeEntry | PodEntry): number => {
    const node = n.kind === "Pod" ? (n.pod.node === undefined ? undefined : tick.state.get(n.pod.node)) : n;
    return node?.kind === "WorkflowNode" ? node.node.seq : Infinity;
  };
  fail.sort((a, b) => seqOf(a) - seqOf(b));
  pods.sort((a, b) => seqOf(a) - seqOf(b));
  for (const n of fail) c.fulfill(n, "Failed", message);
  // A shutdown overrides spec.suspend: held exit-handler pods start.
  for (const n of release) if (isHeld(n)) startPodNode(c, n);
  for (const p of pods) {
    if (p.object.status.startTime === undefined) continue;
    const n = p.pod.node === undefined ? undefined : tick.state.get(p.pod.node);
    if (n?.kind === "WorkflowNode" && mayRunWhileStopping(c, n)) continue;
    const outcome = killPod(tick, p, "Stopped", message);
    onWorkflowPodChange(tick, w, p, outcome);
  }
}
