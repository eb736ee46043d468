import { BatonAnnotation, JobPodMetadata, type Action, type ContainerLaunch, type EngineEvent, type Job, type Pod, type PodFailurePolicyAction } from "../model/index.js";
import { IntervalSet, dependencyNames, hasCondition, resultOf, type Entry, type JobEntry, type PodEntry } from "../engine/index.js";
import type { Simulation } from "./simulation.js";

/**
 * Kubernetes' rules for Jobs and Pods, checked against the engine's state after every step of a
 * simulation. Each check re-derives what the pods say, independently of the engine's counters.
 * A broken rule throws an Error that names the step, the time and the object.
 */
export class InvariantChecker {
  private readonly launched = new Set<string>();
  private readonly startedResources = new Set<string>();
  private readonly finalConditions = new Map<string, string>();
  private stopped = false;
  /** Containers started and killed in the same step (a Job that ended later in the step). */
  startsThenKilled = 0;
  private where = "";

  /** For `Simulation`'s observe callback. */
  readonly observe = (event: EngineEvent, actions: Action[], sim: Simulation): void => {
    this.where = `step ${sim.steps} at ${sim.now} ms (${event.type}${describeEvent(event)})`;
    if (event.type === "StopRequested") this.stopped = true;
    actions.forEach((a, i) => {
      if (a.type !== "StartContainer") return;
      // Decided in order: a start followed in the same step by its pod's kill was valid when decided.
      const killedAfter = actions.slice(i + 1).some((b) => b.type === "KillPod" && b.podUid === a.launch.podUid);
      if (killedAfter) this.startsThenKilled++;
      this.checkStart(a.launch, sim, killedAfter);
    });
    this.checkState(sim);
  };

  private fail(message: string): never {
    throw new Error(`${this.where}: ${message}`);
  }

  private checkStart(l: ContainerLaunch, sim: Simulation, killedAfter: boolean): void {
    const what = `${l.podName}/${l.container}#${l.attempt}`;
    const p = sim.state.get(l.podUid);
    if (p?.kind !== "Pod") this.fail(`StartContainer ${what} for a pod the engine does not know`);
    const pod = p.object;
    if (isTerminal(pod)) this.fail(`StartContainer ${what} for a pod already ${pod.status.phase}`);
    if (p.pod.killing && !killedAfter) this.fail(`StartContainer ${what} for a pod being terminated (${p.pod.killing.reason})`);
    if (this.stopped) this.fail(`StartContainer ${what} after StopRequested`);
    const key = `${l.podUid}/${l.container}/${l.attempt}`;
    if (this.launched.has(key)) this.fail(`StartContainer ${what}: this attempt was launched before`);
    this.launched.add(key);
    if (sim.isRunning(l.podUid, l.container)) this.fail(`StartContainer ${what} while an earlier attempt still runs`);
    const inits = pod.status.initContainerStatuses;
    const before = l.init ? inits.slice(0, inits.findIndex((s) => s.name === l.container)) : inits;
    const notDone = before.find((s) => s.state.terminated?.exitCode !== 0);
    if (notDone) this.fail(`StartContainer ${what} before init container ${notDone.name} succeeded`);
    if (!l.init) this.checkGraphStart(pod, l, what);
    const status = (l.init ? inits : pod.status.containerStatuses).find((s) => s.name === l.container);
    if (status?.restartCount !== l.attempt) this.fail(`StartContainer ${what}: attempt is not the restartCount (${status?.restartCount})`);
    const podDeadline = deadlineOf(pod.status.startTime, pod.spec.activeDeadlineSeconds);
    if (sim.now > podDeadline) this.fail(`StartContainer ${what} after the pod's activeDeadlineSeconds (${podDeadline})`);
    const owner = p.pod.owner === undefined ? undefined : sim.state.get(p.pod.owner);
    if (owner?.kind === "Job") this.checkJobStart(owner, p, l, what, sim, killedAfter);
    const top = owner ?? p;
    this.startedResources.add(top.object.metadata.name);
    for (const name of dependencyNames(top.object)) {
      const dep = lookup(sim, top, name);
      if (!dep || resultOf(dep) !== "Succeeded") this.fail(`StartContainer ${what} of ${top.object.metadata.name} before its dependency ${name} succeeded`);
    }
  }

