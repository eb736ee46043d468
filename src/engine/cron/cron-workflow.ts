import { ConcurrencyPolicy, CronMetadata, type CronWorkflow, type CronWorkflowSpec, type Workflow } from "../../model/index.js";
import { compileSchedule, formatRfc3339, type Schedule } from "../../schedules/index.js";
import type { CronWorkflowEntry, Entry, WorkflowEntry } from "../state.js";
import { isoAt, type Tick } from "../tick.js";
import { onWorkflowCommand } from "../workflow/index.js";
import { childUid, controllerRef, deleteOldest, dropActive, existingChildren, recordChild, SCHEDULE_TIMER, type CronHost } from "./children.js";

/**
 * Argo's CronWorkflow controller (workflow/cron): a timer at the next time of any of its schedules;
 * at each, unless suspended and as the concurrency policy allows, a Workflow named
 * `<name>-<unix seconds>`. Unlike a CronJob, a run skipped (Forbid, suspend, the engine down) is
 * not made up later, except once after a restart within startingDeadlineSeconds.
 */
const component = "workflow-controller";
const propagatedLabels = ["workflows.argoproj.io/creator", "workflows.argoproj.io/creator-email", "workflows.argoproj.io/creator-preferred-username"];

export function schedulesOf(spec: CronWorkflowSpec): string[] {
  return spec.schedules ?? (spec.schedule !== undefined ? [spec.schedule] : []);
}

function compiled(spec: CronWorkflowSpec): Schedule[] {
  return schedulesOf(spec).flatMap((text) => {
    const s = compileSchedule(text, spec.timezone);
    return "error" in s ? [] : [s];
  });
}

/** Sets the timer for the next time of any schedule (Argo's cron library holds one entry per schedule). */
export function armCronWorkflow(tick: Tick, c: CronWorkflowEntry): void {
  if (c.finished) return;
  let next: number | undefined;
  for (const s of compiled(c.object.spec)) {
    const t = s.next(tick.at);
    if (t !== undefined && (next === undefined || t < next)) next = t;
  }
  if (next === undefined) {
    delete c.cron.due;
    return tick.clearTimer(c, SCHEDULE_TIMER);
  }
  c.cron.due = next;
  tick.setTimer(c, SCHEDULE_TIMER, next);
}

export function onCronWorkflowTimer(tick: Tick, c: CronWorkflowEntry, host: CronHost): void {
  runCronWorkflow(tick, c, c.cron.due ?? tick.at, host);
  armCronWorkflow(tick, c);
}

/** Argo's run: suspend and the concurrency policy decide, then a Workflow from workflowSpec. */
function runCronWorkflow(tick: Tick, c: CronWorkflowEntry, scheduledAt: number, host: CronHost): void {
  const { spec, status, metadata } = c.object;
  if (spec.suspend) return;
  if (status.active.length > 0 && spec.concurrencyPolicy === ConcurrencyPolicy.Forbid) {
    tick.event(c, "Normal", "JobAlreadyActive", "Not starting workflow because prior execution is running and concurrency policy is Forbid", component);
    return;
  }
  if (status.active.length > 0 && spec.concurrencyPolicy === ConcurrencyPolicy.Replace) {
    // Argo terminates them (they end Failed and stay, as history); they leave `active` when they end.
    for (const ref of [...status.active]) {
      const w = tick.state.get(ref.uid);
      if (w?.kind !== "Workflow") continue;
      onWorkflowCommand(tick, w, { verb: "terminate" });
      host.changed(tick, w);
    }
  }
  const name = `${metadata.name}-${Math.floor(scheduledAt / 1000)}`;
  if (tick.state.lookup("Workflow", metadata.namespace, name) !== undefined) return;
  const wf = host.newEntry(workflowFromCron(c.object, name, scheduledAt, tick.iso));
  tick.state.add(wf);
  recordChild(tick, c, wf);
  status.phase = "Active";
  status.lastScheduledTime = isoAt(scheduledAt);
  tick.event(c, "Normal", "SuccessfulCreate", `Created workflow ${name}`, component);
  host.begin(tick, wf);
}

