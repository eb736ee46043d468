import type { Action, ContainerLaunch, EngineEvent, RetryStrategy, Template, Workflow } from "../model/index.js";
import type { Entry, NodeEntry, PodEntry, WorkflowEntry } from "../engine/index.js";
import { analyse } from "../engine/workflow/dag-analysis.js";
import type { Simulation } from "./simulation.js";
import { CleanupChecker } from "./workflow-cleanup-rules.js";
import { linkProblem } from "./workflow-link-rules.js";

/**
 * Argo's rules for one workflow, checked against the engine's state after every step of a
 * simulation (src/engine/workflow/workflow-simulation.test.ts). Each is re-derived from node names,
 * the templates and the fake executor's running containers, not from the engine's counters:
 * - no node's pod starts before what it depends on ended (earlier step groups, the tasks in its
 *   DAG dependencies, earlier attempts of a retry, the node an exit hook follows);
 * - never more running pods than spec.parallelism, nor more running children than a template's
 *   parallelism;
 * - a Retry node has at most limit + 1 attempts;
 * - nothing starts once the workflow finished, while spec.suspend holds it, or after a stop or its
 *   deadline — but exit handlers, under the Stop strategy;
 * - a node that Succeeded never runs again (a restart must not lose it), unless `retry` chose it;
 * - Argo's children and outboundNodes (workflow-link-rules.ts), ttlStrategy and podGC
 *   (workflow-cleanup-rules.ts).
 */
export class WorkflowChecker {
  private readonly launched = new Set<string>();
  private readonly podsStarted = new Set<string>();
  /** Names of nodes seen Succeeded. */
  private readonly succeeded = new Set<string>();
  /** Set by stop/terminate commands, cleared by a retry that runs the workflow again. */
  private shutdown: "Stop" | "Terminate" | undefined;
  private where = "";
  starts = 0;
  readonly cleanup = new CleanupChecker();
  /** The workflow as it was after the last step that found it finished (a TTL may delete it later). */
  finished: { workflow: Workflow; phases: Record<string, string>; links: Record<string, string> } | undefined;

  readonly observe = (event: EngineEvent, actions: Action[], sim: Simulation): void => {
    this.where = `step ${sim.steps} at ${sim.now} ms (${event.type}${event.type === "WorkflowCommand" ? ` ${JSON.stringify(event.command)}` : ""})`;
    const w = workflowOf(sim);
    // Before the submission was handled (a restart), or after its TTL deleted it.
    if (!w) return this.check(this.cleanup.gone(sim));
    this.readNodes(sim);
    if (event.type === "WorkflowCommand") this.command(event.command.verb, w);
    // The deadline stops the workflow as `stop` does (Argo: "Step exceeded its deadline").
    if (event.type === "TimerFired" && event.key === `${w.object.metadata.uid}/deadline` && this.shutdown === undefined) this.shutdown = "Stop";
    for (const a of actions) if (a.type === "StartContainer") this.checkStart(a.launch, sim, w);
    this.checkState(sim, w);
    this.check(linkProblem(sim.state, w, this.nodes));
    this.check(this.cleanup.observe(sim, w, this.nodes));
    if (w.finished) this.finished = { workflow: structuredClone(w.object), phases: this.phases(w), links: this.links() };
  };

  private check(problem: string | undefined): void {
    if (problem !== undefined) this.fail(problem);
  }

