import type { ObjectMeta } from "./meta.js";
import type { PodTemplateSpec } from "./pod.js";

export const CompletionMode = { NonIndexed: "NonIndexed", Indexed: "Indexed" } as const;
export type CompletionMode = (typeof CompletionMode)[keyof typeof CompletionMode];

export const PodFailurePolicyAction = {
  FailJob: "FailJob",
  FailIndex: "FailIndex",
  Ignore: "Ignore",
  Count: "Count",
} as const;
export type PodFailurePolicyAction = (typeof PodFailurePolicyAction)[keyof typeof PodFailurePolicyAction];

export interface PodFailurePolicyOnExitCodes {
  containerName?: string;
  operator: "In" | "NotIn";
  values: number[];
}

export interface PodFailurePolicyOnPodCondition {
  type: string;
  status: "True" | "False" | "Unknown";
}

export interface PodFailurePolicyRule {
  action: PodFailurePolicyAction;
  onExitCodes?: PodFailurePolicyOnExitCodes;
  onPodConditions?: PodFailurePolicyOnPodCondition[];
}

export interface SuccessPolicyRule {
  succeededIndexes?: string;
  succeededCount?: number;
}

export interface JobSpec {
  parallelism: number;
  /** Unset means the work-queue mode: done when one pod succeeded and all have ended. */
  completions?: number;
  completionMode: CompletionMode;
  backoffLimit: number;
  backoffLimitPerIndex?: number;
  maxFailedIndexes?: number;
  podFailurePolicy?: { rules: PodFailurePolicyRule[] };
  successPolicy?: { rules: SuccessPolicyRule[] };
  activeDeadlineSeconds?: number;
  suspend: boolean;
  ttlSecondsAfterFinished?: number;
  podReplacementPolicy: "TerminatingOrFailed" | "Failed";
  template: PodTemplateSpec;
}

export const JobConditionType = {
  Suspended: "Suspended",
  FailureTarget: "FailureTarget",
  SuccessCriteriaMet: "SuccessCriteriaMet",
  Complete: "Complete",
  Failed: "Failed",
} as const;
export type JobConditionType = (typeof JobConditionType)[keyof typeof JobConditionType];

/** The condition reasons of Kubernetes' Job controller, plus Baton's DependencyFailed. */
export const JobReason = {
  BackoffLimitExceeded: "BackoffLimitExceeded",
  DeadlineExceeded: "DeadlineExceeded",
  PodFailurePolicy: "PodFailurePolicy",
  MaxFailedIndexesExceeded: "MaxFailedIndexesExceeded",
  FailedIndexes: "FailedIndexes",
  SuccessPolicy: "SuccessPolicy",
  CompletionsReached: "CompletionsReached",
  JobSuspended: "JobSuspended",
  JobResumed: "JobResumed",
  DependencyFailed: "DependencyFailed",
  Stopped: "Stopped",
} as const;
export type JobReason = (typeof JobReason)[keyof typeof JobReason];

export interface JobCondition {
  type: JobConditionType;
  status: "True" | "False";
  reason?: string;
  message?: string;
  lastProbeTime: string;
  lastTransitionTime: string;
}

export interface JobStatus {
  conditions: JobCondition[];
  startTime?: string;
  completionTime?: string;
  active: number;
  ready: number;
  terminating: number;
  succeeded: number;
  failed: number;
  completedIndexes?: string;
  failedIndexes?: string;
}

export interface Job {
  apiVersion: "batch/v1";
  kind: "Job";
  metadata: ObjectMeta;
  spec: JobSpec;
  status: JobStatus;
}