  /** In a pod whose containers run as a graph, a container starts only once each it depends on succeeded. */
  private checkGraphStart(pod: Pod, l: ContainerLaunch, what: string): void {
    const text = pod.metadata.annotations[BatonAnnotation.containerDependencies];
    if (text === undefined) return;
    const deps = (JSON.parse(text) as Record<string, string[]>)[l.container] ?? [];
    for (const d of deps) {
      const s = pod.status.containerStatuses.find((c) => c.name === d);
      const succeeded = s?.state.terminated?.exitCode === 0 || (s?.state.waiting !== undefined && s.lastState.terminated?.exitCode === 0);
      if (!succeeded) this.fail(`StartContainer ${what} before container ${d}, which it depends on, succeeded`);
    }
  }

  private checkJobStart(j: JobEntry, p: PodEntry, l: ContainerLaunch, what: string, sim: Simulation, killedAfter: boolean): void {
    const job = j.object;
    if (j.finished || (j.job.finishing && !killedAfter)) this.fail(`StartContainer ${what} for Job ${job.metadata.name} that is ${j.finished ? "finished" : "finishing"}`);
    if (hasCondition(job, "Suspended")) this.fail(`StartContainer ${what} for suspended Job ${job.metadata.name}`);
    const deadline = deadlineOf(job.status.startTime, job.spec.activeDeadlineSeconds);
    if (sim.now > deadline) this.fail(`StartContainer ${what} after Job ${job.metadata.name}'s activeDeadlineSeconds (${deadline})`);
    if (job.spec.completionMode === "Indexed") {
      const annotation = p.object.metadata.annotations[JobPodMetadata.completionIndex];
      if (annotation !== String(p.pod.index) || l.env.JOB_COMPLETION_INDEX !== annotation) {
        this.fail(`StartContainer ${what}: JOB_COMPLETION_INDEX ${l.env.JOB_COMPLETION_INDEX}, annotation ${annotation}, index ${p.pod.index}`);
      }
    }
  }

  private checkState(sim: Simulation): void {
    const podsOf = new Map<string, PodEntry[]>();
    let unfinished = 0;
    for (const e of sim.state.entries.values()) {
      if (e.topLevel && !e.finished) unfinished++;
      if (e.kind !== "Pod") continue;
      this.checkPod(e);
      if (e.pod.owner === undefined) continue;
      const list = podsOf.get(e.pod.owner) ?? [];
      list.push(e);
      podsOf.set(e.pod.owner, list);
    }
    if (unfinished !== sim.state.unfinished) this.fail(`state.unfinished is ${sim.state.unfinished}, counted ${unfinished}`);
    for (const e of sim.state.entries.values()) if (e.kind === "Job") new JobCheck(this, e, podsOf.get(e.object.metadata.uid) ?? [], sim.now).run();
  }

  private checkPod(p: PodEntry): void {
    const pod = p.object;
    const name = pod.metadata.name;
    if (!p.topLevel && !GENERATED_NAME.test(name.slice(pod.metadata.generateName?.length ?? 0))) this.fail(`Pod ${name}: not generateName ${pod.metadata.generateName} + 5 characters of Kubernetes' alphabet`);
    if (p.topLevel && isTerminal(pod) !== p.finished) this.fail(`Pod ${name}: phase ${pod.status.phase} but finished=${p.finished}`);
    const ready = pod.status.conditions.find((c) => c.type === "Ready")?.status === "True";
    const allReady = !isTerminal(pod) && pod.status.containerStatuses.every((s) => s.ready && s.state.running !== undefined);
    if (ready !== allReady) this.fail(`Pod ${name}: Ready condition ${ready} but containers ready ${allReady} (${JSON.stringify(pod.status.containerStatuses.map((s) => [s.ready, Object.keys(s.state)[0]]))})`);
  }

  /** Called with the result of `Simulation.restart()`. */
  afterRestart(lost: string[]): void {
    if (lost.length > 0) this.fail(`engine restart lost uncommitted changes of ${lost.join(", ")}`);
  }

