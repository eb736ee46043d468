import { readFileSync } from "node:fs";
import { checkSubmission } from "../plan/index.js";
import { compareDiagnostics, hasErrors, loadManifests, type Diagnostic, type SourcedResource } from "../spec/index.js";

export interface LoadedInput {
  resources: SourcedResource[];
  diagnostics: Diagnostic[];
  /** True when anything is invalid: then nothing may run. */
  invalid: boolean;
}

/** Reads and checks every file; all problems of all files are collected, none stops the others. */
export function loadFiles(paths: string[]): LoadedInput {
  const resources: SourcedResource[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const path of paths) {
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
      diagnostics.push({ severity: "error", file: path, line: 1, column: 1, path: "", message: `cannot read the file: ${reason}` });
      continue;
    }
    const loaded = loadManifests(text, path);
    diagnostics.push(...loaded.diagnostics);
    resources.push(...loaded.resources);
    if (loaded.resources.length === 0 && !hasErrors(loaded.diagnostics)) {
      diagnostics.push({ severity: "error", file: path, line: 1, column: 1, path: "", message: "the file holds no resources" });
    }
  }
  // Cross-resource checks run over the valid documents even when others are invalid: every problem at once.
  diagnostics.push(...checkSubmission(resources));
  // Files in the order given, each read top to bottom.
  const fileOrder = new Map(paths.map((p, i) => [p, i]));
  diagnostics.sort((a, b) => (fileOrder.get(a.file) ?? 0) - (fileOrder.get(b.file) ?? 0) || compareDiagnostics(a, b));
  return { resources, diagnostics, invalid: hasErrors(diagnostics) };
}
