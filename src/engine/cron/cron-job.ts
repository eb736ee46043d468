import { ConcurrencyPolicy, CronMetadata, type CronJob, type Job } from "../../model/index.js";
import { compileSchedule, formatRfc3339, MISSED_SCHEDULES_LIMIT, timeZoneProblem, unmetSchedules, type Schedule } from "../../schedules/index.js";
import { hasCondition, isJobFinished } from "../job-conditions.js";
import type { CronJobEntry, Entry, JobEntry } from "../state.js";
import { isoAt, type Tick } from "../tick.js";
import { childUid, controllerRef, deleteChild, deleteOldest, dropActive, existingChildren, recordChild, SCHEDULE_TIMER, type CronHost } from "./children.js";

/**
 * Kubernetes' CronJob controller (cronjob_controllerv2.go), woken by a timer at each schedule time
 * and when one of its Jobs finishes. Each sync does what Kubernetes' does, in its order: forget
 * Jobs that went missing, delete finished Jobs beyond the history limits, then — unless suspended —
 * start the most recent unmet schedule time, within startingDeadlineSeconds, as the concurrency
 * policy allows; then ask to be woken at the next one.
 */
const component = "cronjob-controller";

export function syncCronJob(tick: Tick, c: CronJobEntry, host: CronHost): void {
  if (c.finished) return;
  forgetMissingJobs(tick, c);
  cleanupFinishedJobs(tick, c);
  const spec = c.object.spec;
  const zoneProblem = spec.timeZone === undefined ? undefined : timeZoneProblem(spec.timeZone);
  if (zoneProblem !== undefined) {
    tick.event(c, "Warning", "UnknownTimeZone", `invalid timeZone: ${JSON.stringify(spec.timeZone)}: ${zoneProblem}`, component);
    return tick.clearTimer(c, SCHEDULE_TIMER);
  }
  if (spec.suspend) return tick.clearTimer(c, SCHEDULE_TIMER);
  const schedule = compileSchedule(spec.schedule, spec.timeZone);
  if ("error" in schedule) {
    tick.event(c, "Warning", "UnparseableSchedule", `unparseable schedule: ${JSON.stringify(spec.schedule)} : ${schedule.error}`, component);
    return tick.clearTimer(c, SCHEDULE_TIMER);
  }
  startUnmet(tick, c, schedule, host);
  const next = schedule.next(tick.at);
  if (next !== undefined) return tick.setTimer(c, SCHEDULE_TIMER, next);
  tick.event(c, "Warning", "InvalidSchedule", `invalid schedule: ${spec.schedule} : it never fires`, component);
  tick.clearTimer(c, SCHEDULE_TIMER);
}

/** A Job of this CronJob finished: Kubernetes' SawCompletedJob, then a sync (Forbid may now start a late run). */
export function onCronJobChildFinished(tick: Tick, c: CronJobEntry, child: Entry, host: CronHost): void {
  if (child.kind !== "Job" || !dropActive(tick, c, child.object.metadata.uid)) return;
  const complete = hasCondition(child.object, "Complete");
  tick.event(c, "Normal", "SawCompletedJob", `Saw completed job: ${child.object.metadata.name}, status: ${complete ? "Complete" : "Failed"}`, component);
  const done = child.object.status.completionTime;
  const last = c.object.status.lastSuccessfulTime;
  if (complete && done !== undefined && (last === undefined || Date.parse(done) > Date.parse(last))) c.object.status.lastSuccessfulTime = done;
  syncCronJob(tick, c, host);
}

/**
 * `kubectl apply` of a changed spec. A new schedule or time zone only moves the timer (Kubernetes
 * requeues at the next time); anything else syncs at once, so unsuspending starts the most
 * recent missed run if startingDeadlineSeconds allows, as Kubernetes documents.
 */
export function updateCronJob(tick: Tick, c: CronJobEntry, next: CronJob, host: CronHost): void {
  const old = c.object.spec;
  c.object.spec = structuredClone(next.spec);
  tick.state.touch(c);
  const rescheduled = old.schedule !== next.spec.schedule || old.timeZone !== next.spec.timeZone;
  if (!rescheduled || next.spec.suspend) return syncCronJob(tick, c, host);
  const schedule = compileSchedule(next.spec.schedule, next.spec.timeZone);
  const at = "error" in schedule ? undefined : schedule.next(tick.at);
  if (at === undefined) syncCronJob(tick, c, host); // reports why it will not run
  else tick.setTimer(c, SCHEDULE_TIMER, at);
}

function startUnmet(tick: Tick, c: CronJobEntry, schedule: Schedule, host: CronHost): void {
  const { spec, status, metadata } = c.object;
  const now = tick.at;
  const earliest = Date.parse(status.lastScheduleTime ?? metadata.creationTimestamp ?? tick.iso);
  const deadline = spec.startingDeadlineSeconds;
  const from = deadline === undefined ? earliest : Math.max(earliest, now - deadline * 1000);
  const unmet = unmetSchedules(schedule, from, now);
  if (unmet.latest === undefined) {
    if (deadline !== undefined) reportMissed(tick, c, schedule.latest(earliest, now));
    return;
  }
  if (unmet.count > MISSED_SCHEDULES_LIMIT) {
    tick.event(c, "Warning", "TooManyMissedTimes", "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew", component);
  }
  startJob(tick, c, unmet.latest, host);
}