  /** Checks once nothing is left to happen. */
  finish(sim: Simulation): void {
    this.where = `end at ${sim.now} ms after ${sim.steps} steps`;
    if (sim.runningCount() > 0) this.fail(`${sim.runningCount()} containers still run`);
    const top = [...sim.state.entries.values()].filter((e) => e.topLevel);
    const parked = new Set<Entry>();
    for (const e of top) if (e.kind === "Job" && !e.finished && e.object.spec.suspend && !this.stopped) parked.add(e);
    for (let grew = true; grew; ) {
      grew = false;
      for (const e of top) {
        if (parked.has(e) || e.finished || e.waitingFor === 0) continue;
        if (dependencyNames(e.object).some((n) => { const d = lookup(sim, e, n); return d !== undefined && parked.has(d); })) {
          parked.add(e);
          grew = true;
        }
      }
    }
    for (const e of top) {
      const name = e.object.metadata.name;
      if (!e.finished && !parked.has(e)) this.fail(`${e.kind} ${name} never finished`);
      const failedDep = dependencyNames(e.object).find((n) => { const d = lookup(sim, e, n); return d !== undefined && resultOf(d) === "Failed"; });
      if (failedDep === undefined) continue;
      if (this.startedResources.has(name)) this.fail(`${name} ran although its dependency ${failedDep} failed`);
      const reason = e.kind === "Job" ? e.object.status.conditions.find((c) => c.type === "Failed")?.reason : e.kind === "Pod" ? e.object.status.reason : undefined;
      const allowed = this.stopped ? ["DependencyFailed", "Stopped"] : ["DependencyFailed"];
      if (!allowed.includes(reason ?? "")) this.fail(`${name}: dependency ${failedDep} failed, but it ended with reason ${reason}`);
    }
  }

  /** Records the final conditions of a Job the first time it is seen finished; they never change after. */
  frozen(j: JobEntry): void {
    const uid = j.object.metadata.uid;
    const now = JSON.stringify(j.object.status.conditions);
    const before = this.finalConditions.get(uid);
    if (before === undefined) this.finalConditions.set(uid, now);
    else if (before !== now) this.fail(`Job ${j.object.metadata.name}: conditions changed after it finished: ${before} → ${now}`);
  }

  report(message: string): never {
    return this.fail(message);
  }
}

/** The checks of one Job against its pods. */
class JobCheck {
  private readonly job: Job;
  private readonly nonTerminal: PodEntry[];

  constructor(
    private readonly checker: InvariantChecker,
    private readonly j: JobEntry,
    private readonly pods: PodEntry[],
    private readonly now: number,
  ) {
    this.job = j.object;
    this.nonTerminal = pods.filter((p) => !isTerminal(p.object));
  }

  private fail(message: string): never {
    return this.checker.report(`Job ${this.job.metadata.name}: ${message}`);
  }

  run(): void {
    this.checkPodCounts();
    this.checkStatusCounts();
    if (this.job.spec.completionMode === "Indexed") this.checkIndexes();
    this.checkConditions();
    this.checkPromptness();
  }

  private checkPodCounts(): void {
    const { spec, status } = this.job;
    const engine = [...this.j.job.activePods].sort().join();
    const pods = this.nonTerminal.map((p) => p.object.metadata.uid).sort().join();
    if (engine !== pods) this.fail(`activePods ${engine} but non-terminal pods ${pods}`);
    if (this.nonTerminal.length > spec.parallelism) this.fail(`${this.nonTerminal.length} pods active, parallelism ${spec.parallelism}`);
    if (spec.completionMode === "NonIndexed" && spec.completions !== undefined && this.nonTerminal.length > spec.completions - status.succeeded) {
      this.fail(`${this.nonTerminal.length} pods active, completions ${spec.completions} − succeeded ${status.succeeded}`);
    }
  }

  private checkStatusCounts(): void {
    const status = this.job.status;
    const deleting = (p: PodEntry) => p.object.metadata.deletionTimestamp !== undefined;
    const want = {
      active: this.nonTerminal.filter((p) => !deleting(p)).length,
      terminating: this.nonTerminal.filter(deleting).length,
      ready: this.nonTerminal.filter((p) => !deleting(p) && p.object.status.conditions.some((c) => c.type === "Ready" && c.status === "True")).length,
      succeeded: this.job.spec.completionMode === "Indexed" ? this.succeededIndexes().size : this.pods.filter((p) => p.object.status.phase === "Succeeded").length,
      failed: this.pods.filter((p) => this.countsAsFailed(p)).length,
    };
    const got = { active: status.active, terminating: status.terminating, ready: status.ready, succeeded: status.succeeded, failed: status.failed };
    if (JSON.stringify(want) !== JSON.stringify(got)) this.fail(`status ${JSON.stringify(got)} but the pods say ${JSON.stringify(want)}`);
  }

