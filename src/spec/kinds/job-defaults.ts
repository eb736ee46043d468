import type { CompletionMode, JobSpec, JobStatus, PodFailurePolicyAction, PodFailurePolicyRule } from "../../model/index.js";
import type { RawJobSpec, RawPodFailurePolicyRule } from "./job-schema.js";
import { toTemplateMeta } from "./object-meta.js";
import { defined, toPodSpec } from "./pod-spec-defaults.js";

const maxInt32 = 2147483647;

/** Kubernetes' SetDefaults_Job. */
export function toJobSpec(spec: RawJobSpec): JobSpec {
  const neither = spec.completions === undefined && spec.parallelism === undefined;
  const podFailurePolicy = spec.podFailurePolicy && { rules: (spec.podFailurePolicy.rules ?? []).map(toPodFailurePolicyRule) };
  const successPolicy = spec.successPolicy && {
    rules: (spec.successPolicy.rules ?? []).map((r) => defined({ succeededIndexes: r.succeededIndexes, succeededCount: r.succeededCount })),
  };
  return {
    parallelism: spec.parallelism ?? 1,
    // Unset with parallelism set is the work-queue mode; unset with neither set means one completion.
    ...defined({ completions: neither ? 1 : spec.completions }),
    completionMode: (spec.completionMode ?? "NonIndexed") as CompletionMode,
    backoffLimit: spec.backoffLimit ?? (spec.backoffLimitPerIndex !== undefined ? maxInt32 : 6),
    ...defined({
      backoffLimitPerIndex: spec.backoffLimitPerIndex,
      maxFailedIndexes: spec.maxFailedIndexes,
      podFailurePolicy,
      successPolicy,
      activeDeadlineSeconds: spec.activeDeadlineSeconds,
      ttlSecondsAfterFinished: spec.ttlSecondsAfterFinished,
    }),
    suspend: spec.suspend ?? false,
    podReplacementPolicy: (spec.podReplacementPolicy ?? (podFailurePolicy ? "Failed" : "TerminatingOrFailed")) as JobSpec["podReplacementPolicy"],
    template: { metadata: toTemplateMeta(spec.template?.metadata), spec: toPodSpec(spec.template?.spec ?? {}) },
  };
}

export function initialJobStatus(): JobStatus {
  return { conditions: [], active: 0, ready: 0, terminating: 0, succeeded: 0, failed: 0 };
}

function toPodFailurePolicyRule(rule: RawPodFailurePolicyRule): PodFailurePolicyRule {
  const onExitCodes = rule.onExitCodes && {
    ...defined({ containerName: rule.onExitCodes.containerName }),
    operator: rule.onExitCodes.operator as "In" | "NotIn",
    values: [...(rule.onExitCodes.values ?? [])],
  };
  const onPodConditions = rule.onPodConditions?.map((c) => ({
    type: c.type ?? "",
    status: (c.status ?? "True") as "True" | "False" | "Unknown",
  }));
  return { action: rule.action as PodFailurePolicyAction, ...defined({ onExitCodes, onPodConditions }) };
}
