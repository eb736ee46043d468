import type { JobSpec } from "./job.js";
import type { ObjectMeta, ObjectReference } from "./meta.js";
import type { WorkflowSpec } from "./workflow.js";

/**
 * Kubernetes' `batch/v1` CronJob and Argo's `argoproj.io/v1alpha1` CronWorkflow: a template and a
 * schedule. Field names and meanings are theirs; values are as loaded, with their defaults applied.
 */

/** What a schedule does while an earlier run is still active. The same three words in both APIs. */
export const ConcurrencyPolicy = { Allow: "Allow", Forbid: "Forbid", Replace: "Replace" } as const;
export type ConcurrencyPolicy = (typeof ConcurrencyPolicy)[keyof typeof ConcurrencyPolicy];

/** The labels and annotations the two controllers put on what they create. */
export const CronMetadata = {
  /** On a CronJob's Job: the scheduled time, RFC 3339, in the CronJob's time zone (UTC when it has none). */
  cronJobScheduledTimestamp: "batch.kubernetes.io/cronjob-scheduled-timestamp",
  /** On a CronWorkflow's Workflow: the CronWorkflow's name. */
  cronWorkflow: "workflows.argoproj.io/cron-workflow",
  /** On a CronWorkflow's Workflow: the scheduled time, RFC 3339. */
  cronWorkflowScheduledTime: "workflows.argoproj.io/scheduled-time",
} as const;

export interface JobTemplateSpec {
  metadata: { labels: Record<string, string>; annotations: Record<string, string> };
  spec: JobSpec;
}

export interface CronJobSpec {
  /** Cron syntax as Kubernetes reads it (robfig/cron's standard parser): five fields or a descriptor. */
  schedule: string;
  /** An IANA zone; unset means the engine's local time zone (Kubernetes: the kube-controller-manager's). */
  timeZone?: string;
  /** A schedule missed by more than this is skipped. */
  startingDeadlineSeconds?: number;
  concurrencyPolicy: ConcurrencyPolicy;
  suspend: boolean;
  successfulJobsHistoryLimit: number;
  failedJobsHistoryLimit: number;
  jobTemplate: JobTemplateSpec;
}

export interface CronJobStatus {
  /** The Jobs created and not yet finished. */
  active: ObjectReference[];
  lastScheduleTime?: string;
  lastSuccessfulTime?: string;
}

export interface CronJob {
  apiVersion: "batch/v1";
  kind: "CronJob";
  metadata: ObjectMeta;
  spec: CronJobSpec;
  status: CronJobStatus;
}

export interface CronWorkflowSpec {
  /** Deprecated by Argo 3.6 in favour of `schedules`; one of the two is set. */
  schedule?: string;
  schedules?: string[];
  /** An IANA zone; unset means the machine's time zone. */
  timezone?: string;
  concurrencyPolicy: ConcurrencyPolicy;
  suspend: boolean;
  /** Only with it does a schedule missed while the engine was down still run (once). */
  startingDeadlineSeconds?: number;
  successfulJobsHistoryLimit: number;
  failedJobsHistoryLimit: number;
  workflowSpec: WorkflowSpec;
  workflowMetadata?: { labels: Record<string, string>; annotations: Record<string, string> };
}

export const CronWorkflowPhase = { Active: "Active", Stopped: "Stopped" } as const;
export type CronWorkflowPhase = (typeof CronWorkflowPhase)[keyof typeof CronWorkflowPhase];

export interface CronWorkflowStatus {
  /** The Workflows created and not yet finished. */
  active: ObjectReference[];
  lastScheduledTime?: string;
  /** Workflows that ended Succeeded, and those that ended Failed or Error. */
  succeeded: number;
  failed: number;
  /** Empty until the first Workflow was created. */
  phase: CronWorkflowPhase | "";
}

export interface CronWorkflow {
  apiVersion: "argoproj.io/v1alpha1";
  kind: "CronWorkflow";
  metadata: ObjectMeta;
  spec: CronWorkflowSpec;
  status: CronWorkflowStatus;
}
