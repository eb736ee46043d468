import type { Action, ContainerKey, EngineEvent, Job, Pod, Resource, Runnable } from "../model/index.js";
import { dependencyNames, linkDependencies, resultOf } from "./dependencies.js";
import { endJob, newJobTracking, onJobPodRestarted, onJobPodTerminal, onJobTimer, setJobSuspended, startJob } from "./job.js";
import { syncPodCounters } from "./job-pod-counters.js";
import { adoptedKey, failUnstarted, initPodStatus, killPod, NOTHING, onContainerExited, onContainerStarted, onPodTimer, resumePod, startPod, type PodOutcome } from "./pod.js";
import { isTerminal } from "./pod-status.js";
import { podUid } from "./ids.js";
import { EngineState, type CronEntry, type Entry, type JobEntry, type PodEntry } from "./state.js";
import { newWorkflowTracking, onWorkflowCommand, onWorkflowFinished, onWorkflowNodeTimer, onWorkflowPodChange, onWorkflowTimer, startWorkflow, stopWorkflow } from "./workflow/index.js";
import { parseTimerKey, Tick } from "./tick.js";
import { deleteResource } from "./delete.js";
import { updateResource } from "./update.js";
import { beginCron, endCron, newCronEntry, onCronChildFinished, onCronTimer, resumeCron, updateCron, type CronHost } from "./cron/index.js";

/**
 * The engine: one event in, the decisions out. No clock, no I/O, no randomness: time comes in
 * the event. The state is changed in place and remembers what changed (`state.drainChanges()`),
 * so the runtime commits exactly that before it performs the actions.
 */
export function reconcile(state: EngineState, event: EngineEvent): { state: EngineState; actions: Action[] } {
  const tick = new Tick(state, event.at);
  switch (event.type) {
    case "Submitted":
      submit(tick, event.resources);
      break;
    case "ContainerStarted": {
      const p = state.get(event.podUid);
      if (p?.kind === "Pod") {
        onContainerStarted(tick, p, event);
        afterPod(tick, p, NOTHING);
      }
      break;
    }
    case "ContainerExited": {
      const p = state.get(event.podUid);
      if (p?.kind === "Pod") afterPod(tick, p, onContainerExited(tick, p, event));
      break;
    }
    case "TimerFired":
      timerFired(tick, event.key);
      break;
    case "SuspendChanged": {
      const j = state.get(event.uid);
      if (j?.kind === "Job") {
        setJobSuspended(tick, j, event.suspend);
        afterChange(tick, j); // resuming can finish the Job at once (its pods all ended while it was suspended)
      }
      break;
    }
    case "StopRequested": {
      // Schedules stop first: a CronJob's Job stopped now must not let the CronJob start the next one.
      const all = state.topLevel();
      for (const e of [...all.filter(isCron), ...all.filter((e) => !isCron(e))]) if (!e.finished) stop(tick, e, event.message);
      break;
    }
    case "Resumed":
      resume(tick, event.adopted ?? []);
      break;
    case "WorkflowCommand": {
      const w = state.get(event.uid);
      if (w?.kind === "Workflow") {
        onWorkflowCommand(tick, w, event.command);
        afterChange(tick, w); // a stop can end it at once, and its dependents then fail
      }
      break;
    }
    case "Deleted": {
      const e = state.get(event.uid);
      if (e?.topLevel) {
        const waiting = state.dependents.get(event.uid) ?? [];
        deleteResource(tick, e);
        for (const uid of waiting) {
          const d = state.get(uid);
          if (d && !d.finished && d.waitingFor > 0) endForDependency(tick, d, e.object.metadata.name);
        }
      }
      break;
    }
    case "Updated": {
      const e = state.get(event.resource.metadata.uid);
      if (e?.topLevel && !e.finished) {
        if (isCron(e)) updateCron(tick, e, event.resource, cronHost);
        else updateResource(tick, e, event.resource);
        afterChange(tick, e);
      }
      break;
    }
  }
  return { state, actions: tick.actions };
}

