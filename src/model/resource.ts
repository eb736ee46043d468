import type { CronJob, CronWorkflow } from "./cron.js";
import type { Job } from "./job.js";
import type { Pod } from "./pod.js";
import type { Workflow, WorkflowTemplate } from "./workflow.js";

/** Every kind Baton reads. */
export type Resource = Pod | Job | CronJob | Workflow | WorkflowTemplate | CronWorkflow;
/**
 * The kinds the engine keeps; a WorkflowTemplate is a definition that workflows refer to. A CronJob
 * or CronWorkflow never finishes by itself: it creates Jobs or Workflows until it is deleted or stopped.
 */
export type Runnable = Pod | Job | CronJob | Workflow | CronWorkflow;
export type ResourceKind = Resource["kind"];

export const Kinds = {
  Pod: { apiVersion: "v1", kind: "Pod" },
  Job: { apiVersion: "batch/v1", kind: "Job" },
  CronJob: { apiVersion: "batch/v1", kind: "CronJob" },
  Workflow: { apiVersion: "argoproj.io/v1alpha1", kind: "Workflow" },
  WorkflowTemplate: { apiVersion: "argoproj.io/v1alpha1", kind: "WorkflowTemplate" },
  CronWorkflow: { apiVersion: "argoproj.io/v1alpha1", kind: "CronWorkflow" },
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
