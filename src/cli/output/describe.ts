import { resultOf, type Entry } from "../../engine/index.js";
import type { Pod } from "../../model/index.js";

/** `job/primes` or `pod/sequential-job`, as kubectl names objects. */
export function refOf(e: Entry): string {
  return `${e.kind.toLowerCase()}/${e.object.metadata.name}`;
}

export function phaseOf(e: Entry): string {
  const result = resultOf(e);
  if (result !== "Unfinished") return result;
  if (e.kind === "Workflow" || e.kind === "WorkflowNode") return e.object.status.phase || "Pending";
  if (e.kind === "Job") {
    if (e.object.status.conditions.some((c) => c.type === "Suspended" && c.status === "True")) return "Suspended";
    if (e.waitingFor > 0) return "Waiting";
    return e.object.status.startTime ? "Running" : "Pending";
  }
  // A schedule never finishes by itself: it is Scheduled, or Suspended.
  if (e.kind === "CronJob" || e.kind === "CronWorkflow") return e.object.spec.suspend ? "Suspended" : "Scheduled";
  return e.waitingFor > 0 ? "Waiting" : e.object.status.phase;
}

/** Why a pod failed, in a user's words: the container that failed and how. */
export function podFailure(pod: Pod): string {
  if (pod.status.reason) return `${pod.status.reason}: ${pod.status.message ?? ""}`.trim();
  for (const [kind, list] of [["init container", pod.status.initContainerStatuses], ["container", pod.status.containerStatuses]] as const) {
    for (const s of list) {
      const t = s.state.terminated;
      if (t && t.exitCode !== 0) return `${kind} ${s.name} ${t.reason === "StartError" ? `could not start: ${t.message}` : `exited with code ${t.exitCode}`}`;
    }
  }
  return "failed";
}

/** One line for the summary: what became of the resource, and why. */
export function outcomeLine(e: Entry): string {
  if (e.kind === "Pod") {
    const p = e.object;
    return p.status.phase === "Failed" ? podFailure(p) : `${p.status.phase}`;
  }
  if (e.kind === "Workflow" || e.kind === "WorkflowNode") {
    const s = e.object.status;
    return s.message ? `${s.phase}: ${s.message}` : s.phase;
  }
  if (e.kind === "CronJob") {
    const s = e.object.status;
    return `${s.active.length} active; last scheduled ${s.lastScheduleTime ?? "never"}; last succeeded ${s.lastSuccessfulTime ?? "never"}`;
  }
  if (e.kind === "CronWorkflow") {
    const s = e.object.status;
    return `${s.active.length} active, ${s.succeeded} succeeded, ${s.failed} failed; last scheduled ${s.lastScheduledTime ?? "never"}`;
  }
  const j = e.object;
  const counts = `${j.status.succeeded} succeeded, ${j.status.failed} failed`;
  const end = j.status.conditions.find((c) => (c.type === "Failed" || c.type === "Complete") && c.status === "True");
  if (!end) return counts;
  const indexes = j.status.failedIndexes ? `; failed indexes ${j.status.failedIndexes}` : "";
  return end.type === "Complete" ? `${counts}` : `${end.reason}: ${end.message} (${counts}${indexes})`;
}
