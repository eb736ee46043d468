import { BatonAnnotation, type Container, type ContainerExited, type ContainerStarted, type ContainerStateTerminated } from "../model/index.js";
import { parseDuration } from "../spec/index.js";
import { containerRestartDelay } from "./backoff.js";
import { containerGraphOf, DEPENDENCY_FAILED_EXIT, type ContainerGraph } from "./container-graph.js";
import { buildLaunch } from "./container-launch.js";
import { isTerminal, setPodCondition, statusOf, waitingStatus } from "./pod-status.js";
import type { EngineState, KillReason, PodEntry } from "./state.js";
import { isoAt, type Tick } from "./tick.js";

/**
 * The kubelet's decisions for one pod: init containers one at a time and in order, then the
 * containers together (or as a graph: container-graph.ts); restarts in place under
 * OnFailure/Always with back-off; the pod's deadline; termination. The executor does what is
 * decided here.
 */
export interface PodOutcome {
  readonly terminal: boolean;
  /** Containers scheduled for a restart in place (each counts toward a Job's backoffLimit). */
  readonly restarted: number;
}
export const NOTHING: PodOutcome = { terminal: false, restarted: 0 };
const TERMINAL: PodOutcome = { terminal: true, restarted: 0 };
const RESTARTED: PodOutcome = { terminal: false, restarted: 1 };

export function initPodStatus(e: PodEntry): void {
  const spec = e.object.spec;
  const inits = spec.initContainers ?? [];
  e.object.status.initContainerStatuses = inits.map((c) => waitingStatus(c.name, "PodInitializing"));
  const waiting = inits.length > 0 ? "PodInitializing" : "ContainerCreating";
  e.object.status.containerStatuses = spec.containers.map((c) => waitingStatus(c.name, waiting));
}

/** Parsed baton.dev/backoff-base values: a Job with failures asks again after every pod it ends. */
const parsedBases = new Map<string, number | undefined>();

export function backoffBase(state: EngineState, annotations: Record<string, string>): number {
  const text = annotations[BatonAnnotation.backoffBase];
  if (text === undefined) return state.backoffBaseMs;
  if (!parsedBases.has(text)) parsedBases.set(text, parseDuration(text));
  return parsedBases.get(text) ?? state.backoffBaseMs;
}

export function startPod(tick: Tick, e: PodEntry): void {
  const pod = e.object;
  pod.status.startTime = tick.iso;
  setPodCondition(pod, "PodScheduled", "True", tick.iso);
  const inits = pod.spec.initContainers ?? [];
  setPodCondition(pod, "Initialized", inits.length === 0 ? "True" : "False", tick.iso);
  if (pod.spec.activeDeadlineSeconds !== undefined) tick.setTimer(e, "deadline", tick.at + pod.spec.activeDeadlineSeconds * 1000);
  if (inits.length > 0) launch(tick, e, inits[0]!, true);
  else launchContainers(tick, e);
  tick.state.touch(e);
}

/** A container held back until the containers it depends on exited 0. */
const WAITING_FOR_DEPENDENCIES = "WaitingForDependencies";

/** The pod's containers: all together, or, in a graph, those that depend on nothing. */
function launchContainers(tick: Tick, e: PodEntry): void {
  const graph = containerGraphOf(e.object);
  for (const c of e.object.spec.containers) {
    const deps = graph?.dependencies.get(c.name);
    if (deps === undefined) launch(tick, e, c, false);
    else statusOf(e.object, c.name, false)!.state = { waiting: { reason: WAITING_FOR_DEPENDENCIES, message: `waiting for ${deps.join(", ")} to succeed` } };
  }
}

/**
 * A container of a graph ended for good: what waited only for it and others that succeeded starts;
 * after a failure, what waited for it (and, in turn, for those) ends without running.
 */
