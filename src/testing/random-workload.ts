import { BatonAnnotation, type Container, type ContainerLaunch, type Job, type JobSpec, type Pod, type PodFailurePolicyRule, type PodSpec, type Resource, type SuccessPolicyRule } from "../model/index.js";
import { job, pod } from "./builders.js";
import type { Behaviour, FakeOutcome } from "./simulation.js";
import { SeededRandom } from "./random.js";

/**
 * Random workloads for the simulation test: a submission of Jobs and Pods (with depends-on
 * edges, never a cycle), how each container behaves attempt by attempt, and what happens from
 * outside (suspend toggles, a stop, engine restarts). Everything follows from the seed.
 */
export interface Workload {
  seed: number;
  /** A short name of the generator that made it (random, or a documented situation). */
  shape: string;
  resources: Resource[];
  /** Per resource and container: the outcome of its n-th launch (across all pods), then `final` forever. */
  scripts: Record<string, { first: FakeOutcome[]; final: FakeOutcome }>;
  suspends: { name: string; at: number; suspend: boolean }[];
  stopAt?: number;
  restartsAt: number[];
}

export const FAILING_CODES = [1, 2, 3, 42] as const;

export function scriptKey(resource: string, container: string): string {
  return `${resource}/${container}`;
}

/** The fake executor of a workload: each container's n-th launch behaves as its script says. */
export function workloadBehaviour(w: Workload): Behaviour {
  const launches = new Map<string, number>();
  return (l: ContainerLaunch) => {
    const key = scriptKey(l.jobName ?? l.podName, l.container);
    const n = launches.get(key) ?? 0;
    launches.set(key, n + 1);
    const script = w.scripts[key];
    if (!script) throw new Error(`no script for ${key}`);
    return script.first[n] ?? script.final;
  };
}

function outcome(rng: SeededRandom, exitCode: number): FakeOutcome {
  const durationMs = rng.chance(0.1) ? rng.int(10_000, 60_000) : rng.int(0, 3000);
  const o: FakeOutcome = { durationMs, exitCode };
  if (rng.chance(0.12)) o.ignoresTerm = true;
  return o;
}

function failingCode(rng: SeededRandom): number {
  return rng.pick(FAILING_CODES);
}

function containers(rng: SeededRandom, prefix: string, n: number): Container[] {
  return Array.from({ length: n }, (_, i) => ({ name: `${prefix}${i}`, image: "busybox", command: ["sh", "-c", "work"] }));
}

function podSpec(rng: SeededRandom, restartPolicy: PodSpec["restartPolicy"]): PodSpec {
  const spec: PodSpec = {
    containers: containers(rng, "main", rng.pick([1, 1, 1, 2, 3])),
    restartPolicy,
    terminationGracePeriodSeconds: rng.pick([0, 1, 2, 5, 30]),
  };
  const inits = rng.pick([0, 0, 0, 1, 2]);
  if (inits > 0) spec.initContainers = containers(rng, "init", inits);
  if (rng.chance(0.1)) spec.activeDeadlineSeconds = rng.int(1, 20);
  return spec;
}

function exitRules(rng: SeededRandom, names: string[], actions: PodFailurePolicyRule["action"][]): PodFailurePolicyRule[] {
  const rules: PodFailurePolicyRule[] = [];
  for (let i = rng.int(1, 3); i > 0; i--) {
    const action = rng.pick(actions);
    if (rng.chance(0.2)) {
      rules.push({ action, onPodConditions: [{ type: "DisruptionTarget", status: "True" }] });
      continue;
    }
    const values: number[] = FAILING_CODES.filter(() => rng.chance(0.4));
    if (values.length === 0) values.push(failingCode(rng));
    const onExitCodes: NonNullable<PodFailurePolicyRule["onExitCodes"]> = { operator: rng.chance(0.75) ? "In" : "NotIn", values };
    if (rng.chance(0.3)) onExitCodes.containerName = rng.pick(names);
    rules.push({ action, onExitCodes });
  }
  return rules;
}

