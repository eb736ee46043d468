import type { WorkflowCommand } from "../model/index.js";
import { SeededRandom } from "./random.js";

/**
 * Random valid Argo Workflows for the workflow simulation: steps and DAG templates nested a few
 * levels, loops (withItems, withSequence), `when` on earlier results, continueOn, retryStrategy
 * with limits, policies and back-off, template and workflow parallelism, exit handlers (the
 * workflow's and steps' hooks), suspend templates, containerSets, deadlines — and what happens from outside:
 * suspend/resume, stop/terminate, retry once it ended, engine restarts; ttlStrategy and podGC
 * (with labels on some leaf templates for its labelSelector). All from the seed.
 *
 * Every container runs `[run]`: the fake executor knows a pod by its name (one per node) and
 * decides its duration, exit code and stdout from (seed, pod name, launch number).
 */
export interface WorkflowCase {
  seed: number;
  /** The manifest as JSON text (YAML's subset), loaded by the spec like a user's file. */
  manifest: string;
  commands: { at: number; command: WorkflowCommand }[];
  /**
   * Once the run ended: `retry` (with this node selector, if any), then on to the end again — with
   * an engine restart after `restartAfter` more events, in the run with restarts.
   */
  retryAtEnd?: { node?: string; restartAfter?: number };
  restarts: { at: number; quiet: boolean }[];
}

type Json = Record<string, unknown>;

const DURATIONS = ["1s", "2s", "3s", "5s"];

class Generator {
  readonly templates: Json[] = [];
  private n = 0;
  /** Templates whose node has an `outputs.result` (container templates). */
  readonly results = new Set<string>();
  readonly selectable: string[] = [];

  constructor(private readonly rng: SeededRandom) {}

  private add(t: Json): string {
    this.templates.push(t);
    return t.name as string;
  }

  private name(prefix: string): string {
    return `${prefix}${this.n++}`;
  }

  leaf(): string {
    const rng = this.rng;
    if (rng.chance(0.1)) return this.containerSet();
    const t: Json = { name: this.name("c"), container: { image: "busybox", command: ["run"] } };
    if (rng.chance(0.3)) {
      const unlimited = rng.chance(0.1);
      t.retryStrategy = {
        ...(unlimited ? {} : { limit: String(rng.int(0, 3)) }),
        retryPolicy: rng.pick(["Always", "OnFailure", "OnError", "OnFailure"]),
        ...(rng.chance(0.4) ? { backoff: { duration: rng.pick(["1s", "2s"]), ...(rng.chance(0.5) ? { factor: 2 } : {}) } } : {}),
      };
    }
    if (rng.chance(0.08)) t.activeDeadlineSeconds = String(rng.int(1, 4));
    this.results.add(t.name as string);
    return this.add(t);
  }

  /** A containerSet: up to three containers (the last named main), each maybe waiting for earlier ones. */
  private containerSet(): string {
    const rng = this.rng;
    const names = ["a", "b", "main"].slice(3 - rng.int(1, 3));
    const containers = names.map((name, i) => {
      const deps = names.slice(0, i).filter(() => rng.chance(0.6));
      return { name, image: "busybox", command: ["run"], ...(deps.length > 0 ? { dependencies: deps } : {}) };
    });
    const t: Json = { name: this.name("cs"), containerSet: { containers, ...(rng.chance(0.3) ? { retryStrategy: { retries: String(rng.int(0, 2)), duration: rng.pick(["0s", "1s"]) } } : {}) } };
    if (rng.chance(0.2)) t.retryStrategy = { limit: String(rng.int(0, 2)), retryPolicy: rng.pick(["Always", "OnFailure"]) };
    this.results.add(t.name as string);
    return this.add(t);
  }

  suspend(withoutDuration: boolean): string {
    const t: Json = { name: this.name("p"), suspend: withoutDuration ? {} : { duration: this.rng.pick(DURATIONS) } };
    return this.add(t);
  }