function submit(tick: Tick, resources: Resource[]): void {
  const entries: Entry[] = [];
  // WorkflowTemplates are definitions: the plan copied what workflows use into them.
  for (const r of resources) if (r.kind !== "WorkflowTemplate") entries.push(newEntry(r));
  for (const e of entries) tick.state.add(e);
  const failed = linkDependencies(tick.state, entries, true);
  for (const e of entries) {
    const dep = failed.get(e);
    if (dep !== undefined) endForDependency(tick, e, dep);
    else if (e.waitingFor === 0) begin(tick, e);
    else tick.event(e, "Normal", "Waiting", `Waiting for ${dependencyNames(e.object).join(", ")}`, "baton");
  }
}

function newEntry(r: Runnable): Entry {
  if (r.kind === "CronJob" || r.kind === "CronWorkflow") return newCronEntry(r);
  const common = { waitingFor: 0, timers: {}, topLevel: true, finished: false };
  if (r.kind === "Workflow") return { kind: "Workflow", object: structuredClone(r), wf: newWorkflowTracking(), ...common };
  if (r.kind === "Job") return { kind: "Job", object: structuredClone(r) as Job, job: newJobTracking(), ...common };
  const e: PodEntry = { kind: "Pod", object: structuredClone(r) as Pod, pod: { live: [] }, ...common };
  initPodStatus(e);
  return e;
}

function begin(tick: Tick, e: Entry): void {
  if (e.kind === "Job") startJob(tick, e);
  else if (e.kind === "Workflow") startWorkflow(tick, e);
  else if (e.kind === "Pod") startPod(tick, e);
  else if (isCron(e)) beginCron(tick, e, cronHost);
  afterChange(tick, e);
}

const isCron = (e: Entry): e is CronEntry => e.kind === "CronJob" || e.kind === "CronWorkflow";

/** What the CronJob and CronWorkflow controllers need of reconcile to create and start their Jobs and Workflows. */
const cronHost: CronHost = { newEntry, begin, changed: afterChange };

/** What follows a change to a pod: its Job counts it, a finished resource releases its dependents. */
function afterPod(tick: Tick, p: PodEntry, outcome: PodOutcome): void {
  const owner = p.pod.owner === undefined ? undefined : tick.state.get(p.pod.owner);
  if (owner?.kind === "Job") {
    if (syncPodCounters(owner, p)) tick.state.touch(owner);
    if (outcome.restarted > 0) onJobPodRestarted(tick, owner, outcome.restarted);
    if (outcome.terminal) onJobPodTerminal(tick, owner, p);
    afterChange(tick, owner);
    return;
  }
  if (owner?.kind === "Workflow") {
    onWorkflowPodChange(tick, owner, p, outcome);
    afterChange(tick, owner);
    return;
  }
  if (outcome.terminal) tick.state.markFinished(p);
  afterChange(tick, p);
}

/** Once a top-level resource finished, its dependents start or fail. */
function afterChange(tick: Tick, e: Entry): void {
  if (!e.finished || !e.topLevel) return;
  onCronChildFinished(tick, e, cronHost);
  const result = resultOf(e);
  const name = e.object.metadata.name;
  for (const uid of tick.state.dependents.get(e.object.metadata.uid) ?? []) {
    const d = tick.state.get(uid);
    if (!d || d.finished || d.waitingFor === 0) continue;
    if (result === "Succeeded") {
      if (--d.waitingFor === 0) begin(tick, d);
      tick.state.touch(d);
    } else endForDependency(tick, d, name);
  }
  // Released once: later events about a finished resource (a late exit, a timer) must not count again.
  tick.state.dependents.delete(e.object.metadata.uid);
}

function endForDependency(tick: Tick, e: Entry, dependency: string): void {
  const message = `dependency "${dependency}" did not succeed`;
  e.waitingFor = 0;
  if (e.kind === "Job") endJob(tick, e, "DependencyFailed", message);
  else if (e.kind === "Workflow") {
    e.object.status.phase = "Failed";
    e.object.status.message = message;
    e.object.status.finishedAt = tick.iso;
    tick.state.markFinished(e);
    onWorkflowFinished(tick, e);
  } else if (e.kind === "Pod") {
    failUnstarted(tick, e, "DependencyFailed", message);
    tick.state.markFinished(e);
  } else if (isCron(e)) endCron(tick, e);
  tick.event(e, "Warning", "DependencyFailed", message, "baton");
  afterChange(tick, e);
}

