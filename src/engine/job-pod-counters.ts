import type { JobEntry, PodEntry } from "./state.js";

/**
 * Keeps the Job's `ready` and `terminating` counts in step with one of its pods, in O(1).
 * Returns whether the Job's status changed (the caller records the change).
 * Runs after every event of every pod: it allocates only when the pod's counts change.
 */
export function syncPodCounters(j: JobEntry, p: PodEntry): boolean {
  const pod = p.object;
  const terminal = pod.status.phase === "Succeeded" || pod.status.phase === "Failed";
  // Kubernetes: a pod is terminating while it has a deletionTimestamp; `ready` counts only the others.
  const deleting = pod.metadata.deletionTimestamp !== undefined;
  const ready = !terminal && !deleting && isReady(p);
  const terminating = !terminal && deleting;
  const before = p.pod.counted;
  const wasReady = before?.ready ?? false;
  const wasTerminating = before?.terminating ?? false;
  if (ready === wasReady && terminating === wasTerminating) return false;
  const status = j.object.status;
  status.ready += Number(ready) - Number(wasReady);
  status.terminating += Number(terminating) - Number(wasTerminating);
  p.pod.counted = COUNTED[Number(ready)]![Number(terminating)]!;
  return true;
}

/** The four possible records, shared: they are only ever replaced, never changed. */
const COUNTED = [false, true].map((ready) => [false, true].map((terminating) => Object.freeze({ ready, terminating })));

function isReady(p: PodEntry): boolean {
  for (const c of p.object.status.conditions) if (c.type === "Ready" && c.status === "True") return true;
  return false;
}
