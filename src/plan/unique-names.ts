import type { Diagnostic, SourcedResource } from "../spec/index.js";
import { errorAt, namePath } from "./diagnostic-at.js";

/** As on a cluster, two resources of one kind may not share a name in a namespace. */
export function checkUniqueNames(resources: readonly SourcedResource[]): Diagnostic[] {
  const first = new Map<string, SourcedResource>();
  const diagnostics: Diagnostic[] = [];
  for (const sourced of resources) {
    const { kind, metadata } = sourced.resource;
    if (metadata.name === "") continue; // generateName: the runtime picks a unique name
    const key = `${kind}/${metadata.namespace}/${metadata.name}`;
    const earlier = first.get(key);
    if (earlier === undefined) {
      first.set(key, sourced);
      continue;
    }
    const at = earlier.locate(namePath);
    diagnostics.push(errorAt(sourced, namePath, `${kind} "${metadata.name}" is defined twice (first at ${earlier.file}:${at.line})`));
  }
  return diagnostics;
}