  /** A template to call from a steps or DAG template, nested at most `depth` levels more. */
  any(depth: number): string {
    const rng = this.rng;
    const roll = rng.next();
    if (depth > 0 && roll < 0.3) return rng.chance(0.5) ? this.steps(depth - 1) : this.dag(depth - 1);
    if (roll < 0.38) return this.suspend(rng.chance(0.15));
    return this.leaf();
  }

  private loop(step: Json): void {
    const rng = this.rng;
    if (rng.chance(0.7)) step.withItems = ["a", "b", "c", "d"].slice(0, rng.int(1, 3));
    else step.withSequence = { count: String(rng.int(0, 3)) };
  }

  private hooks(step: Json): void {
    if (this.rng.chance(0.1)) step.hooks = { exit: { template: this.leaf() } };
  }

  steps(depth: number): string {
    const rng = this.rng;
    const name = this.name("s");
    const groups: Json[][] = [];
    const earlier: { name: string; template: string; looped: boolean }[] = [];
    for (let g = rng.int(1, 4); g > 0; g--) {
      const group: Json[] = [];
      for (let k = rng.int(1, 3); k > 0; k--) {
        const step: Json = { name: this.name("st"), template: this.any(depth) };
        if (rng.chance(0.2)) this.loop(step);
        if (earlier.length > 0 && rng.chance(0.25)) step.when = this.when(rng.pick(earlier), "steps");
        if (rng.chance(0.2)) step.continueOn = { failed: true };
        this.hooks(step);
        this.selectable.push(step.name as string);
        group.push(step);
      }
      for (const s of group) earlier.push({ name: s.name as string, template: s.template as string, looped: s.withItems !== undefined || s.withSequence !== undefined });
      groups.push(group);
    }
    const t: Json = { name, steps: groups };
    if (rng.chance(0.2)) t.parallelism = rng.int(1, 2);
    return this.add(t);
  }

  dag(depth: number): string {
    const rng = this.rng;
    const name = this.name("d");
    const tasks: Json[] = [];
    for (let k = rng.int(1, 6); k > 0; k--) {
      const task: Json = { name: this.name("t"), template: this.any(depth) };
      const deps = tasks.filter(() => rng.chance(0.45));
      if (deps.length > 0) {
        if (rng.chance(0.5)) task.dependencies = deps.map((d) => d.name);
        else task.depends = deps.map((d) => `${d.name as string}${rng.pick(["", "", ".Succeeded", ".Failed", ".Omitted"])}`).join(rng.chance(0.7) ? " && " : " || ");
        if (rng.chance(0.2)) {
          const d = rng.pick(deps);
          task.when = this.when({ name: d.name as string, template: d.template as string, looped: d.withItems !== undefined || d.withSequence !== undefined }, "tasks");
        }
      }
      if (rng.chance(0.2)) this.loop(task);
      if (rng.chance(0.2)) task.continueOn = { failed: true };
      this.hooks(task);
      this.selectable.push(task.name as string);
      tasks.push(task);
    }
    const t: Json = { name, dag: { tasks, ...(rng.chance(0.3) ? { failFast: false } : {}) } };
    if (rng.chance(0.2)) t.parallelism = rng.int(1, 2);
    return this.add(t);
  }

  /** A condition on an earlier step or a dependency: its status, or its result when it has one. */
  private when(of: { name: string; template: string; looped: boolean }, kind: "steps" | "tasks"): string {
    if (this.results.has(of.template) && !of.looped && this.rng.chance(0.5)) return `{{${kind}.${of.name}.outputs.result}} == heads`;
    return `{{${kind}.${of.name}.status}} ${this.rng.pick(["==", "!="])} Succeeded`;
  }
}

