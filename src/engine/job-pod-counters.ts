import type { JobEntry, PodEntry } from "./state.js";

/**
 * Keeps the Job's `ready` and `terminating` counts in step with one of its pods, in O(1).
 * Returns whether the Job's status changed (the caller records the change).
 */
export function syncPodCounters(j: JobEntry, p: PodEntry): boolean {
  const pod = p.object;
  const terminal = pod.status.phase === "Succeeded" || pod.status.phase === "Failed";
  // Kubernetes: a pod is terminating while it has a deletionTimestamp; `ready` counts only the others.
  const deleting = pod.metadata.deletionTimestamp !== undefined;
  const now = {
    ready: !terminal && !deleting && pod.status.conditions.some((c) => c.type === "Ready" && c.status === "True"),
    terminating: !terminal && deleting,
  };
  const before = p.pod.counted ?? { ready: false, terminating: false };
  if (now.ready === before.ready && now.terminating === before.terminating) return false;
  const status = j.object.status;
  status.ready += Number(now.ready) - Number(before.ready);
  status.terminating += Number(now.terminating) - Number(before.terminating);
  p.pod.counted = now;
  return true;
}
