import type { Template } from "../../model/index.js";
import type { EngineState, NodeEntry, WorkflowEntry } from "../state.js";
import type { Ctx } from "./context.js";
import { argoDurationMs } from "../../spec/index.js";
import { setRunning } from "./nodes.js";

/**
 * Suspending, as Argo does it. A `suspend` template's node waits, Running, until its duration has
 * passed or `resume` ends it (Succeeded). `spec.suspend` — set by `baton suspend`, or at
 * submission — lets running pods go on and holds every pod that would start (its node stays
 * Pending) until `resume` clears it. A shutdown (`stop`, `terminate`, a deadline) overrides it.
 */
export function startSuspend(c: Ctx, n: NodeEntry, t: Template): void {
  setRunning(c.tick, n);
  const duration = t.suspend!.duration;
  if (duration === undefined) {
    n.object.status.message = waitingMessage(c.w);
    return;
  }
  const ms = argoDurationMs(duration);
  if (ms === undefined) return c.fulfill(n, "Error", `invalid suspend duration "${duration}"`);
  n.object.status.message = `suspended for ${duration}`;
  c.tick.setTimer(n, "resume", c.tick.at + ms);
}

/** What a workflow that waits for a person says, naming the command that moves it on. */
export function waitingMessage(w: WorkflowEntry): string {
  return `waiting for \`baton resume ${w.object.metadata.name}\``;
}

/** Whether pods that would start now must wait for `resume`. */
export function holdsPods(w: WorkflowEntry): boolean {
  return w.object.spec.suspend === true && w.wf.stopping === undefined;
}

/** A Pod node held by spec.suspend: created, not queued, not started. */
export function isHeld(n: NodeEntry): boolean {
  return !n.finished && n.object.status.type === "Pod" && n.object.status.phase === "Pending" && n.node.queued === undefined;
}

/** Argo's IsActiveSuspendNode: a suspend node that waits. */
export function isActiveSuspend(n: NodeEntry): boolean {
  return !n.finished && n.object.status.type === "Suspend" && n.object.status.phase === "Running";
}

/** The nodes of one workflow. A scan: for commands and reports, never for the work of an ordinary event. */
export function nodesOf(state: EngineState, w: WorkflowEntry): NodeEntry[] {
  const uid = w.object.metadata.uid;
  const out: NodeEntry[] = [];
  for (const e of state.entries.values()) if (e.kind === "WorkflowNode" && e.node.workflow === uid) out.push(e);
  return out.sort((a, b) => a.node.seq - b.node.seq);
}

/**
 * Argo's IsWorkflowSuspended: an unfinished workflow with spec.suspend set or a suspend node
 * waiting. `baton run` reports such a workflow as Suspended when nothing else can move it.
 */
export function isWorkflowSuspended(state: EngineState, w: WorkflowEntry): boolean {
  if (w.finished) return false;
  return w.object.spec.suspend === true || nodesOf(state, w).some(isActiveSuspend);
}