function successRules(rng: SeededRandom, completions: number): SuccessPolicyRule[] {
  const rules: SuccessPolicyRule[] = [];
  for (let i = rng.int(1, 2); i > 0; i--) {
    const indexes = Array.from({ length: completions }, (_, k) => k).filter(() => rng.chance(0.5));
    if (indexes.length > 0 && rng.chance(0.6)) {
      const rule: SuccessPolicyRule = { succeededIndexes: indexes.join(",") };
      if (rng.chance(0.4)) rule.succeededCount = rng.int(1, indexes.length);
      rules.push(rule);
    } else rules.push({ succeededCount: rng.int(1, completions) });
  }
  return rules;
}

function randomJob(rng: SeededRandom, name: string): Job {
  const indexed = rng.chance(0.35);
  const completions = indexed ? rng.int(1, 6) : rng.chance(0.2) ? undefined : rng.int(1, 5);
  const perIndex = indexed && rng.chance(0.4) ? rng.int(0, 2) : undefined;
  const onFailure = perIndex === undefined && rng.chance(0.3);
  const pod = podSpec(rng, onFailure ? "OnFailure" : "Never");
  const spec: Partial<JobSpec> = {
    completionMode: indexed ? "Indexed" : "NonIndexed",
    parallelism: rng.int(1, 4),
    backoffLimit: perIndex !== undefined && rng.chance(0.7) ? 2147483647 : rng.int(0, 4),
    suspend: rng.chance(0.08),
  };
  spec.completions = completions;
  if (perIndex !== undefined) {
    spec.backoffLimitPerIndex = perIndex;
    if (rng.chance(0.5)) spec.maxFailedIndexes = rng.int(0, completions!);
  }
  if (!onFailure && rng.chance(0.35)) {
    const names = [...(pod.initContainers ?? []), ...pod.containers].map((c) => c.name);
    const actions: PodFailurePolicyRule["action"][] = ["FailJob", "Ignore", "Count"];
    if (perIndex !== undefined) actions.push("FailIndex");
    spec.podFailurePolicy = { rules: exitRules(rng, names, actions) };
    spec.podReplacementPolicy = "Failed";
  }
  // A pod deadline kills with 143 every time, which an Ignore rule may match: retried forever (in Kubernetes too).
  if (mustEndInSuccess({ kind: "Job", spec })) delete pod.activeDeadlineSeconds;
  if (indexed && rng.chance(0.25)) spec.successPolicy = { rules: successRules(rng, completions!) };
  if (rng.chance(0.2)) spec.activeDeadlineSeconds = rng.int(1, 30);
  const annotations: Record<string, string> = {};
  if (rng.chance(0.8)) annotations[BatonAnnotation.backoffBase] = rng.pick(["10ms", "100ms", "1s", "2s"]);
  return job(name, spec, pod, annotations);
}

function randomPod(rng: SeededRandom, name: string): Pod {
  const spec = podSpec(rng, rng.chance(0.7) ? "Never" : "OnFailure");
  const annotations: Record<string, string> = {};
  if (rng.chance(0.8)) annotations[BatonAnnotation.backoffBase] = rng.pick(["10ms", "100ms", "1s"]);
  return pod(name, spec, annotations);
}

/** Whether a script must end in success, so that the run is sure to end. */
function mustEndInSuccess(r: Pod | Job | { kind: "Job"; spec: Partial<JobSpec> }): boolean {
  if (r.kind === "Pod") return r.spec.restartPolicy !== "Never" && r.spec.activeDeadlineSeconds === undefined;
  // Ignored failures never count: a container failing forever would be retried forever.
  return (r.spec.podFailurePolicy?.rules ?? []).some((rule) => rule.action === "Ignore");
}

function podSpecOf(r: Pod | Job): PodSpec {
  return r.kind === "Job" ? r.spec.template.spec : r.spec;
}

