import type { Job, JobCondition, JobConditionType } from "../model/index.js";

/** Adds or updates a Job condition; lastTransitionTime changes only when the status does. */
export function setJobCondition(job: Job, type: JobConditionType, status: "True" | "False", iso: string, reason: string, message: string): void {
  const existing = job.status.conditions.find((c) => c.type === type);
  if (existing) {
    if (existing.status !== status) existing.lastTransitionTime = iso;
    Object.assign(existing, { status, reason, message, lastProbeTime: iso });
    return;
  }
  const c: JobCondition = { type, status, reason, message, lastProbeTime: iso, lastTransitionTime: iso };
  job.status.conditions.push(c);
}

export function hasCondition(job: Job, type: JobConditionType): boolean {
  return job.status.conditions.some((c) => c.type === type && c.status === "True");
}

export function isJobFinished(job: Job): boolean {
  return hasCondition(job, "Complete") || hasCondition(job, "Failed");
}
