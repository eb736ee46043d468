import { evaluateDepends, evaluateWhen, ExprError, substitute, type DependsResult } from "../../expr/index.js";
import type { DagTask, NodePhase } from "../../model/index.js";
import type { NodeEntry } from "../state.js";
import type { Ctx } from "./context.js";
import { analyse, type DagAnalysis } from "./dag-analysis.js";
import { nodeUid } from "./ids.js";
import { iterations, type Iteration } from "./loops.js";
import { continuesOn, createNode, isFailure, setRunning, templateOfNode } from "./nodes.js";
import { outputsOf } from "./outputs.js";
import { boundaryScope, chain, mapLookup, substituteDeep, type Lookup } from "./scope.js";

/**
 * A DAG template: a task runs once the tasks it depends on are fulfilled and its `depends` holds;
 * otherwise it is Omitted. The DAG's phase follows its target tasks (by default the leaves), as
 * Argo assesses it; with failFast (the default), no task starts after an unexpected failure.
 */
export function startDag(c: Ctx, n: NodeEntry): void {
  setRunning(c.tick, n);
  const a = analysis(c, n);
  const waiting = waitingOf(c, n, a);
  // One more than what runs, until all roots started: a root that ends at once cannot end the DAG.
  c.tick.state.workflows.running.set(n.object.metadata.uid, 1);
  // The ready tasks are listed first: a root that ends at once runs its dependents itself.
  const ready = [...a.needed].filter((name) => waiting.get(name) === 0);
  for (const name of ready) runTask(c, n, a, name);
  addRunning(c, n, a, -1);
  settle(c, n, a);
}

/**
 * Tasks started and not yet fulfilled. Kept in memory, not on the DAG's row (a task that ends then
 * rewrites no DAG row), and counted again from the task nodes after a restart.
 */
function runningOf(c: Ctx, dag: NodeEntry, a: DagAnalysis): number {
  const uid = dag.object.metadata.uid;
  let count = c.tick.state.workflows.running.get(uid);
  if (count !== undefined) return count;
  count = 0;
  for (const name of a.tasks.keys()) {
    const task = taskNode(c, dag, name);
    if (task && !fulfilled(c, task)) count++;
  }
  c.tick.state.workflows.running.set(uid, count);
  return count;
}

function addRunning(c: Ctx, dag: NodeEntry, a: DagAnalysis, delta: number): void {
  c.tick.state.workflows.running.set(dag.object.metadata.uid, runningOf(c, dag, a) + delta);
}

function analysis(c: Ctx, n: NodeEntry): DagAnalysis {
  return analyse(templateOfNode(c.w, n)!.dag!);
}

/** Dependencies each task still waits for; rebuilt from the nodes after a restart. */
function waitingOf(c: Ctx, n: NodeEntry, a: DagAnalysis): Map<string, number> {
  const uid = n.object.metadata.uid;
  let w = c.tick.state.workflows.waiting.get(uid);
  if (w) return w;
  w = new Map();
  for (const name of a.needed) {
    let count = 0;
    for (const d of a.dependencies.get(name) ?? []) {
      const dep = taskNode(c, n, d);
      if (!dep || !fulfilled(c, dep)) count++;
    }
    w.set(name, count);
  }
  c.tick.state.workflows.waiting.set(uid, w);
  return w;
}

/** Whether a task has told its DAG it ended: once it finished and, if it has an exit hook, once that did. */
function fulfilled(c: Ctx, n: NodeEntry): boolean {
  if (!n.finished) return false;
  if (n.node.exitHook === undefined) return true;
  return c.tick.state.get(nodeUid(c.w.object.metadata.uid, `${n.object.status.name}.onExit`))?.finished === true;
}

function taskNode(c: Ctx, dag: NodeEntry, task: string): NodeEntry | undefined {
  const e = c.tick.state.get(nodeUid(c.w.object.metadata.uid, `${dag.object.status.name}.${task}`));
  return e?.kind === "WorkflowNode" ? e : undefined;
}

function runTask(c: Ctx, dag: NodeEntry, a: DagAnalysis, name: string): void {
  const existing = taskNode(c, dag, name);
  if (existing) return resumeTask(c, dag, a, existing);
  const task = a.tasks.get(name)!;
  const nodeName = `${dag.object.status.name}.${name}`;
  const at = { name: nodeName, displayName: name, parent: dag, boundaryID: dag.object.status.id };
  const deps = a.dependencies.get(name)!;
  // Omitted whatever else failed: Argo marks a task whose dependencies are all fulfilled and whose
  // `depends` is false before it assesses the DAG, failFast or not.
  if (deps.length > 0 && !evaluateDepends(a.depends.get(name)!, (t, r) => holds(c, dag, t, r))) {
    addRunning(c, dag, a, 1);
    const n = createNode(c.tick, c.w, { ...at, type: "Skipped", task: name });
    n.node.branchPhase = deps.some((d) => isFailure(branchPhase(c, dag, d) as NodePhase)) ? "Failed" : "Succeeded";
    return c.fulfill(n, "Omitted", "omitted: depends condition not met");
  }
  if (dag.node.failure !== undefined && failFast(c, dag)) return;
  addRunning(c, dag, a, 1);
  const list = loopOf(c, dag, task, at);
  if (list === undefined) return;
  if (list === false) return invokeTask(c, task, boundaryScope(c.tick.state, c.w, dag, c.workflowVars), { ...at, ...slotOf(c, dag) });
  const group = createNode(c.tick, c.w, { ...at, type: "TaskGroup", task: name, ...(task.continueOn ? { continueOn: task.continueOn } : {}) });
  expandLoop(c, dag, task, group, list);
}