export function randomWorkflowCase(rng: SeededRandom, seed: number): WorkflowCase {
  const g = new Generator(rng);
  const entrypoint = rng.chance(0.5) ? g.steps(rng.int(1, 2)) : g.dag(rng.int(1, 2));
  const spec: Json = { entrypoint, templates: g.templates };
  if (rng.chance(0.3)) spec.onExit = rng.chance(0.6) ? g.leaf() : g.steps(0);
  if (rng.chance(0.25)) spec.parallelism = rng.int(1, 3);
  if (rng.chance(0.2)) spec.activeDeadlineSeconds = rng.int(3, 40);
  if (rng.chance(0.05)) spec.suspend = true;
  const c: WorkflowCase = { seed, manifest: "", commands: [], restarts: [] };
  if (rng.chance(0.15)) {
    const at = rng.int(0, 20_000);
    c.commands.push({ at, command: { verb: "suspend" } }, { at: at + rng.int(0, 15_000), command: { verb: "resume" } });
  }
  for (let k = rng.pick([0, 0, 0, 1, 2]); k > 0; k--) {
    const resume: WorkflowCommand = rng.chance(0.5) ? { verb: "resume" } : { verb: "resume", node: rng.pick(g.selectable.length > 0 ? g.selectable : ["none"]) };
    c.commands.push({ at: rng.int(0, 30_000), command: resume });
  }
  if (rng.chance(0.08)) c.commands.push({ at: rng.int(0, 30_000), command: rng.chance(0.5) ? { verb: "stop" } : { verb: "terminate" } });
  if (rng.chance(0.15)) {
    c.retryAtEnd = rng.chance(0.5) || g.selectable.length === 0 ? {} : { node: rng.pick(g.selectable) };
    if (rng.chance(0.5)) c.retryAtEnd.restartAfter = rng.int(0, 12);
  }
  if (rng.chance(0.4)) for (let k = rng.int(1, 3); k > 0; k--) c.restarts.push({ at: rng.int(0, 40_000), quiet: rng.chance(0.6) });
  c.restarts.sort((a, b) => a.at - b.at);
  cleanup(new SeededRandom(seed ^ 0x2545f491), spec, c.retryAtEnd === undefined);
  c.manifest = JSON.stringify({ apiVersion: "argoproj.io/v1alpha1", kind: "Workflow", metadata: { name: "wf", uid: `uid-${seed}` }, spec }, null, 1);
  return c;
}

const SELECTORS = [
  { matchLabels: { tier: "a" } },
  { matchExpressions: [{ key: "tier", operator: "NotIn", values: ["b"] }] },
  { matchExpressions: [{ key: "tier", operator: "DoesNotExist" }] },
];

/**
 * ttlStrategy and podGC, drawn from a generator of their own so that the rest of each seeded case
 * stays what it was. No TTL when the case retries the workflow at the end: it would be gone by then.
 */
function cleanup(rng: SeededRandom, spec: Json, ttl: boolean): void {
  const templates = spec.templates as Json[];
  for (const t of templates) if (t.container !== undefined && rng.chance(0.3)) t.metadata = { labels: { tier: rng.pick(["a", "b"]) } };
  if (ttl && rng.chance(0.2)) {
    const fields = ["secondsAfterCompletion", "secondsAfterSuccess", "secondsAfterFailure"].filter(() => rng.chance(0.5));
    spec.ttlStrategy = Object.fromEntries(fields.map((f) => [f, rng.int(0, 30)]));
  }
  if (rng.chance(0.3)) {
    const podGC: Json = {};
    if (rng.chance(0.9)) podGC.strategy = rng.pick(["OnPodCompletion", "OnPodSuccess", "OnWorkflowCompletion", "OnWorkflowSuccess"]);
    if (rng.chance(0.6)) podGC.deleteDelayDuration = rng.pick(["0", "2s", "10s", "1m"]);
    if (rng.chance(0.3)) podGC.labelSelector = rng.pick(SELECTORS);
    spec.podGC = podGC;
  }
}
