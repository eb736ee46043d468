import type { ObjectMeta } from "../model/index.js";
import { podUid } from "./ids.js";
import type { Entry, PodEntry } from "./state.js";
import type { Tick } from "./tick.js";

/**
 * `kubectl delete` with background propagation: the object leaves at once, with everything it
 * owns — a Job's pods, a Workflow's nodes and pods, a CronJob's Jobs. Processes still running
 * get their graceful stop (SIGTERM, then SIGKILL after the pod's grace period); what they report
 * afterwards finds nothing and is ignored. Returns the uids of the deleted top-level resources.
 */
export function deleteResource(tick: Tick, e: Entry): string[] {
  const state = tick.state;
  const uid = e.object.metadata.uid;
  const deleted = [uid];
  // Resources a controller of this one created (a CronJob's Jobs and Workflows) go first. Only
  // schedules own top-level resources: other kinds skip the scan, so a sweep of many Jobs stays linear.
  if (e.kind === "CronJob" || e.kind === "CronWorkflow") {
    for (const owned of state.topLevel()) {
      if (owned !== e && isOwnedBy(owned.object.metadata, uid)) deleted.push(...deleteResource(tick, owned));
    }
  }
  if (e.kind === "Job") {
    for (const p of e.job.activePods) stopProcesses(tick, state.get(p));
    for (let seq = 0; seq < e.job.podSeq; seq++) state.removeUid(podUid(uid, seq));
  } else if (e.kind === "Workflow") {
    for (const n of [...state.entries.values()]) {
      if (n.kind !== "WorkflowNode" || n.node.workflow !== uid) continue;
      if (n.node.pod !== undefined) {
        stopProcesses(tick, state.get(n.node.pod));
        state.removeUid(n.node.pod);
      }
      state.removeUid(n.object.metadata.uid);
    }
    state.workflows.forget(uid);
  } else if (e.kind === "Pod") stopProcesses(tick, e);
  state.markFinished(e);
  state.remove(e);
  state.dependents.delete(uid);
  return deleted;
}

function isOwnedBy(meta: ObjectMeta, uid: string): boolean {
  return (meta.ownerReferences ?? []).some((r) => r.uid === uid);
}

function stopProcesses(tick: Tick, e: Entry | undefined): void {
  const p = e as PodEntry | undefined;
  if (p?.kind !== "Pod" || p.pod.live.length === 0) return;
  tick.act({ type: "KillPod", podUid: p.object.metadata.uid, gracePeriodSeconds: p.object.spec.terminationGracePeriodSeconds });
}
