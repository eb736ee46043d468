import type { Invocation, RetryStrategy, Template, Workflow, WorkflowStep } from "../../model/index.js";

const byName = new WeakMap<Workflow, Map<string, Template>>();

/** A workflow's template by name (templates of a WorkflowTemplate were copied in as `<wft>/<name>`). */
export function templateOf(wf: Workflow, name: string): Template | undefined {
  let m = byName.get(wf);
  if (!m) {
    m = new Map(wf.spec.templates.map((t) => [t.name, t]));
    byName.set(wf, m);
  }
  return m.get(name);
}

/** The template an invocation runs: the plan rewrote every `templateRef` into a `template` name. */
export function templateName(inv: Invocation): string {
  return inv.template ?? `${inv.templateRef?.name}/${inv.templateRef?.template}`;
}

export function retryStrategyOf(wf: Workflow, t: Template): RetryStrategy | undefined {
  return t.retryStrategy ?? (t.container || t.script || t.containerSet ? wf.spec.retryStrategy : undefined);
}

export function isLeaf(t: Template): boolean {
  return t.container !== undefined || t.script !== undefined || t.containerSet !== undefined;
}

/** The exit hook of a step or task: `hooks.exit`, or the older `onExit`. */
export function exitHookOf(inv: Invocation): Invocation | undefined {
  const hook = inv.hooks?.["exit"];
  if (hook) return { name: "onExit", ...(hook.template ? { template: hook.template } : {}), ...(hook.templateRef ? { templateRef: hook.templateRef } : {}), arguments: hook.arguments };
  if (inv.onExit) return { name: "onExit", template: inv.onExit, arguments: { parameters: [] } };
  return undefined;
}

interface StepsIndex {
  /** Step name → its group. */
  groupOf: Map<string, number>;
  step: Map<string, WorkflowStep>;
}
const stepsIndex = new WeakMap<WorkflowStep[][], StepsIndex>();

export function stepsOf(steps: WorkflowStep[][]): StepsIndex {
  let ix = stepsIndex.get(steps);
  if (!ix) {
    ix = { groupOf: new Map(), step: new Map() };
    steps.forEach((group, g) => group.forEach((s) => (ix!.groupOf.set(s.name, g), ix!.step.set(s.name, s))));
    stepsIndex.set(steps, ix);
  }
  return ix;
}

export function isLooped(inv: Invocation): boolean {
  return inv.withItems !== undefined || inv.withParam !== undefined || inv.withSequence !== undefined;
}

