import type { WorkflowCommand } from "../../model/index.js";
import type { NodeEntry, WorkflowEntry } from "../state.js";
import type { Tick } from "../tick.js";
import type { Ctx } from "./context.js";
import { onWorkflowFinished, onWorkflowReopened } from "./cleanup.js";
import { nextQueued } from "./controller.js";
import { nodeUid } from "./ids.js";
import { unlinkForRetry } from "./node-links.js";
import { nodeSelector } from "./node-selector.js";
import { startPodNode } from "./pod-node.js";
import { planRetry } from "./retry-plan.js";
import { isActiveSuspend, isHeld, nodesOf } from "./suspend.js";
import { markRunning, rootDone, runEntrypoint, stopWorkflow, workflowCtx } from "./workflow.js";

/**
 * Argo's workflow commands (`argo suspend|resume|stop|terminate|retry`, util.go), as engine events.
 * One that does not apply (suspending a finished workflow, retrying a running one) changes nothing:
 * the API answers the user before it sends the event.
 */
export function onWorkflowCommand(tick: Tick, w: WorkflowEntry, command: WorkflowCommand): void {
  switch (command.verb) {
    case "suspend":
      return suspend(tick, w);
    case "resume":
      return resume(tick, w, command.node);
    case "stop":
      return shutdown(tick, w, `Stopped with strategy 'Stop'${command.message ? `: ${command.message}` : ""}`, false);
    case "terminate":
      return shutdown(tick, w, "Stopped with strategy 'Terminate'", true);
    case "retry":
      return retry(tick, w, command.node);
  }
}

/** Argo's SuspendWorkflow: spec.suspend; running pods go on, pods that would start are held. */
function suspend(tick: Tick, w: WorkflowEntry): void {
  if (w.finished || w.object.spec.suspend === true) return;
  w.object.spec.suspend = true;
  tick.state.touch(w);
}

/**
 * Argo's ResumeWorkflow: clears spec.suspend (held pods start) and ends every waiting suspend node
 * as Succeeded; with a node selector, it ends only the suspend nodes selected and leaves spec.suspend.
 */
function resume(tick: Tick, w: WorkflowEntry, selector: string | undefined): void {
  if (w.finished) return;
  const c = workflowCtx(tick, w);
  const nodes = nodesOf(tick.state, w);
  if (selector === undefined && w.object.spec.suspend === true) {
    delete w.object.spec.suspend;
    tick.state.touch(w);
    startHeld(c, nodes);
  }
  const match = selector === undefined ? () => true : nodeSelector(selector);
  for (const n of nodes) if (isActiveSuspend(n) && match(n.object.status)) c.fulfill(n, "Succeeded");
}

/** Held pods start in the order their nodes were created, within the workflow's parallelism. */
function startHeld(c: Ctx, nodes: NodeEntry[]): void {
  const uid = c.w.object.metadata.uid;
  const limit = c.w.object.spec.parallelism;
  const memory = c.tick.state.workflows;
  for (const n of nodes) {
    if (!isHeld(n)) continue;
    if (limit === undefined) startPodNode(c, n);
    else {
      n.node.queued = "workflow";
      c.tick.state.touch(n);
      memory.enqueue(uid, n);
    }
  }
  while (limit !== undefined && memory.activePods(uid) < limit) {
    const next = nextQueued(c, uid);
    if (!next) break;
    startPodNode(c, next);
  }
}

/** Argo's StopWorkflow and TerminateWorkflow (spec.shutdown); a workflow that never started just ends. */
function shutdown(tick: Tick, w: WorkflowEntry, message: string, terminate: boolean): void {
  if (w.finished) return;
  if (w.object.status.startedAt !== undefined) return stopWorkflow(tick, w, message, terminate);
  const s = w.object.status;
  s.phase = "Failed";
  s.message = message;
  s.finishedAt = tick.iso;
  w.waitingFor = 0;
  tick.state.markFinished(w);
  tick.event(w, "Warning", "WorkflowFailed", message, "workflow-controller");
  onWorkflowFinished(tick, w);
}

/**
 * Argo's RetryWorkflow on a Failed or Error workflow (or, with a node selector, a Succeeded one):
 * what retry-plan.ts chooses is deleted (with its pods) or reset, and the workflow runs again from
 * its root, keeping what succeeded. Nothing to run again leaves a Succeeded workflow as it is.
 */
function retry(tick: Tick, w: WorkflowEntry, selector: string | undefined): void {
  const phase = w.object.status.phase;
  const retriable = phase === "Failed" || phase === "Error" || (phase === "Succeeded" && selector !== undefined);
  if (!w.finished || !retriable || w.object.status.startedAt === undefined) return;
  const state = tick.state;
  const plan = planRetry(state, w, selector);
  if (plan.remove.length === 0 && phase === "Succeeded") return;
  const next = nextSeq(tick, w);
  const removed = new Set(plan.remove);
  unlinkForRetry(tick, nodesOf(state, w).filter((n) => !removed.has(n)), plan.remove, plan.reset);
  for (const n of plan.remove) {
    if (n.node.pod !== undefined) state.removeUid(n.node.pod);
    state.workflows.forget(n.object.metadata.uid);
    state.remove(n);
  }
  for (const n of plan.reset) reset(tick, n);
  reopen(tick, w);
  const c = workflowCtx(tick, w);
  const root = state.get(nodeUid(w.object.metadata.uid, w.object.metadata.name)) as NodeEntry | undefined;
  // Numbers of deleted nodes are never given again (a pod's uid comes from its node's number): the
  // root takes the next one, so that a restart, which numbers on from the highest, does the same.
  if (root) {
    root.node.seq = next;
    state.touch(root);
  }
  state.workflows.resumeSeq(w.object.metadata.uid, root ? next + 1 : next);
  if (!root) runEntrypoint(c);
  else if (!root.finished) c.start(root);
  else rootDone(c, root);
}

function nextSeq(tick: Tick, w: WorkflowEntry): number {
  let next = 0;
  for (const n of nodesOf(tick.state, w)) next = Math.max(next, n.node.seq + 1);
  return next;
}

/** Argo's resetNode: the node runs again (Pending until its parent starts it); its counts are rebuilt then. */
function reset(tick: Tick, n: NodeEntry): void {
  tick.state.reopen(n);
  const s = n.object.status;
  s.phase = "Pending";
  delete s.finishedAt;
  delete s.message;
  const t = n.node;
  delete t.failure;
  delete t.pending;
  delete t.active;
  delete t.holdsSlot;
  delete t.queued;
  tick.state.workflows.forget(n.object.metadata.uid);
}

function reopen(tick: Tick, w: WorkflowEntry): void {
  const state = tick.state;
  state.reopen(w);
  delete w.object.status.finishedAt;
  delete w.object.status.message;
  delete w.wf.ending;
  delete w.wf.stopping;
  delete w.wf.terminated;
  onWorkflowReopened(tick, w);
  markRunning(tick, w);
}
