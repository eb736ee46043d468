import { describe, expect, it } from "vitest";
import type { CronJob, Job } from "../../model/index.js";
import { hasCondition } from "../job-conditions.js";
import { cronJobYaml, CronRun, hhmm, loadCron, min, T0 } from "./fixtures/cron-harness.js";

/** A CronJob created at 00:02 (unless told otherwise), its Jobs running `ms` and exiting with `exit`. */
function run(spec: string, options: { ms?: number; exit?: number; createdAt?: number; persist?: boolean } = {}): CronRun {
  const cj = loadCron<CronJob>(cronJobYaml(spec, options.ms, options.exit), options.createdAt ?? min(2));
  return new CronRun(cj, undefined, { persist: options.persist ?? false });
}

const cron = (r: CronRun) => r.cron as CronJob;
const jobName = (t: number) => `report-${Math.floor(t / 60_000)}`;
const names = (jobs: Job[]) => jobs.map((j) => j.metadata.name);
const outcome = (j: Job) => (hasCondition(j, "Complete") ? "Complete" : hasCondition(j, "Failed") ? "Failed" : "Running");

describe("a CronJob's schedule", () => {
  it("creates a Job at each schedule time, named and annotated as Kubernetes does, owned by the CronJob", () => {
    const r = run('  schedule: "*/5 * * * *"\n  timeZone: UTC').runUntil(min(16));
    expect(r.started()).toEqual([`00:05 ${jobName(min(5))}-`, `00:10 ${jobName(min(10))}-`, `00:15 ${jobName(min(15))}-`].map((p) => expect.stringContaining(p)));
    const job = r.jobs()[0]!;
    expect(job.metadata).toMatchObject({
      name: jobName(min(5)),
      labels: { team: "data" },
      annotations: { "batch.kubernetes.io/cronjob-scheduled-timestamp": "2026-01-05T00:05:00Z" },
      ownerReferences: [{ apiVersion: "batch/v1", kind: "CronJob", name: "report", uid: "uid-cron", controller: true }],
    });
    expect(new Set(r.jobs().map((j) => j.metadata.uid)).size).toBe(3);
    expect(cron(r).status).toEqual({ active: [], lastScheduleTime: "2026-01-05T00:15:00.000Z", lastSuccessfulTime: "2026-01-05T00:16:00.000Z" });
    expect(r.cronEvents().slice(0, 2)).toEqual([`00:05 SuccessfulCreate: Created job ${jobName(min(5))}`, `00:06 SawCompletedJob: Saw completed job: ${jobName(min(5))}, status: Complete`]);
  });

  it("is woken by a timer at each schedule time only: it never polls", () => {
    const r = run('  schedule: "0 */6 * * *"\n  timeZone: UTC', { ms: 1000 }).runUntil(min(24 * 60) - 1);
    expect(r.wakes.map(hhmm)).toEqual(["06:00", "12:00", "18:00"]);
    expect(r.sim.state.get("uid-cron")!.timers).toEqual({ "uid-cron/schedule": min(24 * 60) });
  });

  it("reads the schedule in its timeZone, and writes the annotation in it", () => {
    const r = run('  schedule: "30 9 * * *"\n  timeZone: America/New_York', { ms: 1000 }).runUntil(min(24 * 60));
    expect(r.jobs()[0]!.metadata.annotations["batch.kubernetes.io/cronjob-scheduled-timestamp"]).toBe("2026-01-05T09:30:00-05:00");
    expect(cron(r).status.lastScheduleTime).toBe("2026-01-05T14:30:00.000Z");
  });

  it("warns UnknownTimeZone and creates nothing for a zone the engine does not know (one the API let through)", () => {
    const cj = loadCron<CronJob>(cronJobYaml('  schedule: "*/5 * * * *"'), min(2));
    cj.spec.timeZone = "Mars/Olympus_Mons";
    const r = new CronRun(cj).runUntil(min(30));
    expect(r.cronEvents()).toEqual(['00:02 UnknownTimeZone: invalid timeZone: "Mars/Olympus_Mons": unknown time zone Mars/Olympus_Mons']);
    expect(r.jobs()).toEqual([]);
  });

  it("keeps the CronJob unfinished: it runs until stopped, then ends with its Jobs", () => {
    const r = run('  schedule: "*/5 * * * *"', { ms: 10 * 60_000 }).runUntil(min(12));
    expect(r.sim.state.unfinished).toBe(3); // the CronJob and its two Jobs
    r.push({ type: "StopRequested", at: min(12), message: "stopped" }).runUntil(min(60));
    expect(r.sim.state.unfinished).toBe(0);
    expect(r.jobs().map(outcome)).toEqual(["Failed", "Failed"]);
    expect(names(r.jobs())).toEqual([jobName(min(5)), jobName(min(10))]);
  });
});

