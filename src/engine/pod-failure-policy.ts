import type { Job, Pod, PodFailurePolicyAction } from "../model/index.js";
import { failedExitCodes } from "./pod-status.js";

export interface PolicyMatch {
  action: PodFailurePolicyAction;
  message: string;
}

/**
 * The first podFailurePolicy rule that matches a failed pod, as Kubernetes evaluates them: in
 * order; onExitCodes looks at containers that ended with a non-zero code (init containers too);
 * onPodConditions at the pod's conditions. No match: the failure counts as usual.
 */
export function matchPodFailurePolicy(job: Job, pod: Pod): PolicyMatch | undefined {
  const rules = job.spec.podFailurePolicy?.rules ?? [];
  const exits = failedExitCodes(pod);
  const podRef = `${pod.metadata.namespace}/${pod.metadata.name}`;
  for (const [i, rule] of rules.entries()) {
    if (rule.onExitCodes) {
      const { containerName, operator, values } = rule.onExitCodes;
      const hit = exits.find((x) => (containerName === undefined || x.container === containerName) && values.includes(x.exitCode) === (operator === "In"));
      if (hit) {
        return { action: rule.action, message: `Container ${hit.container} for pod ${podRef} failed with exit code ${hit.exitCode} matching ${rule.action} rule at index ${i}` };
      }
    }
    if (rule.onPodConditions) {
      const hit = rule.onPodConditions.find((pc) => pod.status.conditions.some((c) => c.type === pc.type && c.status === (pc.status ?? "True")));
      if (hit) return { action: rule.action, message: `Pod ${podRef} has condition ${hit.type} matching ${rule.action} rule at index ${i}` };
    }
  }
  return undefined;
}