/**
 * Argo's shouldOutstandingWorkflowsBeRun, after a restart or an update that kept the schedules:
 * the latest time missed since lastScheduledTime runs once if it is within startingDeadlineSeconds.
 */
export function runOutstanding(tick: Tick, c: CronWorkflowEntry, host: CronHost): void {
  const { spec, status } = c.object;
  if (status.lastScheduledTime === undefined || spec.startingDeadlineSeconds === undefined) return;
  const last = Date.parse(status.lastScheduledTime);
  let missed: number | undefined;
  for (const s of compiled(spec)) {
    const t = s.latest(last, tick.at - 1);
    if (t !== undefined && tick.at < t + spec.startingDeadlineSeconds * 1000 && (missed === undefined || t > missed)) missed = t;
  }
  if (missed !== undefined) runCronWorkflow(tick, c, missed, host);
}

/** A Workflow of this CronWorkflow ended: the counters, then Argo's history limits. */
export function onCronWorkflowChildFinished(tick: Tick, c: CronWorkflowEntry, child: Entry): void {
  if (child.kind !== "Workflow" || !dropActive(tick, c, child.object.metadata.uid)) return;
  const phase = child.object.status.phase;
  if (phase === "Succeeded") c.object.status.succeeded++;
  else if (phase === "Failed" || phase === "Error") c.object.status.failed++;
  enforceHistoryLimit(tick, c);
}

/** `kubectl apply` of a changed spec: Argo reschedules, and runs a missed time only if the schedules stayed. */
export function updateCronWorkflow(tick: Tick, c: CronWorkflowEntry, next: CronWorkflow, host: CronHost): void {
  const old = c.object.spec;
  c.object.spec = structuredClone(next.spec);
  tick.state.touch(c);
  const rescheduled = schedulesOf(old).join("\n") !== schedulesOf(next.spec).join("\n") || old.timezone !== next.spec.timezone;
  if (!rescheduled) runOutstanding(tick, c, host);
  enforceHistoryLimit(tick, c);
  armCronWorkflow(tick, c);
}

/** Argo's enforceHistoryLimit: the most recently finished Workflows are kept, the others deleted. */
export function enforceHistoryLimit(tick: Tick, c: CronWorkflowEntry): void {
  const finished = existingChildren(tick, c).filter((e): e is WorkflowEntry => e.kind === "Workflow" && e.finished);
  if (finished.length === 0) return;
  finished.sort((a, b) => Date.parse(a.object.status.finishedAt ?? "") - Date.parse(b.object.status.finishedAt ?? ""));
  const succeeded = finished.filter((w) => w.object.status.phase === "Succeeded");
  const failed = finished.filter((w) => w.object.status.phase !== "Succeeded");
  const announce = (w: Entry) => tick.event(c, "Normal", "SuccessfulDelete", `Deleted workflow ${w.object.metadata.name}`, component);
  deleteOldest(tick, c, succeeded, c.object.spec.successfulJobsHistoryLimit, announce);
  deleteOldest(tick, c, failed, c.object.spec.failedJobsHistoryLimit, announce);
}

/** Argo's ConvertCronWorkflowToWorkflowWithProperties. */
function workflowFromCron(cwf: CronWorkflow, name: string, scheduledAt: number, now: string): Workflow {
  const labels: Record<string, string> = {};
  for (const key of propagatedLabels) if (cwf.metadata.labels[key] !== undefined) labels[key] = cwf.metadata.labels[key];
  labels[CronMetadata.cronWorkflow] = cwf.metadata.name;
  const meta = cwf.spec.workflowMetadata;
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Workflow",
    metadata: {
      name,
      namespace: cwf.metadata.namespace,
      uid: childUid(cwf.metadata.uid, scheduledAt),
      labels: { ...labels, ...meta?.labels },
      annotations: { [CronMetadata.cronWorkflowScheduledTime]: formatRfc3339(scheduledAt), ...meta?.annotations },
      creationTimestamp: now,
      ownerReferences: [controllerRef(cwf)],
    },
    spec: structuredClone(cwf.spec.workflowSpec),
    status: { phase: "", nodes: {} },
  };
}
