import type { DagTaskManifest, StepManifest, TemplateManifest } from "./manifest.js";
import { recordReferences, referencesOf } from "./references.js";
import type { InputOption, TemplateWithoutArguments } from "./template-types.js";
import { templateFields, withBody, type TemplateOf, type TemplateOptions } from "./templates.js";

/** A step or task, and (for the type checker) not a template, which has a body instead of `template`. */
export type Call<S extends StepManifest = StepManifest> = S & { [K in Exclude<keyof TemplateManifest, keyof S>]?: never };

/** What steps and tasks may be given as: a call, or a template (called without arguments, under its own name). */
export type Item = TemplateWithoutArguments | Call;

/** A group of steps runs together; the groups run one after the other. A lone item is a group of one. */
export type StepGroup = Item | Item[];

export type DagOptions<I extends readonly InputOption[]> = Omit<TemplateOptions<I>, "failFast"> & {
  /** Default true: after a failure no new task starts. */
  failFast?: boolean;
  /** Space-separated task names: only these and what they need run. */
  target?: string;
};

/** A `steps` template: `steps("main", [step("a", a), [step("b", b), c]])`. */
export function steps<const I extends readonly InputOption[] = []>(name: string, groups: StepGroup[], options: TemplateOptions<I> = {}): TemplateOf<I> {
  const { template } = templateFields(name, options);
  const body = groups.map((g) => (Array.isArray(g) ? g : [g]).map(asStep));
  uniqueNames(`steps template "${name}"`, body.flat());
  const manifest = withBody(template, "steps", body);
  recordReferences(manifest, body.flat().flatMap((s) => referencesOf(s)));
  return manifest;
}

/** A `dag` template: `dag("main", [task("A", a), task("B", b, { dependencies: ["A"] })])`. */
export function dag<const I extends readonly InputOption[] = []>(name: string, items: (TemplateWithoutArguments | Call<DagTaskManifest>)[], options: DagOptions<I> = {}): TemplateOf<I> {
  const { failFast, target, ...common } = options;
  const tasks = items.map(asStep);
  const { template } = templateFields(name, common);
  uniqueNames(`dag template "${name}"`, tasks);
  const body: TemplateManifest["dag"] = { tasks, ...(failFast === undefined ? {} : { failFast }), ...(target === undefined ? {} : { target }) };
  const manifest = withBody(template, "dag", body);
  recordReferences(manifest, tasks.flatMap((t) => referencesOf(t)));
  return manifest;
}

/**
 * Brigade's `sequence(a, b)`, as a durable `steps` template: one group per item, in order. An array
 * item is a group whose members run together: `sequence("etl", extract, [left, right], load)`.
 */
export function sequence(name: string, ...items: StepGroup[]): TemplateWithoutArguments {
  return steps(name, items);
}

/** Brigade's `parallel(c, d)`, as a `steps` template of one group: every item runs together. */
export function parallel(name: string, ...items: Item[]): TemplateWithoutArguments {
  return steps(name, [items]);
}

/** A template becomes a call of the same name. */
function asStep<S extends StepManifest>(item: TemplateWithoutArguments | S): S {
  if (isCall(item)) return item;
  const manifest = { name: item.name, template: item.name } as S;
  recordReferences(manifest, [item]);
  return manifest;
}

function isCall<S extends StepManifest>(item: TemplateWithoutArguments | S): item is S {
  return "template" in item || "templateRef" in item;
}

function uniqueNames(where: string, calls: { name: string }[]): void {
  const seen = new Set<string>();
  for (const { name } of calls) {
    if (seen.has(name)) throw new Error(`${where}: two steps or tasks are named "${name}"; names must be unique within a template (to call a template twice, name the second call: step("another-name", template))`);
    seen.add(name);
  }
}
