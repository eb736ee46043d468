import { defined, parameterList } from "./fields.js";
import type { DagTaskManifest, StepManifest, TemplateManifest } from "./manifest.js";
import { recordReferences, referencesOf } from "./references.js";
import type { AnyTemplate, InputNamesOf, ParameterArguments, RequiredInputsOf, TemplateWithoutArguments } from "./template-types.js";

interface CallFields {
  when?: string;
  withItems?: unknown[];
  withParam?: string;
  withSequence?: StepManifest["withSequence"];
  continueOn?: StepManifest["continueOn"];
  /** Runs after this step or task, whatever its outcome (Argo's `onExit`). */
  onExit?: string | TemplateWithoutArguments;
  hooks?: StepManifest["hooks"];
}

/** How a step or task calls its template; `arguments` is required while the template has inputs without a default. */
export type CallOptions<P extends string, R extends string> = CallFields &
  ([R] extends [never] ? { arguments?: { parameters: ParameterArguments<P, R> } } : { arguments: { parameters: ParameterArguments<P, R> } });

/** The options of a call of template `T`: required while `T` has an input without a default. */
type OptionsFor<T, Extra, R extends string = Extract<RequiredInputsOf<T>, InputNamesOf<T>>> = [R] extends [never]
  ? [options?: CallOptions<InputNamesOf<T>, R> & Extra]
  : [options: CallOptions<InputNamesOf<T>, R> & Extra];

export interface TaskFields {
  /** Tasks (or their names) that must succeed first. */
  dependencies?: (string | DagTaskManifest)[];
  /** Argo's `depends` expression, e.g. `"A.Succeeded || B.Failed"`. */
  depends?: string;
}

/** One step of a `steps` template. `template` is a builder's template (collected by `workflow()`) or a name. */
export function step(name: string, template: string, options?: CallOptions<string, never>): StepManifest;
export function step<T extends AnyTemplate>(name: string, template: T, ...options: OptionsFor<T, unknown>): StepManifest;
export function step(name: string, template: string | TemplateManifest, options?: CallOptions<string, never>): StepManifest {
  return call(name, template, options ?? {});
}

/** One task of a `dag` template. */
export function task(name: string, template: string, options?: CallOptions<string, never> & TaskFields): DagTaskManifest;
export function task<T extends AnyTemplate>(name: string, template: T, ...options: OptionsFor<T, TaskFields>): DagTaskManifest;
export function task(name: string, template: string | TemplateManifest, options?: CallOptions<string, never> & TaskFields): DagTaskManifest {
  const { dependencies, depends, ...rest } = options ?? {};
  const called = call(name, template, rest);
  const manifest: DagTaskManifest = defined({
    ...called,
    dependencies: dependencies?.map((d) => (typeof d === "string" ? d : d.name)),
    depends,
  });
  recordReferences(manifest, referencesOf(called));
  return manifest;
}

function call(name: string, template: string | TemplateManifest, options: CallOptions<string, never>): StepManifest {
  const { arguments: args, onExit, ...fields } = options;
  const manifest: StepManifest = defined({
    name,
    template: typeof template === "string" ? template : template.name,
    arguments: args === undefined ? undefined : { parameters: parameterList(args.parameters as ParameterArguments<string, string>) },
    ...fields,
    onExit: typeof onExit === "object" ? onExit.name : onExit,
  });
  const used = [template, onExit].filter((t): t is TemplateManifest => typeof t === "object");
  recordReferences(manifest, used);
  return manifest;
}
