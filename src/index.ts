/**
 * The `baton` package: `import { workflow, container, containerSet, steps, dag, sequence, parallel, job, pod, run } from "baton"`.
 * The builders return the manifests the same YAML would be; `run` submits them and awaits the end.
 */
export * from "./sdk/index.js";
export type { ClusterEvent, Resource, RunPhase, Workflow, Job, Pod, QueueStats, QueueOptions } from "./model/index.js";
export { BatonClient, ApiError } from "./client/index.js";
export type { Diagnostic } from "./spec/index.js";
