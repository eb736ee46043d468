import type { RestartPolicy } from "../../model/index.js";
import type { FieldPath } from "../field-path.js";
import type { IssueList } from "../issue.js";
import { message } from "../messages.js";
import { checkDNS1123Label } from "../names.js";
import { validateEnv } from "./env-validation.js";
import type { RawContainer, RawPodSpec } from "./pod-spec-schema.js";

export interface PodSpecRules {
  requireCommand: boolean;
  /** A Pod may use any; a Job's template only OnFailure and Never (its own rule reports a missing one). */
  restartPolicies: readonly RestartPolicy[];
}

/** Kubernetes' ValidatePodSpec, for the fields Baton reads. */
export function validatePodSpec(spec: RawPodSpec, path: FieldPath, rules: PodSpecRules, issues: IssueList): void {
  if (spec.containers === undefined || spec.containers.length === 0) {
    issues.error([...path, "containers"], message.required("a pod needs at least one container"));
  }
  const seen = new Set<string>();
  const groups = [
    { field: "initContainers", containers: spec.initContainers ?? [], init: true },
    { field: "containers", containers: spec.containers ?? [], init: false },
  ];
  for (const { field, containers, init } of groups) {
    for (const [i, container] of containers.entries()) {
      const at = [...path, field, i];
      validateContainer(container, at, init, rules, issues);
      const name = container.name;
      if (name === undefined || name === "") continue;
      if (seen.has(name)) issues.error([...at, "name"], message.duplicate(name));
      seen.add(name);
    }
  }
  // "" is unset, as Kubernetes' defaulting reads it.
  if (spec.restartPolicy !== undefined && spec.restartPolicy !== "" && !rules.restartPolicies.includes(spec.restartPolicy as RestartPolicy)) {
    issues.error([...path, "restartPolicy"], message.unsupported(spec.restartPolicy, rules.restartPolicies));
  }
  if (spec.terminationGracePeriodSeconds !== undefined && spec.terminationGracePeriodSeconds < 0) {
    issues.error([...path, "terminationGracePeriodSeconds"], message.atLeast(0, spec.terminationGracePeriodSeconds));
  }
  if (spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds < 1) {
    issues.error([...path, "activeDeadlineSeconds"], message.positive(spec.activeDeadlineSeconds));
  }
  for (const field of ["hostname", "subdomain"] as const) {
    const value = spec[field];
    if (value === undefined) continue;
    for (const problem of checkDNS1123Label(value)) issues.error([...path, field], message.invalid(value, problem));
  }
}

function validateContainer(container: RawContainer, path: FieldPath, init: boolean, rules: PodSpecRules, issues: IssueList): void {
  const what = init ? "init container" : "container";
  const name = container.name ?? "";
  if (name === "") issues.error([...path, "name"], message.required());
  else for (const problem of checkDNS1123Label(name)) issues.error([...path, "name"], message.invalid(name, problem));
  if (rules.requireCommand && (container.command === undefined || container.command.length === 0)) {
    issues.error(
      [...path, "command"],
      `${what} ${JSON.stringify(name)} has no command; the local engine runs commands on the host and cannot use the image's entrypoint`,
    );
  }
  validateEnv(container.env ?? [], [...path, "env"], issues);
  if (container.envFrom !== undefined) {
    issues.error([...path, "envFrom"], "envFrom reads ConfigMaps and Secrets, which the local engine cannot resolve; list the variables under \"env\"");
  }
  if (container.restartPolicy !== undefined) {
    if (!init) issues.error([...path, "restartPolicy"], "Forbidden: may not be set for non-init containers");
    else if (container.restartPolicy !== "Always") issues.error([...path, "restartPolicy"], message.unsupported(container.restartPolicy, ["Always"]));
    else issues.error([...path, "restartPolicy"], "sidecar containers (an init container with restartPolicy Always) are not supported by the local engine");
  }
}