  /** A failed pod counts unless it was ended by a suspension, a stop, or after success; or an Ignore rule matched. */
  private countsAsFailed(p: PodEntry): boolean {
    if (p.object.status.phase !== "Failed") return false;
    const killed = p.pod.killing?.reason;
    if (killed === "Suspended" || killed === "Stopped") return false;
    if (killed === "Deleted") return this.j.job.finishing?.type !== "Complete";
    return policyAction(this.job, p.object) !== "Ignore";
  }

  /** Counts toward its index's backoffLimitPerIndex: failed by itself, not ignored, not FailJob. */
  private indexFailure(p: PodEntry): PodFailurePolicyAction | undefined | "none" {
    if (p.object.status.phase !== "Failed" || p.pod.killing?.reason === "Deleted" || p.pod.killing?.reason === "Suspended" || p.pod.killing?.reason === "Stopped") return "none";
    const action = policyAction(this.job, p.object);
    return action === "Ignore" || action === "FailJob" ? "none" : action;
  }

  private succeededIndexes(): Set<number> {
    return new Set(this.pods.filter((p) => p.object.status.phase === "Succeeded").map((p) => p.pod.index!));
  }

  private checkIndexes(): void {
    const { spec, status } = this.job;
    const seen = new Set<number>();
    for (const p of this.nonTerminal) {
      const ix = p.pod.index;
      if (ix === undefined || ix < 0 || ix >= spec.completions!) this.fail(`pod ${p.object.metadata.name} has index ${ix}`);
      if (seen.has(ix)) this.fail(`two active pods for index ${ix}`);
      seen.add(ix);
    }
    const completed = setOf(status.completedIndexes);
    if (!sameSet(completed, this.succeededIndexes())) this.fail(`completedIndexes "${status.completedIndexes}" but succeeded pods have ${[...this.succeededIndexes()].sort()}`);
    const perIndex = spec.backoffLimitPerIndex;
    if (perIndex === undefined) return;
    const failures = new Map<number, number>();
    const failedIndexes = new Set<number>();
    for (const p of this.pods) {
      const action = this.indexFailure(p);
      if (action === "none") continue;
      const ix = p.pod.index!;
      const n = (failures.get(ix) ?? 0) + 1;
      failures.set(ix, n);
      if (n > perIndex || action === "FailIndex") failedIndexes.add(ix);
    }
    if (status.failedIndexes === undefined && status.startTime !== undefined) this.fail("failedIndexes unset with backoffLimitPerIndex");
    if (!sameSet(setOf(status.failedIndexes), failedIndexes)) this.fail(`failedIndexes "${status.failedIndexes}" but the pods say ${[...failedIndexes].sort()}`);
    for (const ix of seen) if (failedIndexes.has(ix) || completed.has(ix)) this.fail(`a pod runs for index ${ix}, which already ${completed.has(ix) ? "succeeded" : "failed"}`);
  }

  private checkConditions(): void {
    const job = this.job;
    const at = (type: string) => job.status.conditions.findIndex((c) => c.type === type && c.status === "True");
    const [target, met, failed, complete] = [at("FailureTarget"), at("SuccessCriteriaMet"), at("Failed"), at("Complete")];
    const text = () => job.status.conditions.map((c) => `${c.type}=${c.status}:${c.reason}`).join(", ");
    if (failed >= 0 && complete >= 0) this.fail(`both Failed and Complete: ${text()}`);
    if (target >= 0 && met >= 0) this.fail(`both FailureTarget and SuccessCriteriaMet: ${text()}`);
    if (failed >= 0 && !(target >= 0 && target < failed && job.status.conditions[target]!.reason === job.status.conditions[failed]!.reason)) this.fail(`Failed without a FailureTarget before it: ${text()}`);
    if (complete >= 0 && !(met >= 0 && met < complete && job.status.conditions[met]!.reason === job.status.conditions[complete]!.reason)) this.fail(`Complete without SuccessCriteriaMet before it: ${text()}`);
    const done = failed >= 0 || complete >= 0;
    if (done !== this.j.finished) this.fail(`finished=${this.j.finished} with conditions ${text()}`);
    if (done && this.nonTerminal.length > 0) this.fail(`final condition written while ${this.nonTerminal.length} pods are not terminal: ${text()}`);
    if ((job.status.completionTime !== undefined) !== complete >= 0) this.fail(`completionTime ${job.status.completionTime} with conditions ${text()}`);
    if (done) this.checker.frozen(this.j);
  }

