import type { Job } from "./job.js";
import type { Pod } from "./pod.js";

/** Every kind the engine runs. Later kinds (Workflow, CronJob) join this union. */
export type Resource = Pod | Job;
export type ResourceKind = Resource["kind"];

export const Kinds = {
  Pod: { apiVersion: "v1", kind: "Pod" },
  Job: { apiVersion: "batch/v1", kind: "Job" },
} as const;

/** A resource's phase as the summary of a run shows it. */
export const Outcome = {
  Pending: "Pending",
  Running: "Running",
  Succeeded: "Succeeded",
  Failed: "Failed",
  Suspended: "Suspended",
} as const;
export type Outcome = (typeof Outcome)[keyof typeof Outcome];
