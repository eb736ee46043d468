import { compareDiagnostics, type Diagnostic, type SourcedResource } from "../spec/index.js";
import { buildDependencyGraph } from "./dependency-graph.js";
import { dependsOnPath, errorAt } from "./diagnostic-at.js";
import { findCycles } from "./find-cycles.js";
import { checkUniqueNames } from "./unique-names.js";

/**
 * The checks that need the whole submission: unique names per kind and namespace, `baton.dev/depends-on`
 * names that exist, and no dependency cycles (each reported once, with its path).
 */
export function checkSubmission(resources: SourcedResource[]): Diagnostic[] {
  const graph = buildDependencyGraph(resources);
  const cycles = findCycles(graph.edges).map((cycle) => {
    const first = resources[cycle[0] ?? 0] as SourcedResource;
    const names = cycle.map((i) => resources[i]?.resource.metadata.name ?? "?");
    return errorAt(first, dependsOnPath, `dependency cycle: ${names.join(" → ")}`);
  });
  return [...checkUniqueNames(resources), ...graph.diagnostics, ...cycles].sort(compareDiagnostics);
}