function afterGraphExit(tick: Tick, e: PodEntry, graph: ContainerGraph): void {
  const waiting = (name: string) => statusOf(e.object, name, false)?.state.waiting?.reason === WAITING_FOR_DEPENDENCIES;
  // A container restarting in place after a success (restartPolicy Always) has succeeded for its dependents.
  const exitOf = (name: string) => {
    const s = statusOf(e.object, name, false);
    return s?.state.terminated?.exitCode ?? (s?.state.waiting && s.lastState.terminated?.exitCode === 0 ? 0 : undefined);
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const c of e.object.spec.containers) {
      const deps = graph.dependencies.get(c.name);
      if (deps === undefined || !waiting(c.name)) continue;
      const failed = deps.find((d) => exitOf(d) !== undefined && exitOf(d) !== 0);
      if (failed !== undefined) {
        const message = `dependency "${failed}" exited with non-zero code: ${exitOf(failed)}`;
        statusOf(e.object, c.name, false)!.state = { terminated: { exitCode: DEPENDENCY_FAILED_EXIT, reason: "Error", message, finishedAt: tick.iso } };
        changed = true;
      } else if (deps.every((d) => exitOf(d) === 0)) {
        launch(tick, e, c, false);
      }
    }
  }
}

function launch(tick: Tick, e: PodEntry, container: Container, init: boolean): void {
  const status = statusOf(e.object, container.name, init)!;
  status.state = { waiting: { reason: "ContainerCreating" } };
  e.pod.live = e.pod.live.concat([container.name]); // exactly sized: push would reserve 17 slots per pod
  const jobName = e.pod.owner ? e.object.metadata.ownerReferences?.[0]?.name : undefined;
  const l = buildLaunch(e.object, container, init, status.restartCount, jobName);
  const capture = e.pod.capture;
  if (capture !== undefined && capture.container === container.name && !init) {
    l.capture = { stdout: capture.stdout, files: capture.files };
    if (capture.script !== undefined) l.script = capture.script;
  }
  tick.act({ type: "StartContainer", launch: l });
}

function isInit(e: PodEntry, name: string): boolean {
  for (const c of e.object.spec.initContainers ?? NO_CONTAINERS) if (c.name === name) return true;
  return false;
}
const NO_CONTAINERS: readonly Container[] = [];

export function onContainerStarted(tick: Tick, e: PodEntry, r: ContainerStarted): void {
  const init = isInit(e, r.container);
  const status = statusOf(e.object, r.container, init);
  if (!status || status.restartCount !== r.attempt || !e.pod.live.includes(r.container)) return;
  // Told again (a container taken over after a restart): it started when it was first reported.
  if (status.state.running) return;
  status.state = { running: { startedAt: isoAt(r.at) } };
  status.started = true;
  if (!init) {
    status.ready = true;
    e.object.status.phase = "Running";
    const allReady = e.object.status.containerStatuses.every((s) => s.ready);
    setPodCondition(e.object, "ContainersReady", allReady ? "True" : "False", tick.iso);
    setPodCondition(e.object, "Ready", allReady ? "True" : "False", tick.iso);
  }
  tick.state.touch(e);
}

