import { jobBackoffDelay } from "./backoff.js";
import { hasCondition, setJobCondition } from "./job-conditions.js";
import { accountTerminatedPod } from "./job-accounting.js";
import { syncPodCounters } from "./job-pod-counters.js";
import { beginFinish, completeFinish, type Finish } from "./job-finish.js";
import { newJobPod } from "./job-pods.js";
import { IntervalSet } from "./interval-set.js";
import { backoffBase, killPod, startPod } from "./pod.js";
import { matchSuccessPolicy } from "./success-policy.js";
import type { JobEntry, JobTracking, PodEntry } from "./state.js";
import type { Tick } from "./tick.js";

/**
 * Kubernetes' Job controller, event by event. After anything changes, `syncJob` decides in
 * Kubernetes' order: failure (pod failure policy, backoffLimit, deadline, failed indexes), success
 * (success policy, completions), then moves toward the wanted number of active pods.
 */
export function newJobTracking(): JobTracking {
  return {
    podSeq: 0, activePods: [], failuresSinceSuccess: 0, activeRestarts: 0, nextIndex: 0,
    retryIndexes: {}, succeededIndexes: [], failedIndexes: [], indexFailures: {},
  };
}

/** Starts a Job whose dependencies are met (or that has none). */
export function startJob(tick: Tick, j: JobEntry): void {
  if (j.object.spec.suspend) {
    setJobCondition(j.object, "Suspended", "True", tick.iso, "JobSuspended", "Job suspended");
    tick.event(j, "Normal", "Suspended", "Job suspended");
    tick.state.touch(j);
    return;
  }
  run(tick, j);
}

function run(tick: Tick, j: JobEntry): void {
  j.object.status.startTime = tick.iso;
  const ads = j.object.spec.activeDeadlineSeconds;
  if (ads !== undefined) tick.setTimer(j, "deadline", tick.at + ads * 1000);
  if (j.object.spec.backoffLimitPerIndex !== undefined) j.object.status.failedIndexes ??= "";
  syncJob(tick, j, undefined);
}

export function onJobPodTerminal(tick: Tick, j: JobEntry, p: PodEntry): void {
  syncJob(tick, j, accountTerminatedPod(tick, j, p));
}

/** Containers of one of the Job's pods restarted in place (restartPolicy OnFailure). */
export function onJobPodRestarted(tick: Tick, j: JobEntry, restarts: number): void {
  j.job.activeRestarts += restarts;
  tick.state.touch(j);
  const limit = j.object.spec.backoffLimit;
  const past = j.object.spec.template.spec.restartPolicy === "OnFailure" && (limit === 0 ? j.job.activeRestarts > 0 : j.job.activeRestarts >= limit);
  syncJob(tick, j, past ? backoffLimitExceeded : undefined);
}

export function onJobTimer(tick: Tick, j: JobEntry, purpose: string): void {
  if (purpose === "deadline") {
    syncJob(tick, j, { type: "Failed", reason: "DeadlineExceeded", message: "Job was active longer than specified deadline" });
  } else if (purpose === "backoff") syncJob(tick, j, undefined);
}