function stop(tick: Tick, e: Entry, message: string): void {
  if (e.kind === "Job") endJob(tick, e, "Stopped", message);
  else if (e.kind === "Workflow") {
    if (e.object.status.startedAt === undefined) endForStop(tick, e, message);
    else stopWorkflow(tick, e, message, true);
  } else if (e.kind === "WorkflowNode") return;
  else if (isCron(e)) endCron(tick, e);
  else if (e.object.status.startTime === undefined) {
    failUnstarted(tick, e, "Stopped", message);
    tick.state.markFinished(e);
  } else afterPod(tick, e, killPod(tick, e, "Stopped", message));
  afterChange(tick, e);
}

function timerFired(tick: Tick, key: string): void {
  const { uid, purpose } = parseTimerKey(key);
  const e = tick.state.get(uid);
  if (!e || e.timers[key] === undefined || e.timers[key]! > tick.at) return;
  delete e.timers[key];
  tick.state.touch(e);
  if (e.kind === "Pod") afterPod(tick, e, onPodTimer(tick, e, purpose));
  else if (e.kind === "Workflow") {
    onWorkflowTimer(tick, e, purpose);
    afterChange(tick, e);
  } else if (e.kind === "WorkflowNode") {
    const w = tick.state.get(e.node.workflow);
    if (w?.kind === "Workflow") {
      onWorkflowNodeTimer(tick, w, e, purpose);
      afterChange(tick, w);
    }
  } else if (isCron(e)) onCronTimer(tick, e, purpose, cronHost);
  else if (purpose === "ttl") deleteJob(tick, e);
  else {
    onJobTimer(tick, e, purpose);
    afterChange(tick, e);
  }
}

function endForStop(tick: Tick, e: Entry & { kind: "Workflow" }, message: string): void {
  e.object.status.phase = "Failed";
  e.object.status.message = message;
  e.object.status.finishedAt = tick.iso;
  tick.state.markFinished(e);
  onWorkflowFinished(tick, e);
}

/** ttlSecondsAfterFinished: the finished Job and its pods are deleted. */
function deleteJob(tick: Tick, j: JobEntry): void {
  const uid = j.object.metadata.uid;
  for (let seq = 0; seq < j.job.podSeq; seq++) tick.state.removeUid(podUid(uid, seq));
  tick.event(j, "Normal", "Deleted", `Job deleted ${j.object.spec.ttlSecondsAfterFinished} s after it finished (ttlSecondsAfterFinished)`, "ttl-after-finished-controller");
  tick.state.remove(j);
}

/**
 * After a restart from stored state: sets every timer again and handles processes that were lost.
 * Containers the executor took over go on; exits of those that ended meanwhile follow this event.
 */
function resume(tick: Tick, adopted: ContainerKey[]): void {
  const state = tick.state;
  const kept = new Set(adopted.map((k) => adoptedKey(k.podUid, k.container, k.attempt)));
  linkDependencies(state, [...state.entries.values()].filter((e) => e.topLevel), false);
  for (const e of state.entries.values()) {
    for (const [key, at] of Object.entries(e.timers)) tick.act({ type: "SetTimer", key, at });
  }
  for (const e of [...state.entries.values()]) {
    if (e.kind === "Pod" && !isTerminal(e.object.status.phase) && e.pod.live.length > 0) afterPod(tick, e, resumePod(tick, e, kept));
  }
  // A pod deleted just before the restart left at once while its processes were being stopped;
  // nothing owns those any more, and their grace period's timer is gone: they end now.
  for (const uid of new Set(adopted.map((k) => k.podUid))) {
    if (state.get(uid) === undefined) tick.act({ type: "KillPod", podUid: uid, gracePeriodSeconds: 0 });
  }
  // Last, so that pods of Jobs started now for missed schedules are not taken for lost ones.
  for (const e of state.topLevel()) if (isCron(e)) resumeCron(tick, e, cronHost);
}

export { EngineState };
