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

/** Parses the `baton.dev/backoff-base` duration ("100ms", "2s", "1m30s"); undefined if invalid. */
export function parseDurationMs(text: string): number | undefined {
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const unit = m[2] === "ms" ? 1 : m[2] === "s" ? 1000 : m[2] === "m" ? 60_000 : 3_600_000;
    total += Number(m[1]) * unit;
    matched = re.lastIndex;
  }
  return matched === text.length && text.length > 0 ? total : undefined;
}
