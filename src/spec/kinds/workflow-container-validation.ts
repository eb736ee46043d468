import type { FieldPath } from "../field-path.js";
import { IssueList } from "../issue.js";
import type { RawContainer } from "./pod-spec-schema.js";
import { validatePodSpec } from "./pod-spec-validation.js";

/**
 * A workflow container checked by the pod spec's own container rules (name, command, env, sidecars), so
 * that both kinds say the same thing. Argo names the container of a container or script template "main".
 */
export function validateWorkflowContainer(
  container: RawContainer,
  path: FieldPath,
  kind: { init: boolean; requireCommand: boolean; defaultName?: string },
  issues: IssueList,
): void {
  const named = { ...container, name: container.name ?? kind.defaultName };
  const field = kind.init ? "initContainers" : "containers";
  const scratch = new IssueList();
  validatePodSpec({ [field]: [named] }, [], { requireCommand: kind.requireCommand, restartPolicies: [] }, scratch);
  for (const issue of scratch.items) {
    if (issue.path[0] !== field || issue.path[1] !== 0) continue; // the pod's own rules, such as "needs a container"
    issues.add({ ...issue, path: [...path, ...issue.path.slice(2)] });
  }
}