export function onContainerExited(tick: Tick, e: PodEntry, r: ContainerExited): PodOutcome {
  const init = isInit(e, r.container);
  const status = statusOf(e.object, r.container, init);
  const live = e.pod.live.indexOf(r.container);
  if (!status || status.restartCount !== r.attempt || live < 0) return NOTHING;
  e.pod.live.splice(live, 1);
  if (r.outputs !== undefined) e.pod.outputs = r.outputs;
  tick.state.touch(e);
  const terminated: ContainerStateTerminated = { exitCode: r.exitCode, reason: r.reason, finishedAt: isoAt(r.at) };
  if (status.state.running) terminated.startedAt = status.state.running.startedAt;
  if (r.message !== undefined) terminated.message = r.message;
  if (r.reason === "StartError") tick.event(e, "Warning", "Failed", `Error: ${r.message ?? "the container could not start"}`);
  status.ready = false;
  if (!init) {
    setPodCondition(e.object, "ContainersReady", "False", tick.iso);
    setPodCondition(e.object, "Ready", "False", tick.iso);
  }
  const policy = e.object.spec.restartPolicy;
  const wantsRestart = policy === "Always" || (policy === "OnFailure" && r.exitCode !== 0) || (init && policy !== "Never" && r.exitCode !== 0);
  const graph = init ? undefined : containerGraphOf(e.object);
  // A containerSet's retryStrategy runs a failed container again in place, after a fixed delay.
  const retry = !wantsRestart && graph !== undefined && r.exitCode !== 0 && status.restartCount < graph.retries;
  if (!e.pod.killing && (wantsRestart || retry)) {
    restartLater(tick, e, r.container, init, terminated, retry ? graph.delayMs : undefined);
    if (graph !== undefined && r.exitCode === 0) afterGraphExit(tick, e, graph);
    return RESTARTED;
  }
  status.state = { terminated };
  if (init && r.exitCode === 0 && !e.pod.killing) startNext(tick, e, r.container);
  if (graph !== undefined && !e.pod.killing) afterGraphExit(tick, e, graph);
  return finishIfDone(tick, e) ? TERMINAL : NOTHING;
}

function startNext(tick: Tick, e: PodEntry, finished: string): void {
  const inits = e.object.spec.initContainers ?? [];
  const next = inits[inits.findIndex((c) => c.name === finished) + 1];
  if (next) return launch(tick, e, next, true);
  setPodCondition(e.object, "Initialized", "True", tick.iso);
  launchContainers(tick, e);
}

function restartLater(tick: Tick, e: PodEntry, name: string, init: boolean, terminated: ContainerStateTerminated, fixedDelay?: number): void {
  const status = statusOf(e.object, name, init)!;
  const delay = fixedDelay ?? containerRestartDelay(status.restartCount, backoffBase(tick.state, e.object.metadata.annotations));
  status.lastState = { terminated };
  status.restartCount++;
  const message = `back-off ${delay / 1000}s restarting failed container=${name} pod=${e.object.metadata.name}`;
  status.state = { waiting: { reason: "CrashLoopBackOff", message } };
  tick.setTimer(e, `restart/${name}`, tick.at + delay);
  tick.event(e, "Warning", "BackOff", `Back-off restarting failed container ${name} in pod ${e.object.metadata.name}`);
}

function hasPendingRestart(e: PodEntry): boolean {
  for (const key in e.timers) if (key.includes("/restart/")) return true;
  return false;
}

/** Ends the pod if nothing of it runs or waits to run any more. Returns whether it is terminal now. */
function finishIfDone(tick: Tick, e: PodEntry): boolean {
  const pod = e.object;
  if (isTerminal(pod.status.phase)) return false;
  if (e.pod.live.length > 0 || (!e.pod.killing && hasPendingRestart(e))) return false;
  const mains = pod.status.containerStatuses;
  const allSucceeded = mains.every((s) => s.state.terminated?.exitCode === 0);
  if (!e.pod.killing) {
    const initFailed = pod.status.initContainerStatuses.some((s) => s.state.terminated && s.state.terminated.exitCode !== 0);
    if (!initFailed && !mains.every((s) => s.state.terminated)) return false;
  }
  const killed = e.pod.killing?.reason;
  const deadline = killed === "DeadlineExceeded";
  pod.status.phase = allSucceeded && !deadline ? "Succeeded" : "Failed";
  if (pod.status.phase === "Failed" && (deadline || killed === "Stopped")) {
    pod.status.reason = killed;
    pod.status.message = e.pod.killing!.message;
  }
  setPodCondition(pod, "Ready", "False", tick.iso, "PodCompleted");
  setPodCondition(pod, "ContainersReady", "False", tick.iso, "PodCompleted");
  for (const key of Object.keys(e.timers)) delete e.timers[key];
  tick.state.touch(e);
  return true;
}

