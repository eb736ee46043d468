import { ExprError, evaluateWhen, substitute } from "../../expr/index.js";
import type { Invocation, WorkflowStep } from "../../model/index.js";
import type { NodeEntry } from "../state.js";
import type { Ctx } from "./context.js";
import { iterations } from "./loops.js";
import { continuesOn, createNode, isFailure, setRunning, templateOfNode } from "./nodes.js";
import { outputsOf } from "./outputs.js";
import { boundaryScope, chain, mapLookup, substituteDeep, type Lookup } from "./scope.js";
import { nodeUid } from "./ids.js";
import { groupIndex } from "./node-links.js";

/**
 * A steps template: the outer list in order, each inner list (a step group) in parallel. A steps
 * node that `retry` runs again carries on from its first group not yet fulfilled, and a group
 * runs again only the steps it lacks.
 */
export function startSteps(c: Ctx, n: NodeEntry): void {
  setRunning(c.tick, n);
  let g = 0;
  while (groupNode(c, n, g)?.finished) g++;
  runGroup(c, n, g);
}

function groupNode(c: Ctx, steps: NodeEntry, g: number): NodeEntry | undefined {
  const e = c.tick.state.get(nodeUid(c.w.object.metadata.uid, `${steps.object.status.name}[${g}]`));
  return e?.kind === "WorkflowNode" ? e : undefined;
}

function runGroup(c: Ctx, steps: NodeEntry, g: number): void {
  const t = templateOfNode(c.w, steps)!;
  const group = t.steps![g];
  if (group === undefined) return finishSteps(c, steps);
  const name = `${steps.object.status.name}[${g}]`;
  const node = groupNode(c, steps, g) ?? createNode(c.tick, c.w, { name, displayName: `[${g}]`, type: "StepGroup", parent: steps, boundaryID: steps.object.status.id });
  setRunning(c.tick, node);
  // One more than the children, so a child that ends at once cannot end the group before all started.
  node.node.pending = 1;
  const scope = boundaryScope(c.tick.state, c.w, steps, c.workflowVars);
  const slot = t.parallelism !== undefined ? steps.object.metadata.uid : undefined;
  for (const step of group) runStep(c, steps, node, step, scope, slot);
  childDone(c, node);
}

function runStep(c: Ctx, steps: NodeEntry, group: NodeEntry, step: WorkflowStep, scope: Lookup, slot: string | undefined): void {
  const base = `${group.object.status.name}.${step.name}`;
  const at = { parent: group, boundaryID: steps.object.status.id, ...(slot ? { slot } : {}) };
  let list;
  try {
    list = iterations(step, scope);
  } catch (err) {
    group.node.pending!++;
    const n = createNode(c.tick, c.w, { name: base, displayName: step.name, type: "Skipped", parent: group, task: step.name });
    return c.fulfill(n, "Error", (err as Error).message);
  }
  if (list === undefined) return invokeStep(c, group, step, scope, { name: base, displayName: step.name, ...at });
  const loopOf = nodeUid(c.w.object.metadata.uid, base);
  list.forEach((it, i) => {
    const itemScope = chain(mapLookup(it.vars), scope);
    invokeStep(c, group, step, itemScope, { name: `${base}(${i}:${it.label})`, displayName: `${step.name}(${i}:${it.label})`, key: `${base}(${i})`, loopOf, ...at });
  });
}

/** One step (or one iteration): its `when`, then its template with resolved arguments. */
function invokeStep(c: Ctx, group: NodeEntry, step: Invocation, scope: Lookup, at: Parameters<Ctx["invoke"]>[1]): void {
  const existing = c.tick.state.get(nodeUid(c.w.object.metadata.uid, at.key ?? at.name));
  if (existing?.kind === "WorkflowNode") return resumeStep(c, group, existing);
  group.node.pending!++;
  try {
    if (step.when !== undefined) {
      const when = substitute(step.when, scope);
      if (!evaluateWhen(when)) {
        const n = createNode(c.tick, c.w, { ...at, type: "Skipped", task: step.name, ...(step.template ? { template: step.template } : {}) });
        return c.fulfill(n, "Skipped", `when '${when}' evaluated false`);
      }
    }
    c.invoke(substituteDeep(step, scope), at);
  } catch (err) {
    if (!(err instanceof ExprError)) throw err;
    const n = createNode(c.tick, c.w, { ...at, type: "Skipped", task: step.name });
    c.fulfill(n, "Error", err.message);
  }
}

/** A step kept by `retry`: fulfilled ones count as done, those it reset start again. */
function resumeStep(c: Ctx, group: NodeEntry, n: NodeEntry): void {
  if (n.finished) return noteFailure(group, n);
  group.node.pending!++;
  c.start(n);
}

function noteFailure(group: NodeEntry, child: NodeEntry): void {
  const phase = child.object.status.phase;
  if (isFailure(phase) && !continuesOn(child) && group.node.failure === undefined) {
    group.node.failure = { phase: phase as "Failed" | "Error", message: `child '${child.object.status.id}' failed` };
  }
}

/** A child of a step group ended. */
export function stepGroupChildDone(c: Ctx, group: NodeEntry, child: NodeEntry): void {
  noteFailure(group, child);
  childDone(c, group);
}

function childDone(c: Ctx, group: NodeEntry): void {
  c.tick.state.touch(group);
  if (--group.node.pending! > 0) return;
  const f = group.node.failure;
  c.fulfill(group, f ? f.phase : "Succeeded", f?.message);
}

/** A step group ended: the next one runs, or the steps template ends. */
export function stepsGroupDone(c: Ctx, steps: NodeEntry, group: NodeEntry): void {
  const phase = group.object.status.phase;
  if (isFailure(phase)) return c.fulfill(steps, phase, group.object.status.message);
  runGroup(c, steps, groupIndex(group) + 1);
}

function finishSteps(c: Ctx, steps: NodeEntry): void {
  const scope = boundaryScope(c.tick.state, c.w, steps, c.workflowVars);
  const result = outputsOf(c, steps, scope);
  if (result.error !== undefined) return c.fulfill(steps, "Error", result.error);
  c.fulfill(steps, "Succeeded");
}
