import { CompletionMode, RestartPolicy } from "../../model/index.js";
import type { FieldPath } from "../field-path.js";
import type { IssueList } from "../issue.js";
import { message, quoteList } from "../messages.js";
import { checkDNS1123Label, checkDNS1123Subdomain } from "../names.js";
import type { LoadOptions } from "../define-kind.js";
import type { RawJobSpec } from "./job-schema.js";
import { validateLabelsAndAnnotations } from "./object-meta.js";
import { validatePodFailurePolicy } from "./pod-failure-policy-validation.js";
import { validateContainerGraphAnnotations } from "../container-graph.js";
import { validatePodSpec } from "./pod-spec-validation.js";
import { validateSuccessPolicy } from "./success-policy-validation.js";

/** Kubernetes' validateJobSpec (pkg/apis/batch/validation), for a Job being created. */
const maxIndexedCompletions = 100_000;
const maxIndexedParallelism = 100_000;
const maxFailedIndexesLimit = 100_000;
const jobRestartPolicies = [RestartPolicy.OnFailure, RestartPolicy.Never] as const;
const completionModes = Object.values(CompletionMode);
const podReplacementPolicies = ["Failed", "TerminatingOrFailed"];

/** A Job's name is a DNS subdomain that also fits the 63 characters of the job-name label on its pods. */
export function checkJobName(name: string): string[] {
  const problems = checkDNS1123Subdomain(name);
  if (name.length > 63 && problems.length === 0) problems.push("must be no more than 63 characters");
  return problems;
}

export function validateJobSpec(spec: RawJobSpec, name: string | undefined, options: LoadOptions, issues: IssueList): void {
  const path = ["spec"];
  validateCounts(spec, path, issues);
  validateCompletionMode(spec, name, path, issues);
  if (spec.podFailurePolicy !== undefined) validatePodFailurePolicy(spec, [...path, "podFailurePolicy"], issues);
  if (spec.successPolicy !== undefined) {
    if (spec.completionMode !== CompletionMode.Indexed) issues.error([...path, "successPolicy"], "requires indexed completion mode");
    else validateSuccessPolicy(spec, [...path, "successPolicy"], issues);
  }
  validatePodReplacementPolicy(spec, path, issues);
  validateTemplate(spec, [...path, "template"], options, issues);
}

function validateCounts(spec: RawJobSpec, path: FieldPath, issues: IssueList): void {
  for (const field of ["parallelism", "completions", "backoffLimit", "backoffLimitPerIndex", "maxFailedIndexes", "ttlSecondsAfterFinished"] as const) {
    const value = spec[field];
    if (value !== undefined && value < 0) issues.error([...path, field], message.atLeast(0, value));
  }
  if (spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds <= 0) {
    issues.error([...path, "activeDeadlineSeconds"], message.positive(spec.activeDeadlineSeconds));
  }
  if (spec.maxFailedIndexes !== undefined && spec.backoffLimitPerIndex === undefined) {
    issues.error([...path, "backoffLimitPerIndex"], message.required("when maxFailedIndexes is specified"));
  }
}

function validateCompletionMode(spec: RawJobSpec, name: string | undefined, path: FieldPath, issues: IssueList): void {
  const mode = spec.completionMode ?? CompletionMode.NonIndexed;
  if (!completionModes.includes(mode as CompletionMode)) {
    issues.error([...path, "completionMode"], message.unsupported(mode, completionModes));
  }
  if (mode !== CompletionMode.Indexed) {
    for (const field of ["backoffLimitPerIndex", "maxFailedIndexes"] as const) {
      if (spec[field] !== undefined) issues.error([...path, field], "requires indexed completion mode");
    }
    return;
  }
  const { completions, parallelism, maxFailedIndexes } = spec;
  const indexed = "when completion mode is Indexed";
  if (completions === undefined) issues.error([...path, "completions"], message.required(indexed));
  else if (completions > maxIndexedCompletions) issues.error([...path, "completions"], message.atMost(maxIndexedCompletions, completions, indexed));
  if (parallelism !== undefined && parallelism > maxIndexedParallelism) {
    issues.error([...path, "parallelism"], message.atMost(maxIndexedParallelism, parallelism, indexed));
  }
  if (maxFailedIndexes !== undefined) {
    if (completions !== undefined && maxFailedIndexes > completions) {
      issues.error([...path, "maxFailedIndexes"], message.atMost(completions, maxFailedIndexes, "(the number of completions)"));
    } else if (maxFailedIndexes > maxFailedIndexesLimit) {
      issues.error([...path, "maxFailedIndexes"], message.atMost(maxFailedIndexesLimit, maxFailedIndexes));
    }
  }
  // Pods of an Indexed Job get the hostname `<job name>-<index>`, which must be a DNS label.
  if (name !== undefined && name !== "" && completions !== undefined && completions > 0) {
    const hostname = `${name}-${completions - 1}`;
    if (checkDNS1123Label(hostname).length > 0) {
      issues.error(["metadata", "name"], message.invalid(name, `will not be able to create pods with the invalid DNS label ${JSON.stringify(hostname)}`));
    }
  }
}

function validatePodReplacementPolicy(spec: RawJobSpec, path: FieldPath, issues: IssueList): void {
  const policy = spec.podReplacementPolicy;
  if (policy === undefined) return;
  const supported = spec.podFailurePolicy !== undefined ? ["Failed"] : podReplacementPolicies;
  if (!supported.includes(policy)) issues.error([...path, "podReplacementPolicy"], message.unsupported(policy, supported));
}

function validateTemplate(spec: RawJobSpec, path: FieldPath, options: LoadOptions, issues: IssueList): void {
  const template = spec.template;
  if (template?.spec === undefined) {
    issues.error([...path, "spec"], message.required("a Job needs a pod template"));
    return;
  }
  validateLabelsAndAnnotations(template.metadata ?? {}, [...path, "metadata"], issues);
  const podSpecPath = [...path, "spec"];
  validatePodSpec(template.spec, podSpecPath, { requireCommand: options.requireCommand, restartPolicies: jobRestartPolicies }, issues);
  const containers = (template.spec.containers ?? []).map((c) => c.name ?? "");
  validateContainerGraphAnnotations(template.metadata?.annotations ?? {}, containers, [...path, "metadata", "annotations"], issues);
  const restartPolicy = template.spec.restartPolicy;
  const restartPolicyPath = [...podSpecPath, "restartPolicy"];
  if (restartPolicy === undefined || restartPolicy === "") {
    issues.error(restartPolicyPath, message.required(`valid values: ${quoteList(jobRestartPolicies)}`));
  } else if (spec.podFailurePolicy !== undefined && restartPolicy === RestartPolicy.OnFailure) {
    issues.error(restartPolicyPath, message.invalid(restartPolicy, `only "Never" is supported when podFailurePolicy is specified`));
  }
}
