import type { Container } from "../model/index.js";
import { defined, inputParameters, outputParameters } from "./fields.js";
import type { ContainerManifest, ContainerSetManifest, ParameterManifest, RetryStrategyManifest, TemplateManifest } from "./manifest.js";
import type { InputNames, InputOption, RequiredInputs, Template } from "./template-types.js";

/** What every kind of template may have besides its body. */
export interface TemplateOptions<I extends readonly InputOption[]> {
  /** Input parameters: `["message", { name: "count", default: "1" }]`. */
  inputs?: I;
  /** Output parameters, e.g. `[{ name: "rows", valueFrom: { path: "/tmp/rows" } }]`. */
  outputs?: ParameterManifest[];
  retryStrategy?: RetryStrategyManifest;
  metadata?: TemplateManifest["metadata"];
  activeDeadlineSeconds?: number | string;
  timeout?: string;
  parallelism?: number;
  failFast?: boolean;
}

/** The template type a builder returns, with the input names it was given. */
export type TemplateOf<I extends readonly InputOption[]> = Template<InputNames<I[number]>, Extract<RequiredInputs<I[number]>, InputNames<I[number]>>>;

/** The local engine runs `command` on the host (there is no image entrypoint to fall back to). */
export type ContainerOptions<I extends readonly InputOption[]> = TemplateOptions<I> &
  Omit<ContainerManifest, "name" | "command"> & { command: string[]; initContainers?: Container[] };

export type ScriptOptions<I extends readonly InputOption[]> = ContainerOptions<I> & { source: string };

export type SuspendOptions<I extends readonly InputOption[]> = TemplateOptions<I> & { duration?: string | number };

/** A containerSet's containers (each needs its `command` here) and its own retries (`containerSet.retryStrategy`). */
export type ContainerSetOptions<I extends readonly InputOption[]> = TemplateOptions<I> & {
  containers: (ContainerSetManifest["containers"][number] & { command: string[] })[];
  containerRetryStrategy?: ContainerSetManifest["retryStrategy"];
};

const TEMPLATE_FIELDS = ["inputs", "outputs", "retryStrategy", "metadata", "activeDeadlineSeconds", "timeout", "parallelism", "failFast", "initContainers"] as const;

/** Splits builder options into the template's own fields and the rest (the body). */
export function templateFields<T extends object>(name: string, options: T): { template: TemplateManifest; rest: Record<string, unknown> } {
  const rest: Record<string, unknown> = { ...(options as Record<string, unknown>) };
  const picked: Record<string, unknown> = {};
  for (const field of TEMPLATE_FIELDS) {
    picked[field] = rest[field];
    delete rest[field];
  }
  const template = defined({
    name,
    inputs: inputParameters(picked.inputs as InputOption[] | undefined),
    outputs: outputParameters(picked.outputs as ParameterManifest[] | undefined),
    metadata: picked.metadata as TemplateManifest["metadata"],
    initContainers: picked.initContainers as Container[] | undefined,
    retryStrategy: picked.retryStrategy as RetryStrategyManifest | undefined,
    activeDeadlineSeconds: picked.activeDeadlineSeconds as number | string | undefined,
    timeout: picked.timeout as string | undefined,
    parallelism: picked.parallelism as number | undefined,
    failFast: picked.failFast as boolean | undefined,
  });
  return { template, rest: defined(rest) };
}

/** A template that runs one container: `container("hello", { command: ["echo", "hi"] })`. */
export function container<const I extends readonly InputOption[] = []>(name: string, options: ContainerOptions<I>): TemplateOf<I> {
  const { template, rest } = templateFields(name, options);
  return withBody(template, "container", rest);
}

/** A template whose `source` is written to a file and run by `command`; its stdout is `outputs.result`. */
export function script<const I extends readonly InputOption[] = []>(name: string, options: ScriptOptions<I>): TemplateOf<I> {
  const { template, rest } = templateFields(name, options);
  return withBody(template, "script", rest);
}

/**
 * A template whose containers share one pod and run as a graph:
 * `containerSet("build", { containers: [{ name: "a", command: [...] }, { name: "main", command: [...], dependencies: ["a"] }] })`.
 * Its outputs come from the container named `main`.
 */
export function containerSet<const I extends readonly InputOption[] = []>(name: string, options: ContainerSetOptions<I>): TemplateOf<I> {
  const { template, rest } = templateFields(name, options);
  const { containers, containerRetryStrategy } = rest as Pick<ContainerSetOptions<I>, "containers" | "containerRetryStrategy">;
  return withBody(template, "containerSet", defined({ containers, retryStrategy: containerRetryStrategy }));
}

/** A template that waits: for `duration`, or until `baton resume`. */
export function suspend<const I extends readonly InputOption[] = []>(name: string, options: SuspendOptions<I> = {}): TemplateOf<I> {
  const { template, rest } = templateFields(name, options);
  return withBody(template, "suspend", rest);
}

/** The body goes right after name, inputs and outputs, where a person writing the YAML puts it. */
export function withBody(template: TemplateManifest, field: keyof TemplateManifest, body: unknown): TemplateManifest {
  const { name, inputs, outputs, ...others } = template;
  return defined({ name, inputs, outputs, [field]: body, ...others });
}