const backoffLimitExceeded: Finish = { type: "Failed", reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit" };

function decideEnd(j: JobEntry, called: Finish | undefined): Finish | undefined {
  if (called) return called;
  const { spec, status } = j.object;
  if (status.failed > spec.backoffLimit) return backoffLimitExceeded;
  if (spec.completionMode === "Indexed") {
    const failed = sizeOf(j.job.failedIndexes);
    const succeeded = sizeOf(j.job.succeededIndexes);
    if (spec.maxFailedIndexes !== undefined && failed > spec.maxFailedIndexes) {
      return { type: "Failed", reason: "MaxFailedIndexesExceeded", message: "Job has exceeded the specified maximal number of failed indexes" };
    }
    const message = spec.successPolicy ? matchSuccessPolicy(j.object, new IntervalSet(j.job.succeededIndexes)) : undefined;
    if (message) return { type: "Complete", reason: "SuccessPolicy", message };
    if (failed > 0 && failed + succeeded >= spec.completions!) return { type: "Failed", reason: "FailedIndexes", message: "Job has failed indexes" };
    if (succeeded >= spec.completions!) return completionsReached;
    return undefined;
  }
  if (spec.completions !== undefined) return status.succeeded >= spec.completions ? completionsReached : undefined;
  return status.succeeded > 0 && j.job.activePods.length === 0 ? completionsReached : undefined;
}
function sizeOf(ranges: [number, number][]): number {
  let n = 0;
  for (const r of ranges) n += r[1] - r[0] + 1; // no destructuring: it costs an iterator per range
  return n;
}

const completionsReached: Finish = { type: "Complete", reason: "CompletionsReached", message: "Reached expected number of succeeded pods" };

export function syncJob(tick: Tick, j: JobEntry, called: Finish | undefined): void {
  if (j.finished) return;
  if (!j.job.finishing) {
    const end = decideEnd(j, called);
    if (end) {
      for (const p of beginFinish(tick, j, end)) accountTerminatedPod(tick, j, p);
    } else if (!hasCondition(j.object, "Suspended") && j.object.status.startTime !== undefined) manage(tick, j);
  }
  refreshActive(j);
  completeFinish(tick, j);
}

function refreshActive(j: JobEntry): void {
  j.object.status.active = j.job.activePods.length - j.object.status.terminating;
}

/** Creates pods up to the wanted number of active ones, unless the back-off says wait. */
function manage(tick: Tick, j: JobEntry): void {
  const { spec, status } = j.object;
  const active = j.job.activePods.length;
  if (spec.completionMode === "Indexed") return manageIndexed(tick, j);
  let want = spec.completions === undefined ? (status.succeeded > 0 ? 0 : spec.parallelism) : Math.min(spec.parallelism, spec.completions - status.succeeded);
  want -= active;
  if (want <= 0 || waitForBackoff(tick, j)) return;
  for (let i = 0; i < want; i++) createPod(tick, j, undefined);
}

function waitForBackoff(tick: Tick, j: JobEntry): boolean {
  const t = j.job;
  if (t.failuresSinceSuccess === 0 || t.lastFailureAt === undefined) return false;
  const readyAt = t.lastFailureAt + jobBackoffDelay(t.failuresSinceSuccess, backoffBase(tick.state, j.object.metadata.annotations));
  if (tick.at >= readyAt) return false;
  tick.setTimer(j, "backoff", readyAt);
  return true;
}

function manageIndexed(tick: Tick, j: JobEntry): void {
  const t = j.job;
  const { spec } = j.object;
  let room = spec.parallelism - t.activePods.length;
  if (room <= 0) return;
  const perIndex = spec.backoffLimitPerIndex !== undefined;
  if (!perIndex && waitForBackoff(tick, j)) return;
  let nextWake = Infinity;
  let anyRetry = false;
  for (const _ in t.retryIndexes) {
    anyRetry = true;
    break;
  }
  const retries = anyRetry ? Object.keys(t.retryIndexes).map(Number).sort((a, b) => a - b) : [];
  for (const index of retries) {
    if (room <= 0) break;
    const notBefore = t.retryIndexes[index]!;
    if (notBefore > tick.at) {
      nextWake = Math.min(nextWake, notBefore);
      continue;
    }
    delete t.retryIndexes[index];
    createPod(tick, j, index);
    room--;
  }
  while (room > 0 && t.nextIndex < spec.completions!) {
    createPod(tick, j, t.nextIndex++);
    room--;
  }
  if (nextWake < Infinity) tick.setTimer(j, "backoff", nextWake);
}

function createPod(tick: Tick, j: JobEntry, index: number | undefined): void {
  const p = newJobPod(j, index, tick.iso);
  j.job.activePods.push(p.object.metadata.uid);
  tick.state.add(p);
  tick.event(j, "Normal", "SuccessfulCreate", `Created pod: ${p.object.metadata.name}`);
  startPod(tick, p);
}

export function setJobSuspended(tick: Tick, j: JobEntry, suspend: boolean): void {
  if (j.finished || j.job.finishing || j.object.spec.suspend === suspend) return;
  j.object.spec.suspend = suspend;
  tick.state.touch(j);
  if (j.waitingFor > 0) return;
  if (suspend) {
    setJobCondition(j.object, "Suspended", "True", tick.iso, "JobSuspended", "Job suspended");
    tick.event(j, "Normal", "Suspended", "Job suspended");
    tick.clearTimer(j, "deadline");
    tick.clearTimer(j, "backoff");
    for (const uid of [...j.job.activePods]) {
      const p = tick.state.get(uid);
      if (p?.kind !== "Pod") continue;
      if (killPod(tick, p, "Suspended", "Job suspended").terminal) accountTerminatedPod(tick, j, p);
      else syncPodCounters(j, p);
    }
    refreshActive(j);
    return;
  }
  setJobCondition(j.object, "Suspended", "False", tick.iso, "JobResumed", "Job resumed");
  tick.event(j, "Normal", "Resumed", "Job resumed");
  run(tick, j);
}


/** Ends a Job that has not finished: at a stop, or because a dependency failed. */
export function endJob(tick: Tick, j: JobEntry, reason: "Stopped" | "DependencyFailed", message: string): void {
  if (j.finished) return;
  const ended = beginFinish(tick, j, { type: "Failed", reason, message }, reason === "Stopped" ? "Stopped" : "Deleted");
  for (const p of ended) accountTerminatedPod(tick, j, p);
  refreshActive(j);
  completeFinish(tick, j);
}
