import type { Invocation, LifecycleHook, Template, WorkflowTemplate } from "../model/index.js";

/** The steps and DAG tasks of a template, with their paths inside it. */
export function invocationsOf(template: Template): { invocation: Invocation; path: (string | number)[] }[] {
  const steps = (template.steps ?? []).flatMap((group, g) => group.map((invocation, i) => ({ invocation, path: ["steps", g, i] })));
  const tasks = (template.dag?.tasks ?? []).map((invocation, i) => ({ invocation, path: ["dag", "tasks", i] }));
  return [...steps, ...tasks];
}

/** What an invocation and its exit hook name to run: the place of each `template`/`templateRef` and the target. */
export interface Call {
  holder: Invocation | LifecycleHook;
  /** Path of the holder inside its template. */
  path: (string | number)[];
}

export function callsOf(template: Template): Call[] {
  return invocationsOf(template).flatMap(({ invocation, path }) => {
    const exit = invocation.hooks?.["exit"];
    return exit === undefined ? [{ holder: invocation, path }] : [{ holder: invocation, path }, { holder: exit, path: [...path, "hooks", "exit"] }];
  });
}

/**
 * True when `test` holds for every step and DAG task of a template and for its exit hook (called with
 * the hook and the step or task it belongs to): what callsOf visits, without building a path for each,
 * so that a workflow of 100,000 tasks with nothing to report is checked without that garbage.
 */
export function everyCall(template: Template, test: (holder: Invocation | LifecycleHook, invocation: Invocation) => boolean): boolean {
  const passes = (invocation: Invocation): boolean => {
    const exit = invocation.hooks?.["exit"];
    return test(invocation, invocation) && (exit === undefined || test(exit, invocation));
  };
  return (template.steps ?? []).every((group) => group.every(passes)) && (template.dag?.tasks ?? []).every(passes);
}

/** The local template names a template runs: its steps', tasks', their exit handlers' and hooks'. */
function localNames(template: Template): string[] {
  const names = callsOf(template).flatMap(({ holder }) => (holder.templateRef === undefined && holder.template !== undefined ? [holder.template] : []));
  const onExits = invocationsOf(template).flatMap(({ invocation }) => (invocation.onExit !== undefined ? [invocation.onExit] : []));
  return [...names, ...onExits];
}

/** `<WorkflowTemplate>/<template>`: the name a referenced template has inside the workflow that runs it. */
export function qualifiedName(workflowTemplate: string, template: string): string {
  return `${workflowTemplate}/${template}`;
}

/**
 * Copies of the templates of `source` that `entry` reaches (itself included), renamed to their qualified
 * names and with their own local references renamed the same way; `templateRef`s are left for the caller.
 */
export function reachableCopies(source: WorkflowTemplate, entry: string): Template[] {
  const byName = new Map(source.spec.templates.map((t) => [t.name, t]));
  const seen = new Set<string>();
  const queue = [entry];
  const copies: Template[] = [];
  while (queue.length > 0) {
    const name = queue.shift() as string;
    const template = byName.get(name);
    if (seen.has(name) || template === undefined) continue;
    seen.add(name);
    queue.push(...localNames(template));
    copies.push(renamed(structuredClone(template), source.metadata.name));
  }
  return copies;
}

function renamed(template: Template, prefix: string): Template {
  template.name = qualifiedName(prefix, template.name);
  for (const { holder } of callsOf(template)) {
    if (holder.templateRef === undefined && holder.template !== undefined) holder.template = qualifiedName(prefix, holder.template);
  }
  for (const { invocation } of invocationsOf(template)) {
    if (invocation.onExit !== undefined) invocation.onExit = qualifiedName(prefix, invocation.onExit);
  }
  return template;
}
