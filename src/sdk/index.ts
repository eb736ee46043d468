/** sdk: typed builders whose output is the manifest the same YAML would be, and a client to run them. */
export { container, containerSet, script, suspend, type ContainerOptions, type ContainerSetOptions, type ScriptOptions, type SuspendOptions, type TemplateOptions, type TemplateOf } from "./templates.js";
export { step, task, type CallOptions, type TaskFields } from "./calls.js";
export { steps, dag, sequence, parallel, type StepGroup, type DagOptions, type Item, type Call } from "./composites.js";
export { workflow, type WorkflowOptions } from "./workflow.js";
export { job, pod, type JobOptions, type PodOptions } from "./kube.js";
export { toYaml } from "./yaml.js";
export { run, InvalidManifestsError, type RunOptions, type RunResult } from "./client.js";
export type { AnyTemplate, InputOption, ParameterArguments, ParameterList, Template, TemplateWithoutArguments } from "./template-types.js";
export type * from "./manifest.js";
export { WorkQueue, WorkItem, type LeaseOptions } from "./work-queue.js";
