import type { Job } from "./job.js";
import type { Pod } from "./pod.js";
import type { Workflow, WorkflowTemplate } from "./workflow.js";

/** Every kind Baton reads. Later kinds (CronJob) join this union. */
export type Resource = Pod | Job | Workflow | WorkflowTemplate;
/** The kinds that run; a WorkflowTemplate is a definition that workflows refer to. */
export type Runnable = Pod | Job | Workflow;
export type ResourceKind = Resource["kind"];

export const Kinds = {
  Pod: { apiVersion: "v1", kind: "Pod" },
  Job: { apiVersion: "batch/v1", kind: "Job" },
  Workflow: { apiVersion: "argoproj.io/v1alpha1", kind: "Workflow" },
  WorkflowTemplate: { apiVersion: "argoproj.io/v1alpha1", kind: "WorkflowTemplate" },
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
