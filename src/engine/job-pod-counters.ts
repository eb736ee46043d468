import type { JobEntry, PodEntry } from "./state.js";

/** Keeps the Job's `ready` and `terminating` counts in step with one of its pods, in O(1). */
export function syncPodCounters(j: JobEntry, p: PodEntry): void {
  const pod = p.object;
  const terminal = pod.status.phase === "Succeeded" || pod.status.phase === "Failed";
  const now = {
    ready: !terminal && pod.status.conditions.some((c) => c.type === "Ready" && c.status === "True"),
    terminating: !terminal && p.pod.killing !== undefined,
  };
  const before = p.pod.counted ?? { ready: false, terminating: false };
  if (now.ready === before.ready && now.terminating === before.terminating) return;
  const status = j.object.status;
  status.ready += Number(now.ready) - Number(before.ready);
  status.terminating += Number(now.terminating) - Number(before.terminating);
  p.pod.counted = now;
}