function randomScripts(rng: SeededRandom, r: Pod | Job, scripts: Workload["scripts"]): void {
  const spec = podSpecOf(r);
  const flaky = rng.pick([0, 0.1, 0.3, 0.6, 0.9]);
  for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
    const first = Array.from({ length: rng.int(0, 4) }, () => outcome(rng, rng.chance(flaky) ? failingCode(rng) : 0));
    const finalFails = !mustEndInSuccess(r) && rng.chance(flaky / 2);
    scripts[scriptKey(r.metadata.name, c.name)] = { first, final: outcome(rng, finalFails ? failingCode(rng) : 0) };
  }
}

/** Gives a resource deterministic uid, so that a seed replays to the same names. */
function pinUid<R extends Resource>(r: R, seed: number): R {
  r.metadata.uid = `${seed.toString(16)}-${r.metadata.name}`;
  return r;
}

export function randomWorkload(rng: SeededRandom, seed: number): Workload {
  const n = rng.pick([1, 1, 2, 3, 4, 5]);
  const resources: Resource[] = [];
  const scripts: Workload["scripts"] = {};
  for (let i = 0; i < n; i++) {
    const name = `r${i}`;
    const r = pinUid(rng.chance(0.8) ? randomJob(rng, name) : randomPod(rng, name), seed);
    const deps = resources.filter(() => rng.chance(0.35)).map((d) => d.metadata.name);
    if (deps.length > 0) r.metadata.annotations[BatonAnnotation.dependsOn] = deps.join(", ");
    randomScripts(rng, r, scripts);
    resources.push(r);
  }
  const suspends: Workload["suspends"] = [];
  for (const r of resources) {
    if (r.kind !== "Job" || !rng.chance(0.2)) continue;
    let suspend = !r.spec.suspend;
    let at = 0;
    for (let k = rng.int(1, 3); k > 0; k--) {
      at += rng.int(0, 15_000);
      suspends.push({ name: r.metadata.name, at, suspend });
      suspend = !suspend;
    }
  }
  containerGraphs(new SeededRandom(seed ^ 0x27d4eb2d), resources);
  const w: Workload = { seed, shape: "random", resources, scripts, suspends, restartsAt: [] };
  if (rng.chance(0.1)) w.stopAt = rng.int(0, 30_000);
  if (rng.chance(0.3)) for (let k = rng.int(1, 2); k > 0; k--) w.restartsAt.push(rng.int(0, 40_000));
  w.restartsAt.sort((a, b) => a - b);
  return w;
}

/**
 * Some pods with several containers run them as a graph (baton.dev/container-dependencies): each
 * waits for some of the containers before it. Drawn from a generator of its own, so that the rest
 * of a seed's workload is what it was before graphs existed.
 */
function containerGraphs(rng: SeededRandom, resources: Resource[]): void {
  for (const r of resources) {
    if (r.kind !== "Pod" && r.kind !== "Job") continue;
    const names = podSpecOf(r as Pod | Job).containers.map((c) => c.name);
    if (names.length < 2 || !rng.chance(0.5)) continue;
    const graph: Record<string, string[]> = {};
    names.forEach((name, i) => {
      const deps = names.slice(0, i).filter(() => rng.chance(0.7));
      if (deps.length > 0) graph[name] = deps;
    });
    if (Object.keys(graph).length === 0) continue;
    const meta = r.kind === "Job" ? (r as Job).spec.template.metadata : r.metadata;
    meta.annotations = { ...meta.annotations, [BatonAnnotation.containerDependencies]: JSON.stringify(graph) };
  }
}

/** Scripts in which every launch of every container behaves the same. */
export function uniformScripts(r: Pod | Job, make: () => FakeOutcome): Workload["scripts"] {
  const spec = podSpecOf(r);
  const scripts: Workload["scripts"] = {};
  for (const c of [...(spec.initContainers ?? []), ...spec.containers]) scripts[scriptKey(r.metadata.name, c.name)] = { first: [], final: make() };
  return scripts;
}

export function singleJobWorkload(seed: number, shape: string, j: Job, make: () => FakeOutcome): Workload {
  pinUid(j, seed);
  return { seed, shape, resources: [j], scripts: uniformScripts(j, make), suspends: [], restartsAt: [] };
}