/** Terminates the pod: SIGTERM, then SIGKILL after its grace period. */
export function killPod(tick: Tick, e: PodEntry, reason: KillReason, message: string): PodOutcome {
  const pod = e.object;
  if (isTerminal(pod.status.phase) || e.pod.killing) return NOTHING;
  e.pod.killing = { reason, message };
  if (reason !== "DeadlineExceeded") pod.metadata.deletionTimestamp = tick.iso;
  for (const s of [...pod.status.initContainerStatuses, ...pod.status.containerStatuses]) {
    if (s.state.waiting?.reason === "CrashLoopBackOff" && s.lastState.terminated) s.state = { terminated: s.lastState.terminated };
  }
  if (e.pod.live.length > 0) {
    tick.act({ type: "KillPod", podUid: pod.metadata.uid, gracePeriodSeconds: pod.spec.terminationGracePeriodSeconds });
    for (const name of e.pod.live) tick.event(e, "Normal", "Killing", `Stopping container ${name}`);
  }
  tick.state.touch(e);
  return finishIfDone(tick, e) ? TERMINAL : NOTHING;
}

/** Ends a pod that never started (its dependencies failed, or the run was stopped first). */
export function failUnstarted(tick: Tick, e: PodEntry, reason: string, message: string): void {
  e.object.status.phase = "Failed";
  e.object.status.reason = reason;
  e.object.status.message = message;
  tick.state.touch(e);
}

export function onPodTimer(tick: Tick, e: PodEntry, purpose: string): PodOutcome {
  if (isTerminal(e.object.status.phase)) return NOTHING;
  if (purpose === "deadline") {
    tick.event(e, "Normal", "DeadlineExceeded", "Pod was active on the node longer than the specified deadline");
    return killPod(tick, e, "DeadlineExceeded", "Pod was active on the node longer than the specified deadline");
  }
  if (purpose.startsWith("restart/") && !e.pod.killing) {
    const name = purpose.slice("restart/".length);
    const init = isInit(e, name);
    const container = (init ? e.object.spec.initContainers! : e.object.spec.containers).find((c) => c.name === name);
    if (container) launch(tick, e, container, init);
  }
  return NOTHING;
}

/** How `Resumed.adopted` names a container attempt. */
export function adoptedKey(podUid: string, container: string, attempt: number): string {
  return `${podUid}/${container}/${attempt}`;
}

/**
 * After an engine restart. Containers the executor took over (`adopted`) go on as if nothing
 * happened; a pod being killed is asked again (the grace period's timer died with the old
 * executor). The processes of the other live containers were lost: each is handled as killed
 * (exit 137), as a kubelet handles containers lost in a node reboot; a pod that cannot restart them
 * in place fails with a DisruptionTarget condition.
 */
export function resumePod(tick: Tick, e: PodEntry, adopted: ReadonlySet<string>): PodOutcome {
  if (e.pod.live.length === 0) return NOTHING;
  const uid = e.object.metadata.uid;
  const lost = e.pod.live.filter((name) => !adopted.has(adoptedKey(uid, name, statusOf(e.object, name, isInit(e, name))!.restartCount)));
  if (lost.length < e.pod.live.length && e.pod.killing) {
    tick.act({ type: "KillPod", podUid: uid, gracePeriodSeconds: e.object.spec.terminationGracePeriodSeconds });
  }
  if (lost.length === 0) return NOTHING;
  if (e.object.spec.restartPolicy === "Never" || e.pod.killing) {
    setPodCondition(e.object, "DisruptionTarget", "True", tick.iso, "EngineRestarted", "The engine stopped while the pod ran; its processes were lost");
  }
  let outcome = NOTHING;
  for (const name of lost) {
    const status = statusOf(e.object, name, isInit(e, name))!;
    const exit: ContainerExited = {
      type: "ContainerExited", podUid: uid, container: name, attempt: status.restartCount,
      exitCode: 137, signal: "SIGKILL", reason: "Error", message: "the process was lost when the engine stopped", at: tick.at,
    };
    const o = onContainerExited(tick, e, exit);
    outcome = { terminal: outcome.terminal || o.terminal, restarted: outcome.restarted + o.restarted };
  }
  return outcome;
}