/** A task kept by `retry`: fulfilled ones count as done, those it reset run again. */
function resumeTask(c: Ctx, dag: NodeEntry, a: DagAnalysis, n: NodeEntry): void {
  if (n.finished) return;
  addRunning(c, dag, a, 1);
  if (n.object.status.type !== "TaskGroup") return c.start(n);
  const task = a.tasks.get(n.node.task!)!;
  const list = loopOf(c, dag, task, { name: n.object.status.name, displayName: n.object.status.displayName, parent: dag, boundaryID: dag.object.status.id });
  if (list === undefined) return;
  if (list === false) return c.fulfill(n, "Error", "the task is no longer a loop");
  expandLoop(c, dag, task, n, list);
}

function slotOf(c: Ctx, dag: NodeEntry): { slot?: string } {
  return templateOfNode(c.w, dag)!.parallelism !== undefined ? { slot: dag.object.metadata.uid } : {};
}

/** A task's iterations; false when it has no loop; undefined when they could not be had (the task's node ended in Error). */
function loopOf(c: Ctx, dag: NodeEntry, task: DagTask, at: Parameters<Ctx["invoke"]>[1]): Iteration[] | false | undefined {
  try {
    return iterations(task, boundaryScope(c.tick.state, c.w, dag, c.workflowVars)) ?? false;
  } catch (err) {
    if (!(err instanceof ExprError)) throw err;
    const existing = taskNode(c, dag, task.name);
    c.fulfill(existing ?? createNode(c.tick, c.w, { ...at, type: "Skipped", task: task.name }), "Error", err.message);
    return undefined;
  }
}

/** Runs a looped task's iterations under its TaskGroup; those a retry kept are not run again. */
function expandLoop(c: Ctx, dag: NodeEntry, task: DagTask, group: NodeEntry, list: Iteration[]): void {
  const scope = boundaryScope(c.tick.state, c.w, dag, c.workflowVars);
  const nodeName = group.object.status.name;
  const wf = c.w.object.metadata.uid;
  setRunning(c.tick, group);
  const kept = list.map((_, i) => c.tick.state.get(nodeUid(wf, `${nodeName}(${i})`)) as NodeEntry | undefined);
  group.node.pending = 1 + kept.filter((n) => !n?.finished).length;
  for (const n of kept) if (n?.finished) noteIterationFailure(group, n);
  const loopOf = nodeUid(wf, nodeName);
  list.forEach((it, i) => {
    const n = kept[i];
    if (n?.finished) return;
    if (n) return c.start(n);
    invokeTask(c, task, chain(mapLookup(it.vars), scope), {
      name: `${nodeName}(${i}:${it.label})`,
      displayName: `${task.name}(${i}:${it.label})`,
      key: `${nodeName}(${i})`,
      parent: group,
      boundaryID: dag.object.status.id,
      loopOf,
      ...slotOf(c, dag),
    });
  });
  taskGroupChildDone(c, group);
}

function invokeTask(c: Ctx, task: DagTask, scope: Lookup, at: Parameters<Ctx["invoke"]>[1]): void {
  try {
    if (task.when !== undefined) {
      const when = substitute(task.when, scope);
      if (!evaluateWhen(when)) {
        const n = createNode(c.tick, c.w, { ...at, type: "Skipped", task: task.name });
        return c.fulfill(n, "Skipped", `when '${when}' evaluated false`);
      }
    }
    const { dependencies: _d, depends: _e, ...inv } = task;
    c.invoke(substituteDeep(inv, scope), at);
  } catch (err) {
    if (!(err instanceof ExprError)) throw err;
    c.fulfill(createNode(c.tick, c.w, { ...at, type: "Skipped", task: task.name }), "Error", err.message);
  }
}

