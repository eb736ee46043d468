import type { CronJob, CronWorkflow, Resource } from "../../model/index.js";
import type { CronEntry, Entry } from "../state.js";
import type { Tick } from "../tick.js";
import { cronOwnerOf, SCHEDULE_TIMER, type CronHost } from "./children.js";
import { onCronJobChildFinished, syncCronJob, updateCronJob } from "./cron-job.js";
import { armCronWorkflow, enforceHistoryLimit, onCronWorkflowChildFinished, onCronWorkflowTimer, runOutstanding, updateCronWorkflow } from "./cron-workflow.js";

/**
 * A CronJob or CronWorkflow in the engine: a top-level entry that never finishes by itself (a run
 * of one lasts until it is stopped, a server keeps it), woken by its schedule timer, by the end
 * of one of its children, by an update and by a restart.
 */
export function newCronEntry(r: CronJob | CronWorkflow): CronEntry {
  const common = { waitingFor: 0, timers: {}, topLevel: true, finished: false, cron: { children: [] } };
  return r.kind === "CronJob" ? { kind: "CronJob", object: structuredClone(r), ...common } : { kind: "CronWorkflow", object: structuredClone(r), ...common };
}

export function beginCron(tick: Tick, c: CronEntry, host: CronHost): void {
  // The server sets it at creation; missed schedules are counted from it until the first run.
  if (c.object.metadata.creationTimestamp === undefined) {
    c.object.metadata.creationTimestamp = tick.iso;
    tick.state.touch(c);
  }
  if (c.kind === "CronJob") syncCronJob(tick, c, host);
  else armCronWorkflow(tick, c);
}

export function onCronTimer(tick: Tick, c: CronEntry, purpose: string, host: CronHost): void {
  if (purpose !== SCHEDULE_TIMER || c.finished) return;
  if (c.kind === "CronJob") syncCronJob(tick, c, host);
  else onCronWorkflowTimer(tick, c, host);
}

/** A finished top-level entry: if a CronJob or CronWorkflow created it, that one takes note. */
export function onCronChildFinished(tick: Tick, child: Entry, host: CronHost): void {
  const owner = cronOwnerOf(tick.state, child);
  if (owner === undefined || owner.finished) return;
  if (owner.kind === "CronJob") onCronJobChildFinished(tick, owner, child, host);
  else onCronWorkflowChildFinished(tick, owner, child);
}

export function updateCron(tick: Tick, c: CronEntry, next: Resource, host: CronHost): void {
  if (c.finished || next.kind !== c.kind) return;
  if (c.waitingFor > 0) {
    // Not begun yet (it waits for a dependency): the new spec is what it will begin with.
    c.object.spec = structuredClone(next.spec) as typeof c.object.spec;
    return tick.state.touch(c);
  }
  if (c.kind === "CronJob" && next.kind === "CronJob") updateCronJob(tick, c, next, host);
  else if (c.kind === "CronWorkflow" && next.kind === "CronWorkflow") updateCronWorkflow(tick, c, next, host);
}

/**
 * After the engine was down: a CronJob starts its most recent missed time by Kubernetes' rules
 * (counting them, within startingDeadlineSeconds); a CronWorkflow only by Argo's (with
 * startingDeadlineSeconds set). Both then set their timer from now.
 */
export function resumeCron(tick: Tick, c: CronEntry, host: CronHost): void {
  if (c.finished || c.waitingFor > 0) return;
  if (c.kind === "CronJob") return syncCronJob(tick, c, host);
  enforceHistoryLimit(tick, c);
  runOutstanding(tick, c, host);
  armCronWorkflow(tick, c);
}

/** Ctrl-C or a failed dependency: no more schedules; its Jobs and Workflows end on their own terms. */
export function endCron(tick: Tick, c: CronEntry): void {
  tick.clearTimer(c, SCHEDULE_TIMER);
  tick.state.markFinished(c);
}