describe("concurrencyPolicy", () => {
  // Jobs take 7 minutes; the schedule comes every 5.
  const every5 = (policy: string, extra = "") => run(`  schedule: "*/5 * * * *"\n  concurrencyPolicy: ${policy}${extra}`, { ms: 7 * 60_000 });

  it("Allow runs them side by side", () => {
    const r = every5("Allow").runUntil(min(11));
    expect(cron(r).status.active.map((a) => a.name)).toEqual([jobName(min(5)), jobName(min(10))]);
  });

  it("Forbid skips a schedule while a Job runs, and starts it late once that Job ends (no deadline)", () => {
    const r = every5("Forbid").runUntil(min(20));
    expect(r.cronEvents()).toEqual([
      `00:05 SuccessfulCreate: Created job ${jobName(min(5))}`,
      "00:10 JobAlreadyActive: Not starting job because prior execution is running and concurrency policy is Forbid",
      `00:12 SawCompletedJob: Saw completed job: ${jobName(min(5))}, status: Complete`,
      `00:12 SuccessfulCreate: Created job ${jobName(min(10))}`,
      "00:15 JobAlreadyActive: Not starting job because prior execution is running and concurrency policy is Forbid",
      `00:19 SawCompletedJob: Saw completed job: ${jobName(min(10))}, status: Complete`,
      `00:19 SuccessfulCreate: Created job ${jobName(min(15))}`,
      "00:20 JobAlreadyActive: Not starting job because prior execution is running and concurrency policy is Forbid",
    ]);
  });

  it("Forbid with startingDeadlineSeconds skips the late start, with MissSchedule", () => {
    const r = every5("Forbid", "\n  startingDeadlineSeconds: 60").runUntil(min(13));
    expect(r.cronEvents().slice(2)).toEqual([
      `00:12 SawCompletedJob: Saw completed job: ${jobName(min(5))}, status: Complete`,
      "00:12 MissSchedule: Missed scheduled time to start a job: Mon, 05 Jan 2026 00:10:00 +0000",
    ]);
    expect(cron(r).status.active).toEqual([]);
  });

  it("Replace deletes the running Job and its pods, then creates the new one", () => {
    const r = every5("Replace").runUntil(min(11));
    expect(names(r.jobs())).toEqual([jobName(min(10))]);
    expect(r.cronEvents()).toEqual([
      `00:05 SuccessfulCreate: Created job ${jobName(min(5))}`,
      `00:10 SuccessfulDelete: Deleted job ${jobName(min(5))}`,
      `00:10 SuccessfulCreate: Created job ${jobName(min(10))}`,
    ]);
    const pods = [...r.sim.state.entries.values()].filter((e) => e.kind === "Pod").map((e) => e.object.metadata.name);
    expect(pods).toEqual([expect.stringMatching(new RegExp(`^${jobName(min(10))}-`))]);
    expect(r.sim.runningCount()).toBe(1);
  });
});

describe("history limits", () => {
  it("keeps the newest successfulJobsHistoryLimit and failedJobsHistoryLimit Jobs, deleting the others and their pods", () => {
    const r = run('  schedule: "*/5 * * * *"\n  successfulJobsHistoryLimit: 2\n  failedJobsHistoryLimit: 1', { ms: 60_000, persist: true }).runUntil(min(27));
    expect(names(r.jobs())).toEqual([jobName(min(20)), jobName(min(25))]);
    expect(r.cronEvents().filter((e) => e.includes("SuccessfulDelete"))).toEqual([
      `00:16 SuccessfulDelete: Deleted job ${jobName(min(5))}`,
      `00:21 SuccessfulDelete: Deleted job ${jobName(min(10))}`,
      `00:26 SuccessfulDelete: Deleted job ${jobName(min(15))}`,
    ]);
    // The store holds the two Jobs kept and their pods, nothing of the deleted ones.
    const stored = r.storedRows().filter((row) => row.kind !== "CronJob").map((row) => row.name).sort();
    expect(stored).toEqual([jobName(min(20)), expect.stringMatching(new RegExp(`^${jobName(min(20))}-`)), jobName(min(25)), expect.stringMatching(new RegExp(`^${jobName(min(25))}-`))]);
  });

  it("counts failed Jobs separately", () => {
    const r = run('  schedule: "*/5 * * * *"\n  failedJobsHistoryLimit: 1', { exit: 1 }).runUntil(min(17));
    expect(names(r.jobs())).toEqual([jobName(min(15))]);
    expect(r.jobs().map(outcome)).toEqual(["Failed"]);
    expect(cron(r).status.lastSuccessfulTime).toBeUndefined();
  });

  it("a limit of 0 deletes a Job as soon as it finished", () => {
    const r = run('  schedule: "*/5 * * * *"\n  successfulJobsHistoryLimit: 0').runUntil(min(7));
    expect(r.jobs()).toEqual([]);
    expect(cron(r).status.lastSuccessfulTime).toBe("2026-01-05T00:06:00.000Z");
  });
});

