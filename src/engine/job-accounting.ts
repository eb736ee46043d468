import type { PodEntry, JobEntry } from "./state.js";
import type { Tick } from "./tick.js";
import type { Finish } from "./job-finish.js";
import { IntervalSet } from "./interval-set.js";
import { matchPodFailurePolicy } from "./pod-failure-policy.js";
import { restartsOf } from "./pod-status.js";
import { jobBackoffDelay } from "./backoff.js";
import { backoffBase } from "./pod.js";
import { syncPodCounters } from "./job-pod-counters.js";

/**
 * Counts a pod of the Job that reached a terminal phase, as Kubernetes' Job controller does:
 * success, failure under the pod failure policy, back-off record, per-index failures.
 * Returns the end it calls for, if any (FailJob).
 */
export function accountTerminatedPod(tick: Tick, j: JobEntry, p: PodEntry): Finish | undefined {
  const t = j.job;
  const status = j.object.status;
  const at = t.activePods.indexOf(p.object.metadata.uid);
  if (at < 0) return undefined;
  t.activePods.splice(at, 1);
  t.activeRestarts -= restartsOf(p.object);
  syncPodCounters(j, p);
  tick.state.markFinished(p);
  if (!tick.state.retainFinishedPods) tick.state.evict(p);
  tick.state.touch(j);
  const index = p.pod.index;
  if (p.object.status.phase === "Succeeded") {
    t.failuresSinceSuccess = 0;
    if (index === undefined) status.succeeded++;
    else {
      const done = new IntervalSet(t.succeededIndexes);
      if (done.add(index)) status.succeeded++;
      t.succeededIndexes = done.toJSON();
      status.completedIndexes = done.toString();
    }
    return undefined;
  }
  const killed = p.pod.killing?.reason;
  // Pods ended by suspension, by a stop, or after the Job met its success criteria do not count.
  if (killed === "Suspended" || killed === "Stopped" || (killed === "Deleted" && t.finishing?.type === "Complete")) {
    if (index !== undefined && !t.finishing) t.retryIndexes[index] = 0;
    return undefined;
  }
  if (killed === "Deleted") {
    status.failed++;
    return undefined;
  }
  const match = j.object.spec.podFailurePolicy ? matchPodFailurePolicy(j.object, p.object) : undefined;
  if (match?.action === "Ignore") {
    if (index !== undefined) t.retryIndexes[index] = 0;
    return undefined;
  }
  status.failed++;
  if (match?.action === "FailJob") return { type: "Failed", reason: "PodFailurePolicy", message: match.message };
  t.failuresSinceSuccess++;
  t.lastFailureAt = tick.at;
  if (index !== undefined) indexFailed(tick, j, index, match?.action === "FailIndex");
  return undefined;
}

function indexFailed(tick: Tick, j: JobEntry, index: number, failIndex: boolean): void {
  const t = j.job;
  const perIndex = j.object.spec.backoffLimitPerIndex;
  if (perIndex === undefined) {
    t.retryIndexes[index] = 0;
    return;
  }
  const failures = (t.indexFailures[index] ?? 0) + 1;
  t.indexFailures[index] = failures;
  if (failIndex || failures > perIndex) {
    const failed = new IntervalSet(t.failedIndexes);
    failed.add(index);
    t.failedIndexes = failed.toJSON();
    j.object.status.failedIndexes = failed.toString();
    delete t.indexFailures[index];
    return;
  }
  t.retryIndexes[index] = tick.at + jobBackoffDelay(failures, backoffBase(tick.state, j.object.metadata.annotations));
}