/** One result of enhanced depends about a task. */
function holds(c: Ctx, dag: NodeEntry, task: string, result: DependsResult): boolean {
  const n = taskNode(c, dag, task);
  const phase = n?.object.status.phase;
  switch (result) {
    case "Succeeded":
      return phase === "Succeeded";
    case "Failed":
      return phase === "Failed";
    case "Errored":
      return phase === "Error";
    case "Skipped":
      return phase === "Skipped";
    case "Omitted":
      return phase === "Omitted";
    case "Daemoned":
      return false;
    case "AnySucceeded":
    case "AllFailed": {
      const its = c.tick.state.workflows.loops.get(n?.object.metadata.uid ?? "") ?? [];
      const phases = its.map((u) => {
        const e = c.tick.state.get(u);
        return e?.kind === "WorkflowNode" ? e.object.status.phase : undefined;
      });
      // A place can be empty a moment: an iteration `retry` deleted and has not run yet.
      const known = phases.filter((p) => p !== undefined);
      return result === "AnySucceeded" ? known.includes("Succeeded") : known.length > 0 && known.every((p) => p === "Failed" || p === "Error");
    }
  }
}

function branchPhase(c: Ctx, dag: NodeEntry, task: string): string {
  const n = taskNode(c, dag, task);
  if (!n) return "Failed";
  return n.object.status.phase === "Omitted" ? (n.node.branchPhase ?? "Succeeded") : n.object.status.phase;
}

function failFast(c: Ctx, dag: NodeEntry): boolean {
  return templateOfNode(c.w, dag)!.dag!.failFast !== false;
}

/** A child of a looped task ended; the task ends with its last iteration. */
function noteIterationFailure(group: NodeEntry, child: NodeEntry): void {
  if (isFailure(child.object.status.phase) && group.node.failure === undefined) {
    group.node.failure = { phase: child.object.status.phase as "Failed" | "Error", message: `child '${child.object.status.id}' failed` };
  }
}

export function taskGroupChildDone(c: Ctx, group: NodeEntry, child?: NodeEntry): void {
  if (child) noteIterationFailure(group, child);
  c.tick.state.touch(group);
  if (--group.node.pending! > 0) return;
  const f = group.node.failure;
  c.fulfill(group, f ? f.phase : "Succeeded", f?.message);
}

/** A task of the DAG was fulfilled: its dependents may run; the DAG may end. */
export function dagTaskDone(c: Ctx, dag: NodeEntry, child: NodeEntry): void {
  const a = analysis(c, dag);
  const name = child.node.task!;
  const phase = child.object.status.phase;
  if (isFailure(phase) && !continuesOn(child) && !a.handled.has(name) && dag.node.failure === undefined) {
    dag.node.failure = { phase: phase as "Failed" | "Error", message: `child '${child.object.status.id}' failed` };
    c.tick.state.touch(dag);
  }
  // Counts rebuilt now (after a restart) already see this child as fulfilled; it counts as running
  // until its dependents started all the same.
  const rebuilt = !c.tick.state.workflows.waiting.has(dag.object.metadata.uid);
  if (!c.tick.state.workflows.running.has(dag.object.metadata.uid)) addRunning(c, dag, a, 1);
  const waiting = waitingOf(c, dag, a);
  // Counted down first, run after: a dependent that ends at once runs its own dependents with
  // counts that already see this child fulfilled — as counts rebuilt after a restart do.
  const ready: string[] = [];
  for (const d of a.dependents.get(name) ?? []) {
    if (!a.needed.has(d)) continue;
    const left = rebuilt ? waiting.get(d)! : waiting.get(d)! - 1;
    waiting.set(d, left);
    if (left === 0) ready.push(d);
  }
  for (const d of ready) if (taskNode(c, dag, d) === undefined) runTask(c, dag, a, d);
  // The child stops counting once its dependents started: one that ends at once cannot end the DAG early.
  addRunning(c, dag, a, -1);
  settle(c, dag, a);
}

/** Ends the DAG once nothing runs and nothing more can start. */
function settle(c: Ctx, dag: NodeEntry, a: DagAnalysis): void {
  if (dag.finished || runningOf(c, dag, a) > 0) return;
  finish(c, dag, a);
}

function finish(c: Ctx, dag: NodeEntry, a: DagAnalysis): void {
  c.tick.state.workflows.forget(dag.object.metadata.uid);
  for (const target of a.targets) {
    const n = taskNode(c, dag, target);
    const phase = n ? branchPhase(c, dag, target) : dag.node.failure ? "Failed" : "Succeeded";
    if (isFailure(phase as NodePhase) && !(n && continuesOn(n))) {
      const f = dag.node.failure;
      return c.fulfill(dag, (f?.phase ?? phase) as NodePhase, f?.message ?? `child '${n?.object.status.id ?? target}' failed`);
    }
  }
  const scope = boundaryScope(c.tick.state, c.w, dag, c.workflowVars);
  const result = outputsOf(c, dag, scope);
  if (result.error !== undefined) return c.fulfill(dag, "Error", result.error);
  c.fulfill(dag, "Succeeded");
}
