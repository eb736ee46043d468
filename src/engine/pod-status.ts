import type { ContainerStatus, Pod, PodCondition, PodPhase } from "../model/index.js";

export function waitingStatus(name: string, reason: string): ContainerStatus {
  return { name, state: { waiting: { reason } }, lastState: {}, ready: false, started: false, restartCount: 0 };
}

/**
 * Sets a pod condition, keeping lastTransitionTime when the status did not change. A new one
 * goes into a copy of exactly the right size: push would reserve 17 slots in every pod's list.
 */
export function setPodCondition(pod: Pod, type: string, status: PodCondition["status"], iso: string, reason?: string, message?: string): void {
  const conditions = pod.status.conditions;
  let existing: PodCondition | undefined;
  for (const c of conditions) {
    if (c.type === type) {
      existing = c;
      break;
    }
  }
  if (existing) {
    if (existing.status !== status) existing.lastTransitionTime = iso;
    existing.status = status;
    if (reason !== undefined) existing.reason = reason;
    if (message !== undefined) existing.message = message;
    return;
  }
  const c: PodCondition = { type, status, lastTransitionTime: iso };
  if (reason !== undefined) c.reason = reason;
  if (message !== undefined) c.message = message;
  pod.status.conditions = conditions.concat([c]);
}

export function isTerminal(phase: PodPhase): boolean {
  return phase === "Succeeded" || phase === "Failed";
}

export function statusOf(pod: Pod, name: string, init: boolean): ContainerStatus | undefined {
  for (const s of init ? pod.status.initContainerStatuses : pod.status.containerStatuses) if (s.name === name) return s;
  return undefined;
}

/** Exit codes of the containers that ended in failure, init containers included. */
export function failedExitCodes(pod: Pod): { container: string; exitCode: number }[] {
  const out: { container: string; exitCode: number }[] = [];
  for (const s of [...pod.status.initContainerStatuses, ...pod.status.containerStatuses]) {
    const t = s.state.terminated;
    if (t && t.exitCode !== 0) out.push({ container: s.name, exitCode: t.exitCode });
  }
  return out;
}

export function restartsOf(pod: Pod): number {
  let n = 0;
  for (const s of pod.status.initContainerStatuses) n += s.restartCount;
  for (const s of pod.status.containerStatuses) n += s.restartCount;
  return n;
}
