import type { PodGC, TTLStrategy, WorkflowPhase } from "../../model/index.js";
import { deleteResource } from "../delete.js";
import type { NodeEntry, PodEntry, WorkflowEntry } from "../state.js";
import type { Tick } from "../tick.js";
import { argoDurationMs } from "../../spec/index.js";
import { matchesSelector } from "./label-selector.js";
import { templateOfNode } from "./nodes.js";
import { podLabels } from "./pod-node.js";
import { nodesOf } from "./suspend.js";

/**
 * What Argo does with a workflow once it is done with it. `ttlStrategy` (its TTL controller): the
 * finished workflow is deleted, with its nodes and pods, the given seconds after it finished.
 * `podGC`: pods are deleted, each once its node is fulfilled (OnPodCompletion, OnPodSuccess) or all
 * once the workflow finished (OnWorkflowCompletion, OnWorkflowSuccess), `deleteDelayDuration` later
 * (5s by default), only those `labelSelector` matches. Nodes stay: Argo keeps status.nodes. The
 * timers are kept on the workflow and on the nodes, so a restart sets them again.
 */
const TTL = "ttl";
const POD_GC = "podgc";
const DEFAULT_DELETE_DELAY_MS = 5000;

/** Argo's ttl(): secondsAfterFailure for Failed, secondsAfterSuccess for Succeeded, else secondsAfterCompletion. */
export function ttlField(ttl: TTLStrategy | undefined, phase: WorkflowPhase | ""): keyof TTLStrategy | undefined {
  if (ttl === undefined) return undefined;
  if (phase === "Failed" && ttl.secondsAfterFailure !== undefined) return "secondsAfterFailure";
  if (phase === "Succeeded" && ttl.secondsAfterSuccess !== undefined) return "secondsAfterSuccess";
  return ttl.secondsAfterCompletion !== undefined ? "secondsAfterCompletion" : undefined;
}

function deleteDelayMs(gc: PodGC): number {
  const text = gc.deleteDelayDuration;
  return text === undefined ? DEFAULT_DELETE_DELAY_MS : (argoDurationMs(text) ?? DEFAULT_DELETE_DELAY_MS);
}

/** A workflow finished (however it did): its TTL and its workflow-level pod GC start counting. */
export function onWorkflowFinished(tick: Tick, w: WorkflowEntry): void {
  const { spec, status } = w.object;
  const field = ttlField(spec.ttlStrategy, status.phase);
  if (field !== undefined) tick.setTimer(w, TTL, tick.at + spec.ttlStrategy![field]! * 1000);
  const gc = spec.podGC;
  const strategy = gc?.strategy;
  if (strategy === "OnWorkflowCompletion" || (strategy === "OnWorkflowSuccess" && status.phase === "Succeeded")) {
    tick.setTimer(w, POD_GC, tick.at + deleteDelayMs(gc!));
  }
}

/** A workflow that `retry` runs again is not done: what its end had started is called off. */
export function onWorkflowReopened(tick: Tick, w: WorkflowEntry): void {
  tick.clearTimer(w, TTL);
  tick.clearTimer(w, POD_GC);
}

/** The pod of a node ended and the node is fulfilled: OnPodCompletion and OnPodSuccess delete it. */
export function onNodePodEnded(tick: Tick, w: WorkflowEntry, n: NodeEntry, p: PodEntry): void {
  const gc = w.object.spec.podGC;
  const strategy = gc?.strategy;
  if (strategy !== "OnPodCompletion" && (strategy !== "OnPodSuccess" || p.object.status.phase !== "Succeeded")) return;
  if (!matchesSelector(p.object.metadata.labels, gc!.labelSelector)) return;
  tick.setTimer(n, POD_GC, tick.at + deleteDelayMs(gc!));
}

/** A cleanup timer of the workflow fired; false if the purpose is not one of these. */
export function onCleanupTimer(tick: Tick, w: WorkflowEntry, purpose: string): boolean {
  if (purpose !== TTL && purpose !== POD_GC) return false;
  // Argo checks again that the workflow is done: a `retry` may have started it again meanwhile.
  if (!w.finished) return true;
  if (purpose === POD_GC) deleteWorkflowPods(tick, w);
  else deleteExpired(tick, w);
  return true;
}

/** A node's pod GC timer fired: its pod row goes (it ended before; nothing runs). */
export function onNodePodGCTimer(tick: Tick, n: NodeEntry, purpose: string): boolean {
  if (purpose !== POD_GC) return false;
  if (n.node.pod !== undefined) tick.state.removeUid(n.node.pod);
  return true;
}

function deleteWorkflowPods(tick: Tick, w: WorkflowEntry): void {
  const selector = w.object.spec.podGC?.labelSelector;
  for (const n of nodesOf(tick.state, w)) {
    if (n.node.pod === undefined) continue;
    // The pod may have left memory once it ended: its labels are derived from its template, as they were made.
    const t = templateOfNode(w, n);
    if (t !== undefined && matchesSelector(podLabels(w.object, t), selector)) tick.state.removeUid(n.node.pod);
  }
}

function deleteExpired(tick: Tick, w: WorkflowEntry): void {
  const field = ttlField(w.object.spec.ttlStrategy, w.object.status.phase);
  const seconds = field === undefined ? undefined : w.object.spec.ttlStrategy![field];
  tick.event(w, "Normal", "Deleted", `Workflow deleted ${seconds} s after it finished (ttlStrategy.${field})`, "workflow-controller");
  deleteResource(tick, w);
}