  /** Kubernetes decides an end as soon as its rule is met, and a deadline ends the Job within the grace period. */
  private checkPromptness(): void {
    const { spec, status } = this.job;
    if (this.j.finished) return;
    const deadline = deadlineOf(status.startTime, spec.activeDeadlineSeconds);
    const grace = spec.template.spec.terminationGracePeriodSeconds * 1000;
    if (!hasCondition(this.job, "Suspended") && this.now > deadline + grace) this.fail(`still running ${this.now - deadline} ms after its deadline`);
    if (this.j.job.finishing) return;
    if (status.failed > spec.backoffLimit) this.fail(`failed ${status.failed} > backoffLimit ${spec.backoffLimit}, and no end decided`);
    if (spec.template.spec.restartPolicy === "OnFailure") {
      const restarts = this.nonTerminal.reduce((n, p) => n + [...p.object.status.initContainerStatuses, ...p.object.status.containerStatuses].reduce((m, s) => m + s.restartCount, 0), 0);
      if (spec.backoffLimit === 0 ? restarts > 0 : restarts >= spec.backoffLimit) this.fail(`${restarts} restarts of active pods reach backoffLimit ${spec.backoffLimit}, and no end decided`);
    }
    const completions = spec.completions;
    if (completions !== undefined && status.succeeded >= completions) this.fail(`succeeded ${status.succeeded} of ${completions}, and no end decided`);
    if (spec.maxFailedIndexes !== undefined && setOf(status.failedIndexes).size > spec.maxFailedIndexes) this.fail(`failedIndexes ${status.failedIndexes} over maxFailedIndexes ${spec.maxFailedIndexes}, and no end decided`);
  }
}

/** The first podFailurePolicy rule's action for a failed pod, as Kubernetes matches them (pod_failure_policy.go). */
export function policyAction(job: Job, pod: Pod): PodFailurePolicyAction | undefined {
  for (const rule of job.spec.podFailurePolicy?.rules ?? []) {
    if (rule.onExitCodes) {
      const { containerName, operator, values } = rule.onExitCodes;
      const hit = [...pod.status.containerStatuses, ...pod.status.initContainerStatuses].some((s) => {
        const code = s.state.terminated?.exitCode;
        if (code === undefined || code === 0 || (containerName !== undefined && containerName !== s.name)) return false;
        return values.includes(code) === (operator === "In");
      });
      if (hit) return rule.action;
    } else if (rule.onPodConditions) {
      if (pod.status.conditions.some((c) => rule.onPodConditions!.some((pc) => pc.type === c.type && pc.status === c.status))) return rule.action;
    }
  }
  return undefined;
}

/** The random suffix Kubernetes appends to generateName (apiserver names.SimpleNameGenerator). */
const GENERATED_NAME = /^[bcdfghjklmnpqrstvwxz2456789]{5}$/;

function isTerminal(pod: Pod): boolean {
  return pod.status.phase === "Succeeded" || pod.status.phase === "Failed";
}

function deadlineOf(startTime: string | undefined, seconds: number | undefined): number {
  return startTime === undefined || seconds === undefined ? Infinity : Date.parse(startTime) + seconds * 1000;
}

function lookup(sim: Simulation, of: Entry, name: string): Entry | undefined {
  const ns = of.object.metadata.namespace;
  return sim.state.lookup("Job", ns, name) ?? sim.state.lookup("Pod", ns, name);
}

function setOf(text: string | undefined): Set<number> {
  const out = new Set<number>();
  for (const [a, b] of IntervalSet.parse(text ?? "").toJSON()) for (let i = a; i <= b; i++) out.add(i);
  return out;
}

function sameSet(a: Set<number>, b: Set<number>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

function describeEvent(e: EngineEvent): string {
  switch (e.type) {
    case "ContainerStarted":
    case "ContainerExited":
      return ` ${e.podUid}/${e.container}#${e.attempt}${e.type === "ContainerExited" ? ` exit ${e.exitCode}` : ""}`;
    case "TimerFired":
      return ` ${e.key}`;
    case "SuspendChanged":
      return ` ${e.uid} suspend=${e.suspend}`;
    default:
      return "";
  }
}
