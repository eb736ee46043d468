import type { JobReason } from "../model/index.js";
import { setJobCondition } from "./job-conditions.js";
import { killPod } from "./pod.js";
import { syncPodCounters } from "./job-pod-counters.js";
import type { JobEntry, KillReason, PodEntry } from "./state.js";
import type { Tick } from "./tick.js";

export interface Finish {
  type: "Complete" | "Failed";
  reason: JobReason;
  message: string;
}

/**
 * Decides the end of a Job. As Kubernetes does, the interim condition (FailureTarget or
 * SuccessCriteriaMet) is written first, the remaining pods are terminated, and the final
 * condition (Failed or Complete) follows once no pod of the Job runs. Returns pods that ended at once.
 */
export function beginFinish(tick: Tick, j: JobEntry, end: Finish, killReason: KillReason = "Deleted"): PodEntry[] {
  if (j.job.finishing || j.finished) return [];
  j.job.finishing = end;
  const interim = end.type === "Failed" ? "FailureTarget" : "SuccessCriteriaMet";
  setJobCondition(j.object, interim, "True", tick.iso, end.reason, end.message);
  tick.clearTimer(j, "deadline");
  tick.clearTimer(j, "backoff");
  tick.state.touch(j);
  const ended: PodEntry[] = [];
  for (const uid of [...j.job.activePods]) {
    const p = tick.state.get(uid);
    if (p?.kind !== "Pod") continue;
    if (p.pod.killing === undefined) tick.event(j, "Normal", "SuccessfulDelete", `Deleted pod: ${p.object.metadata.name}`);
    if (killPod(tick, p, killReason, end.message).terminal) ended.push(p);
    else syncPodCounters(j, p);
  }
  return ended;
}

/** Writes the final condition once the Job's last pod has ended. Returns whether the Job finished now. */
export function completeFinish(tick: Tick, j: JobEntry): boolean {
  const end = j.job.finishing;
  if (!end || j.finished || j.job.activePods.length > 0) return false;
  const job = j.object;
  setJobCondition(job, end.type, "True", tick.iso, end.reason, end.message);
  if (end.type === "Complete") {
    job.status.completionTime = tick.iso;
    tick.event(j, "Normal", "Completed", "Job completed");
  } else {
    tick.event(j, "Warning", end.reason, end.message);
  }
  for (const key of Object.keys(j.timers)) delete j.timers[key];
  if (job.spec.ttlSecondsAfterFinished !== undefined) tick.setTimer(j, "ttl", tick.at + job.spec.ttlSecondsAfterFinished * 1000);
  tick.state.markFinished(j);
  return true;
}
