import type { Workflow, WorkflowCommand } from "../model/index.js";
import type { WorkflowEntry } from "../engine/index.js";
import { SeededRandom } from "./random.js";
import type { WorkflowCase } from "./random-workflow.js";
import { Simulation, type Behaviour } from "./simulation.js";
import { WorkflowChecker } from "./workflow-invariants.js";
import { load } from "./workflow-harness.js";

/** Steps one case may take, all runs together: far above what a case needs, so a loop is caught. */
const MAX_STEPS = 60_000;

function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * The fake executor: a container's n-th launch runs for a time, exits with a code and prints "heads"
 * or "tails", all drawn from (seed, pod name, container, n) — the same in a run with restarts and
 * one without.
 */
export function workflowBehaviour(seed: number): Behaviour {
  const launches = new Map<string, number>();
  const flaky = new SeededRandom(seed ^ 0x5bd1e995).pick([0.03, 0.1, 0.25]);
  return (l) => {
    // The containers of a containerSet's pod each behave on their own.
    const who = l.container === "main" ? l.podName : `${l.podName}/${l.container}`;
    const n = launches.get(who) ?? 0;
    launches.set(who, n + 1);
    const rng = new SeededRandom(hash(`${seed}/${who}/${n}`));
    const durationMs = rng.chance(0.08) ? rng.int(10_000, 30_000) : rng.int(0, 3000);
    const exitCode = rng.chance(flaky) ? 1 : 0;
    return { durationMs, exitCode, ignoresTerm: rng.chance(0.1), outputs: { stdout: rng.chance(0.5) ? "heads\n" : "tails\n" } };
  };
}

export interface CaseRun {
  sim: Simulation;
  checker: WorkflowChecker;
  workflow: Workflow;
  /** Node name → phase at the end ("" → the workflow's), as the workflow last was (a TTL may have deleted it). */
  phases: Record<string, string>;
  /** Node name → its children and outbound nodes, by name. */
  links: Record<string, string>;
  /** Whether every engine restart happened while no container ran (none lost a pod). */
  quiet: boolean;
}

/**
 * Runs one event (skipping those a restart made stale). Stepping, not `run({ until })`: that puts
 * back the first event past `until` behind others of the same time, and a run with restarts must
 * see events in the same order as one without.
 */
function stepOnce(sim: Simulation): boolean {
  if (sim.pending === 0) return false;
  try {
    sim.run({ maxSteps: sim.steps + 1 });
  } catch (err) {
    if (!(err instanceof Error && err.message.startsWith("simulation did not settle"))) throw err;
  }
  return true;
}

/**
 * Runs one case to its end: its commands at their times, engine restarts from the stored rows
 * (when `restarts`), `resume` while a workflow waits for one, and `retry` once it ended if the case
 * asks. A restart comes after the first event at or past its time; a quiet one then waits, event by
 * event, for a moment when no container runs.
 */
export function runWorkflowCase(c: WorkflowCase, restarts: boolean): CaseRun {
  const wf = structuredClone(loaded(c));
  const checker = new WorkflowChecker();
  const sim = new Simulation(workflowBehaviour(c.seed), checker.observe, { persist: true });
  const send = (command: WorkflowCommand, at = sim.now) => sim.push({ type: "WorkflowCommand", uid: wf.metadata.uid, command, at });
  sim.submit([wf], 0);
  for (const { at, command } of c.commands) send(command, at);
  let quiet = true;
  const restart = (r: { quiet: boolean }) => {
    for (let i = 0; r.quiet && sim.runningCount() > 0 && i < 500 && stepOnce(sim); i++);
    if (sim.runningCount() > 0) quiet = false;
    const lost = sim.crash();
    if (lost.length > 0) throw new Error(`engine restart at ${sim.now} lost uncommitted changes of ${lost.join(", ")}`);
    sim.resume();
  };
  for (const r of restarts ? c.restarts : []) {
    while (sim.now < r.at && stepOnce(sim));
    restart(r);
  }
  const settle = () => {
    sim.run({ maxSteps: MAX_STEPS });
    // Nothing can move a workflow that waits for a person: the person resumes it.
    for (let i = 0; i < 20 && entry(sim)?.finished === false; i++) {
      send({ verb: "resume" });
      sim.run({ maxSteps: MAX_STEPS });
    }
  };
  settle();
  if (c.retryAtEnd) {
    send({ verb: "retry", ...(c.retryAtEnd.node !== undefined ? { node: c.retryAtEnd.node } : {}) });
    const after = c.retryAtEnd.restartAfter;
    if (restarts && after !== undefined) {
      for (let i = 0; i <= after && stepOnce(sim); i++);
      restart({ quiet: true });
    }
    settle();
  }
  checker.finish(sim);
  const { workflow, phases, links } = checker.finished!;
  return { sim, checker, workflow, phases, links, quiet };
}

/** Loaded (parsed, defaulted, validated) once per case: the spec's checks cost more than a run. */
const loadedCases = new WeakMap<WorkflowCase, Workflow>();

function loaded(c: WorkflowCase): Workflow {
  let wf = loadedCases.get(c);
  if (!wf) {
    wf = load(c.manifest);
    wf.metadata.uid = `uid-${c.seed}`;
    loadedCases.set(c, wf);
  }
  return wf;
}

function entry(sim: Simulation): WorkflowEntry | undefined {
  return sim.state.topLevel().find((e) => e.kind === "Workflow") as WorkflowEntry | undefined;
}
