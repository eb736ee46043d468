/**
 * Back-off delays, as Kubernetes computes them, scaled by a base that defaults to its 10 s.
 * Job pod re-creation: base · 2^(failures−1), capped at 6 min (36 bases).
 * Container restarts in place (kubelet CrashLoopBackOff): base · 2^restarts, capped at 5 min (30 bases).
 */
export const DEFAULT_BACKOFF_BASE_MS = 10_000;

export function jobBackoffDelay(failuresSinceSuccess: number, baseMs: number): number {
  if (failuresSinceSuccess <= 0) return 0;
  return Math.min(baseMs * 2 ** (failuresSinceSuccess - 1), baseMs * 36);
}

export function containerRestartDelay(restartCount: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** restartCount, baseMs * 30);
}
