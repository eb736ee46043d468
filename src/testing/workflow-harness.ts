import type { ContainerLaunch, NodeStatus, Workflow, WorkflowCommand } from "../model/index.js";
import { checkSubmission } from "../plan/index.js";
import { loadManifests, type Diagnostic } from "../spec/index.js";
import { Simulation } from "./simulation.js";

/**
 * Argo Workflows' documented behaviour, driven through the deterministic Simulation: a fake
 * clock and a fake executor. Every container runs `[run, <label>]`; a test's `script` says how
 * the container with that label behaves (how long, exit code, stdout). A list of behaviours is
 * used one per launch of that label (the last one repeats), for retries.
 */

export interface Act {
  ms?: number;
  exit?: number;
  stdout?: string;
}
export type Script = Record<string, Act | Act[]>;

export interface Launch {
  label: string;
  at: number;
  end: number;
}

/** The generic leaf template: `run` with input `n`, the label its container is known by. */
export const RUN = `
  - name: run
    inputs: {parameters: [{name: n}]}
    container: {image: busybox, command: [run, "{{inputs.parameters.n}}"]}`;

/** A step or task invoking `run` with label `n`, plus extra flow-mapping fields. */
export const call = (name: string, extra = "", n = name) => `{name: ${name}, template: run, arguments: {parameters: [{name: n, value: "${n}"}]}${extra ? `, ${extra}` : ""}}`;

export function workflow(spec: string, templates: string): string {
  return `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: wf-
spec:
${spec}
  templates:${RUN}
${templates}`;
}

export function load(yaml: string): Workflow {
  const { resources, diagnostics } = loadManifests(yaml, "wf.yaml", { requireCommand: true });
  const errors = (ds: Diagnostic[]) => ds.filter((d) => d.severity === "error").map((d) => `${d.path}: ${d.message}`);
  const problems = [...errors(diagnostics), ...errors(checkSubmission(resources))];
  if (problems.length > 0) throw new Error(`the test workflow is invalid:\n${problems.join("\n")}`);
  const wf = resources[0]!.resource as Workflow;
  wf.metadata.name = "wf";
  wf.metadata.uid = "uid-wf";
  return wf;
}

export interface Run {
  sim: Simulation;
  wf: Workflow;
  launches: Launch[];
  /** Most containers running at once. */
  maxRunning: number;
  node: (name: string) => NodeStatus | undefined;
  nodes: () => NodeStatus[];
  /** name → phase of every node. */
  phases: () => Record<string, string>;
  labels: () => string[];
}

/** A workflow command (`baton suspend|resume|stop|terminate|retry`) sent at a time. */
export interface Command {
  at: number;
  command: WorkflowCommand;
}

export function simulate(yaml: string, script: Script = {}, options: { persist?: boolean; until?: number; commands?: Command[] } = {}): Run {
  const wf = load(yaml);
  const launches: Launch[] = [];
  const seen = new Map<string, number>();
  let maxRunning = 0;
  const behaviour = (l: ContainerLaunch, now: number) => {
    const label = l.argv[1] ?? "?";
    const i = seen.get(label) ?? 0;
    seen.set(label, i + 1);
    const acts = script[label];
    const act: Act = Array.isArray(acts) ? (acts[Math.min(i, acts.length - 1)] ?? {}) : (acts ?? {});
    const ms = act.ms ?? 1000;
    launches.push({ label, at: now, end: now + ms });
    return { durationMs: ms, exitCode: act.exit ?? 0, ...(act.stdout !== undefined ? { outputs: { stdout: act.stdout } } : {}) };
  };
  const sim = new Simulation(behaviour, (_e, _a, s) => (maxRunning = Math.max(maxRunning, s.runningCount())), { persist: options.persist ?? false });
  sim.submit([wf], 0);
  for (const c of options.commands ?? []) sim.push({ type: "WorkflowCommand", uid: wf.metadata.uid, command: c.command, at: c.at });
  sim.run(options.until !== undefined ? { until: options.until } : {});
  const nodes = () =>
    [...sim.state.entries.values()].filter((e) => e.kind === "WorkflowNode").map((e) => e.object.status as NodeStatus);
  return {
    sim,
    get wf() {
      return sim.state.get("uid-wf")!.object as Workflow;
    },
    launches,
    get maxRunning() {
      return maxRunning;
    },
    node: (name) => nodes().find((n) => n.name === name),
    nodes,
    phases: () => Object.fromEntries(nodes().map((n) => [n.name, n.phase])),
    labels: () => launches.map((l) => l.label),
  };
}

export const at = (r: Run, label: string) => r.launches.filter((l) => l.label === label).map((l) => l.at);

/** Sends a workflow command (at `at`, else now) and runs on, to the end or to `until`. */
export function send(r: Run, command: WorkflowCommand, options: { at?: number; until?: number } = {}): void {
  r.sim.push({ type: "WorkflowCommand", uid: "uid-wf", command, at: options.at ?? r.sim.now });
  r.sim.run(options.until !== undefined ? { until: options.until } : {});
}
