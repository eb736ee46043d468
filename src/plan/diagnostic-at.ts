import { formatFieldPath, type Diagnostic, type SourcedResource } from "../spec/index.js";

/** An error at a field of a loaded resource. */
export function errorAt(sourced: SourcedResource, path: (string | number)[], message: string): Diagnostic {
  const { line, column } = sourced.locate(path);
  return { severity: "error", file: sourced.file, line, column, path: formatFieldPath(path), message };
}

export const namePath = ["metadata", "name"];
export const dependsOnPath = ["metadata", "annotations", "baton.dev/depends-on"];