/**
 * A schedule time older than startingDeadlineSeconds is skipped. Kubernetes' MissSchedule event
 * for it is unreachable in its code (the deadline already narrowed the search); Baton sends it,
 * once per missed time, so a user sees why no Job ran.
 */
function reportMissed(tick: Tick, c: CronJobEntry, missed: number | undefined): void {
  if (missed === undefined || missed === c.cron.missReported) return;
  c.cron.missReported = missed;
  tick.state.touch(c);
  const rfc1123z = new Date(missed).toUTCString().replace("GMT", "+0000");
  tick.event(c, "Warning", "MissSchedule", `Missed scheduled time to start a job: ${rfc1123z}`, component);
}

function startJob(tick: Tick, c: CronJobEntry, scheduledAt: number, host: CronHost): void {
  const { spec, status, metadata } = c.object;
  // Named by the minute, as Kubernetes names them: the name is the lock against creating one run twice.
  const name = `${metadata.name}-${Math.floor(scheduledAt / 60_000)}`;
  if (status.active.some((r) => r.name === name)) return;
  if (spec.concurrencyPolicy === ConcurrencyPolicy.Forbid && status.active.length > 0) {
    tick.event(c, "Normal", "JobAlreadyActive", "Not starting job because prior execution is running and concurrency policy is Forbid", component);
    return;
  }
  if (spec.concurrencyPolicy === ConcurrencyPolicy.Replace) {
    for (const ref of [...status.active]) {
      const job = tick.state.get(ref.uid);
      if (job === undefined) dropActive(tick, c, ref.uid);
      else deleteChild(tick, c, job);
      tick.event(c, "Normal", "SuccessfulDelete", `Deleted job ${ref.name}`, component);
    }
  }
  status.lastScheduleTime = isoAt(scheduledAt);
  tick.state.touch(c);
  if (tick.state.lookup("Job", metadata.namespace, name) !== undefined) return;
  const job = host.newEntry(jobFromTemplate(c.object, name, scheduledAt, tick.iso));
  tick.state.add(job);
  recordChild(tick, c, job);
  tick.event(c, "Normal", "SuccessfulCreate", `Created job ${name}`, component);
  host.begin(tick, job);
}

/** Kubernetes' getJobFromTemplate2: the template's labels and annotations, the scheduled time, the owner. */
function jobFromTemplate(cj: CronJob, name: string, scheduledAt: number, now: string): Job {
  const template = cj.spec.jobTemplate;
  const annotations = { ...template.metadata.annotations, [CronMetadata.cronJobScheduledTimestamp]: formatRfc3339(scheduledAt, cj.spec.timeZone) };
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: {
      name,
      namespace: cj.metadata.namespace,
      uid: childUid(cj.metadata.uid, scheduledAt),
      labels: { ...template.metadata.labels },
      annotations,
      creationTimestamp: now,
      ownerReferences: [controllerRef(cj)],
    },
    spec: structuredClone(template.spec),
    status: { conditions: [], active: 0, ready: 0, terminating: 0, succeeded: 0, failed: 0 },
  };
}

/** Kubernetes' MissingJob: an active Job that no longer exists (deleted by the user). */
function forgetMissingJobs(tick: Tick, c: CronJobEntry): void {
  for (const ref of [...c.object.status.active]) {
    if (tick.state.get(ref.uid) !== undefined) continue;
    dropActive(tick, c, ref.uid);
    tick.event(c, "Normal", "MissingJob", `Active job went missing: ${ref.name}`, component);
  }
}

/** Kubernetes' cleanupFinishedJobs: the oldest finished Jobs (by start time) beyond each history limit are deleted. */
function cleanupFinishedJobs(tick: Tick, c: CronJobEntry): void {
  const finished = existingChildren(tick, c).filter((e): e is JobEntry => e.kind === "Job" && isJobFinished(e.object));
  if (finished.length === 0) return;
  finished.sort(byStartTime);
  const succeeded = finished.filter((j) => hasCondition(j.object, "Complete"));
  const failed = finished.filter((j) => !hasCondition(j.object, "Complete"));
  const announce = (j: Entry) => tick.event(c, "Normal", "SuccessfulDelete", `Deleted job ${j.object.metadata.name}`, component);
  deleteOldest(tick, c, succeeded, c.object.spec.successfulJobsHistoryLimit, announce);
  deleteOldest(tick, c, failed, c.object.spec.failedJobsHistoryLimit, announce);
}

/** Kubernetes' byJobStartTime: by start time, Jobs that never started last, the name breaking ties. */
function byStartTime(a: JobEntry, b: JobEntry): number {
  const x = a.object.status.startTime;
  const y = b.object.status.startTime;
  if (x === undefined || y === undefined) return x === y ? compareNames(a, b) : x === undefined ? 1 : -1;
  return Date.parse(x) - Date.parse(y) || compareNames(a, b);
}

function compareNames(a: Entry, b: Entry): number {
  const x = a.object.metadata.name;
  const y = b.object.metadata.name;
  return x < y ? -1 : x > y ? 1 : 0;
}
