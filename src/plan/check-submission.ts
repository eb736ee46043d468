import type { WorkflowTemplate } from "../model/index.js";
import { compareDiagnostics, type Diagnostic, type SourcedResource } from "../spec/index.js";
import { buildDependencyGraph } from "./dependency-graph.js";
import { dependsOnPath, errorAt } from "./diagnostic-at.js";
import { findCycles } from "./find-cycles.js";
import { checkUniqueNames } from "./unique-names.js";
import { resolveWorkflowTemplates } from "./workflow-templates.js";

export interface SubmissionOptions {
  /** WorkflowTemplates kept from earlier submissions, for `workflowTemplateRef` and `templateRef`. */
  storedTemplates?: readonly WorkflowTemplate[];
  /** `namespace/name` of the Pods and Jobs a server already has: depends-on may name them. */
  existingNames?: ReadonlySet<string>;
}

/**
 * The checks that need the whole submission: unique names per kind and namespace, `baton.dev/depends-on`
 * names that exist, and no dependency cycles (each reported once, with its path). Workflows get the
 * templates they refer to (see resolveWorkflowTemplates: the Workflow resources are changed in place).
 */
export function checkSubmission(resources: SourcedResource[], options?: SubmissionOptions): Diagnostic[] {
  const workflows = resolveWorkflowTemplates(resources, options?.storedTemplates ?? []);
  const graph = buildDependencyGraph(resources, options?.existingNames);
  const cycles = findCycles(graph.edges).map((cycle) => {
    const first = resources[cycle[0] ?? 0] as SourcedResource;
    const names = cycle.map((i) => resources[i]?.resource.metadata.name ?? "?");
    return errorAt(first, dependsOnPath, `dependency cycle: ${names.join(" → ")}`);
  });
  return [...checkUniqueNames(resources), ...graph.diagnostics, ...cycles, ...workflows].sort(compareDiagnostics);
}

