import type { Diagnostic, SourcedResource } from "../spec/index.js";
import { dependenciesOf } from "./dependencies.js";
import { dependsOnPath, errorAt } from "./diagnostic-at.js";

/**
 * The `baton.dev/depends-on` edges of a submission: resource i waits for every resource (Pod or Job) of
 * its namespace that has a name it lists. Names that match nothing are reported.
 */
export interface DependencyGraph {
  /** edges[i]: the indexes of the resources that resource i waits for. */
  edges: number[][];
  diagnostics: Diagnostic[];
}

/** `existing`: `namespace/name` of resources the engine already has (a server's), which may be waited for too. */
export function buildDependencyGraph(resources: readonly SourcedResource[], existing: ReadonlySet<string> = new Set()): DependencyGraph {
  const byName = new Map<string, number[]>();
  const namesIn = new Map<string, Set<string>>();
  for (const [i, { resource }] of resources.entries()) {
    const { name, namespace } = resource.metadata;
    if (name === "") continue;
    const key = `${namespace}/${name}`;
    byName.set(key, [...(byName.get(key) ?? []), i]);
    namesIn.set(namespace, (namesIn.get(namespace) ?? new Set()).add(name));
  }
  const diagnostics: Diagnostic[] = [];
  const edges = resources.map((sourced) => {
    const { namespace, name } = sourced.resource.metadata;
    const targets: number[] = [];
    for (const dependency of dependenciesOf(sourced.resource)) {
      const found = byName.get(`${namespace}/${dependency}`);
      if (found !== undefined) targets.push(...found);
      else if (!existing.has(`${namespace}/${dependency}`)) diagnostics.push(errorAt(sourced, dependsOnPath, unknownMessage(dependency, namespace, namesIn.get(namespace), name)));
    }
    return targets;
  });
  return { edges, diagnostics };
}

function unknownMessage(dependency: string, namespace: string, names: ReadonlySet<string> | undefined, self: string): string {
  const others = [...(names ?? [])].filter((n) => n !== self).sort();
  const known = others.length === 0 ? "it defines nothing else" : `it defines ${others.map((n) => `"${n}"`).join(", ")}`;
  return `depends on "${dependency}", which is not defined in this submission in namespace "${namespace}"; ${known}`;
}