describe("suspend and updates", () => {
  it("creates nothing while suspended; unsuspending starts the most recent missed run at once", () => {
    const r = run('  schedule: "*/5 * * * *"\n  suspend: true', { ms: 1000 }).runUntil(min(22));
    expect(r.jobs()).toEqual([]);
    r.update(min(22), (c) => (c.spec.suspend = false)).runUntil(min(26));
    expect(r.started().map((s) => s.slice(0, 5))).toEqual(["00:22", "00:25"]);
    expect(names(r.jobs())).toEqual([jobName(min(20)), jobName(min(25))]);
  });

  it("unsuspending with startingDeadlineSeconds skips a run missed beyond it", () => {
    const r = run('  schedule: "*/5 * * * *"\n  suspend: true\n  startingDeadlineSeconds: 60', { ms: 1000 }).runUntil(min(22));
    r.update(min(22), (c) => (c.spec.suspend = false)).runUntil(min(26));
    expect(names(r.jobs())).toEqual([jobName(min(25))]);
    expect(r.cronEvents()[0]).toBe("00:22 MissSchedule: Missed scheduled time to start a job: Mon, 05 Jan 2026 00:20:00 +0000");
  });

  it("suspending stops new Jobs and lets the running one finish", () => {
    const r = run('  schedule: "*/5 * * * *"', { ms: 3 * 60_000 }).runUntil(min(6));
    r.update(min(6), (c) => (c.spec.suspend = true)).runUntil(min(30));
    expect(names(r.jobs())).toEqual([jobName(min(5))]);
    expect(r.jobs().map(outcome)).toEqual(["Complete"]);
    expect(r.sim.state.get("uid-cron")!.timers).toEqual({});
  });

  it("a new schedule moves the timer to its next time", () => {
    const r = run('  schedule: "*/5 * * * *"', { ms: 1000 }).runUntil(min(6));
    r.update(min(6), (c) => (c.spec.schedule = "0 * * * *")).runUntil(min(61));
    expect(names(r.jobs())).toEqual([jobName(min(5)), jobName(min(60))]);
  });
});

describe("after the engine was down", () => {
  it("starts only the most recent missed time", () => {
    const r = run('  schedule: "*/5 * * * *"', { ms: 1000, persist: true }).restart(min(6), min(23)).runUntil(min(24));
    expect(r.started().map((s) => s.slice(0, 5))).toEqual(["00:05", "00:23"]);
    expect(names(r.jobs())).toEqual([jobName(min(5)), jobName(min(20))]);
    expect(cron(r).status.lastScheduleTime).toBe("2026-01-05T00:20:00.000Z");
  });

  it.each([
    [120, [jobName(min(5))], ["00:23 MissSchedule: Missed scheduled time to start a job: Mon, 05 Jan 2026 00:20:00 +0000"]],
    [300, [jobName(min(5)), jobName(min(20))], [`00:23 SuccessfulCreate: Created job ${jobName(min(20))}`]],
  ])("with startingDeadlineSeconds %d", (deadline, jobs, events) => {
    const r = run(`  schedule: "*/5 * * * *"\n  startingDeadlineSeconds: ${deadline}`, { ms: 1000, persist: true }).restart(min(6), min(23)).runUntil(min(24));
    expect(names(r.jobs())).toEqual(jobs);
    expect(r.cronEvents().slice(2, 3)).toEqual(events);
  });

  it("warns TooManyMissedTimes past 100 missed times, and still starts the most recent", () => {
    const r = run('  schedule: "* * * * *"', { ms: 1000, persist: true }).restart(min(3), min(180)).runUntil(min(180) + 30_000);
    expect(r.cronEvents().slice(-3, -1)).toEqual([
      "03:00 TooManyMissedTimes: too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew",
      `03:00 SuccessfulCreate: Created job ${jobName(min(180))}`,
    ]);
  });

  it("does not warn with a deadline that keeps the count under 100", () => {
    const r = run('  schedule: "* * * * *"\n  startingDeadlineSeconds: 600', { ms: 1000, persist: true }).restart(min(3), min(180)).runUntil(min(181));
    expect(r.cronEvents().some((e) => e.includes("TooManyMissedTimes"))).toBe(false);
    expect(r.jobs().map((j) => j.metadata.name)).toContain(jobName(min(180)));
  });

  it("counts from the creation time when nothing ran yet", () => {
    const r = run('  schedule: "0 * * * *"', { ms: 1000, persist: true, createdAt: T0 }).restart(T0 + 1000, min(150)).runUntil(min(151));
    expect(names(r.jobs())).toEqual([jobName(min(120))]);
  });

  it("sees a Job that was running end (its pod was lost with the engine), and goes on", () => {
    const r = run('  schedule: "*/5 * * * *"\n  concurrencyPolicy: Forbid', { ms: 2 * 60_000, persist: true }).restart(min(6), min(6) + 1000).runUntil(min(11));
    expect(r.cronEvents()).toEqual([
      `00:05 SuccessfulCreate: Created job ${jobName(min(5))}`,
      `00:06 SawCompletedJob: Saw completed job: ${jobName(min(5))}, status: Failed`, // backoffLimit 0
      `00:10 SuccessfulCreate: Created job ${jobName(min(10))}`,
    ]);
    expect(r.jobs().map(outcome)).toEqual(["Failed", "Running"]);
  });
});