  /** Node name → phase, and "" → the workflow's phase. */
  private phases(w: WorkflowEntry): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, n] of this.nodes) out[name] = n.object.status.phase;
    out[""] = w.object.status.phase;
    return out;
  }

  /** Node name → its children and outbound nodes by name, as one comparable line. */
  private links(): Record<string, string> {
    const names = new Map([...this.nodes.values()].map((n) => [n.object.status.id, n.object.status.name]));
    const out: Record<string, string> = {};
    for (const [name, n] of this.nodes) {
      const s = n.object.status;
      out[name] = `${(s.children ?? []).map((id) => names.get(id)).join(",")} / ${(s.outboundNodes ?? []).map((id) => names.get(id)).join(",")}`;
    }
    return out;
  }

  /** The workflow's nodes by name, as the engine holds them after this step. */
  private readonly nodes = new Map<string, NodeEntry>();

  private readNodes(sim: Simulation): void {
    this.nodes.clear();
    for (const e of sim.state.entries.values()) if (e.kind === "WorkflowNode") this.nodes.set(e.object.status.name, e);
  }

  private command(verb: string, w: WorkflowEntry): void {
    if (verb === "retry" && !w.finished) {
      this.shutdown = undefined;
      // What the retry deleted or reset may run again; what it kept may not.
      for (const name of [...this.succeeded]) if (this.nodes.get(name)?.object.status.phase !== "Succeeded") this.succeeded.delete(name);
    }
    if ((verb === "stop" || verb === "terminate") && !w.finished && w.object.status.startedAt !== undefined) {
      if (this.shutdown !== "Terminate") this.shutdown = verb === "stop" ? "Stop" : "Terminate";
    }
  }

  private fail(message: string): never {
    throw new Error(`${this.where}: ${message}`);
  }

  private checkStart(l: ContainerLaunch, sim: Simulation, w: WorkflowEntry): void {
    this.starts++;
    const key = `${l.podUid}/${l.container}/${l.attempt}`;
    if (this.launched.has(key)) this.fail(`StartContainer ${l.podName}: this attempt was launched before`);
    this.launched.add(key);
    const p = sim.state.get(l.podUid) as PodEntry | undefined;
    const n = p?.pod.node === undefined ? undefined : (sim.state.get(p.pod.node) as NodeEntry | undefined);
    if (!n) this.fail(`StartContainer ${l.podName} for a pod of no node`);
    const name = n.object.status.name;
    const what = `pod of ${name}`;
    if (w.finished) this.fail(`${what} started after the workflow finished (${w.object.status.phase})`);
    const exitHandler = name.includes(".onExit");
    // spec.suspend holds pods that would start; the containers of a pod already running (a containerSet's) go on.
    const podStarted = this.podsStarted.has(l.podUid);
    this.podsStarted.add(l.podUid);
    if (w.object.spec.suspend === true && this.shutdown === undefined && !podStarted) this.fail(`${what} started while spec.suspend is set`);
    if (this.shutdown === "Terminate") this.fail(`${what} started after terminate`);
    if ((this.shutdown === "Stop" || pastDeadline(w, sim.now)) && !exitHandler) this.fail(`${what} started after a stop or the deadline`);
    if (this.succeeded.has(name)) this.fail(`${what} started again, but it Succeeded before`);
    for (let m: NodeEntry | undefined = n; m; m = parentOf(sim, m)) this.checkDependencies(sim, w, m);
  }

  /** What must have ended before node `m` (or anything under it) runs. */
  private checkDependencies(sim: Simulation, w: WorkflowEntry, m: NodeEntry): void {
    const name = m.object.status.name;
    const ended = (other: string, why: string) => {
      const o = this.nodes.get(other);
      if (!o?.finished) this.fail(`${name} runs before ${other} (${why}) ended`);
    };
    if (m.node.hookOf !== undefined) return ended(name.slice(0, -".onExit".length), "the node its exit hook follows");
    const parent = parentOf(sim, m);
    if (!parent) return;
    const ps = parent.object.status;
    const group = /^(.*)\[(\d+)\]$/.exec(ps.name);
    if (ps.type === "StepGroup" && group && Number(group[2]) > 0) ended(`${group[1]}[${Number(group[2]) - 1}]`, "the previous step group");
    const attempt = /\((\d+)\)$/.exec(name);
    if (ps.type === "Retry" && attempt && Number(attempt[1]) > 0) ended(`${ps.name}(${Number(attempt[1]) - 1})`, "the previous attempt");
    if (ps.type === "DAG") {
      const dag = templateOf(w, parent)?.dag;
      const task = m.node.task!;
      for (const d of dag ? (analyse(dag).dependencies.get(task) ?? []) : []) ended(`${ps.name}.${d}`, "a dependency");
    }
  }

  private checkState(sim: Simulation, w: WorkflowEntry): void {
    let unfinished = 0;
    for (const e of sim.state.entries.values()) if (e.topLevel && !e.finished) unfinished++;
    if (unfinished !== sim.state.unfinished) this.fail(`state.unfinished is ${sim.state.unfinished}, counted ${unfinished}`);
    const running: NodeEntry[] = [];
    for (const e of sim.state.entries.values()) {
      if (e.kind === "WorkflowNode") {
        if (e.object.status.phase === "Succeeded") this.succeeded.add(e.object.status.name);
        if (w.finished && !e.finished) this.fail(`the workflow finished, but node ${e.object.status.name} is ${e.object.status.phase}`);
      } else if (isRunningPod(sim, e)) {
        const n = sim.state.get((e as PodEntry).pod.node!) as NodeEntry | undefined;
        if (n) running.push(n);
      }
    }
    const limit = w.object.spec.parallelism;
    if (limit !== undefined && running.length > limit) this.fail(`${running.length} pods run, spec.parallelism ${limit}`);
    this.checkTemplateParallelism(sim, w, running);
    for (const n of this.nodes.values()) if (n.object.status.type === "Retry") this.checkAttempts(w, n);
  }

  /** Per steps or DAG node with a parallelism: its children (steps, tasks, iterations) that have a pod running. */
  private checkTemplateParallelism(sim: Simulation, w: WorkflowEntry, running: NodeEntry[]): void {
    const busy = new Map<NodeEntry, Set<NodeEntry>>();
    for (const n of running) {
      if (n.object.status.name.includes(".onExit")) continue; // exit hooks take no slot
      for (let child: NodeEntry = n, up = parentOf(sim, n); up; child = up, up = parentOf(sim, up)) {
        const boundary = up.object.status.type === "StepGroup" || up.object.status.type === "TaskGroup" ? parentOf(sim, up) : up;
        if (!boundary || (boundary.object.status.type !== "Steps" && boundary.object.status.type !== "DAG")) continue;
        if (child.object.status.type === "TaskGroup" || child.object.status.type === "StepGroup") continue;
        const set = busy.get(boundary) ?? new Set();
        set.add(child);
        busy.set(boundary, set);
      }
    }
    for (const [boundary, children] of busy) {
      const limit = templateOf(w, boundary)?.parallelism;
      if (limit !== undefined && children.size > limit) this.fail(`${children.size} children of ${boundary.object.status.name} run, its template's parallelism is ${limit}`);
    }
  }

  private checkAttempts(w: WorkflowEntry, retry: NodeEntry): void {
    const t = templateOf(w, retry);
    const strategy: RetryStrategy | undefined = t?.retryStrategy ?? w.object.spec.retryStrategy;
    if (strategy?.limit === undefined) return;
    let attempts = 0;
    while (this.nodes.has(`${retry.object.status.name}(${attempts})`)) attempts++;
    if (attempts > Number(strategy.limit) + 1) this.fail(`${retry.object.status.name} made ${attempts} attempts, limit ${strategy.limit}`);
  }

  /** Once nothing is left to happen. */
  finish(sim: Simulation): void {
    this.where = `end at ${sim.now} ms after ${sim.steps} steps`;
    const w = workflowOf(sim);
    if (sim.runningCount() > 0) this.fail(`${sim.runningCount()} containers still run`);
    if (!w && this.cleanup.deletedAt !== undefined) return;
    if (!w) this.fail("the workflow was never submitted");
    this.readNodes(sim);
    if (!w.finished) this.fail(`the workflow never finished (${w.object.status.phase}, spec.suspend ${w.object.spec.suspend})`);
    this.checkState(sim, w);
    this.check(this.cleanup.finish(sim, w, this.nodes));
  }
}

function workflowOf(sim: Simulation): WorkflowEntry | undefined {
  for (const e of sim.state.topLevel()) if (e.kind === "Workflow") return e;
  return undefined;
}

function parentOf(sim: Simulation, n: NodeEntry): NodeEntry | undefined {
  return n.node.parent === undefined ? undefined : (sim.state.get(n.node.parent) as NodeEntry | undefined);
}

function templateOf(w: WorkflowEntry, n: NodeEntry): Template | undefined {
  return w.object.spec.templates.find((t) => t.name === n.object.status.templateName);
}

function pastDeadline(w: WorkflowEntry, now: number): boolean {
  const ads = w.object.spec.activeDeadlineSeconds;
  const start = w.object.status.startedAt;
  return ads !== undefined && start !== undefined && now > Date.parse(start) + ads * 1000;
}

function isRunningPod(sim: Simulation, e: Entry): boolean {
  if (e.kind !== "Pod" || e.pod.node === undefined) return false;
  return e.object.spec.containers.some((c) => sim.isRunning(e.object.metadata.uid, c.name));
}
