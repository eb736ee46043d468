import { readFileSync } from "node:fs";
import { checkSubmission, type SubmissionOptions } from "../plan/index.js";
import { compareDiagnostics, hasErrors, loadManifests, type Diagnostic, type SourcedResource } from "../spec/index.js";
import { isModuleFile, loadModule } from "./load-typescript.js";
import { applyParameters } from "./parameters.js";

export interface LoadedInput {
  resources: SourcedResource[];
  diagnostics: Diagnostic[];
  /** True when anything is invalid: then nothing may run. */
  invalid: boolean;
}

/** The text of one input, or why there is none. `file` is the label its diagnostics carry. */
export type SourceText = { file: string; text: string } | { file: string; diagnostic: Diagnostic };

/**
 * Reads and checks every file; all problems of all files are collected, none stops the others.
 * A .ts/.mts/.js/.mjs file is imported and its default export read as manifests.
 */
export async function loadFiles(paths: string[], parameters: Record<string, string> = {}): Promise<LoadedInput> {
  const sources: SourceText[] = [];
  for (const path of paths) {
    if (isModuleFile(path)) {
      const loaded = await loadModule(path);
      sources.push(loaded.ok ? { file: loaded.file, text: loaded.text } : { file: path, diagnostic: loaded.diagnostic });
      continue;
    }
    try {
      sources.push({ file: path, text: readFileSync(path, "utf8") });
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
      sources.push({ file: path, diagnostic: { severity: "error", file: path, line: 1, column: 1, path: "", message: `cannot read the file: ${reason}` } });
    }
  }
  const input = loadTexts(sources);
  const problems = applyParameters(input.resources, parameters);
  if (problems.length === 0) return input;
  return { ...input, diagnostics: [...input.diagnostics, ...problems], invalid: true };
}

/** Loads and checks texts already in memory (YAML or JSON), as one submission. */
export function loadTexts(sources: SourceText[], options: SubmissionOptions = {}): LoadedInput {
  const resources: SourcedResource[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const source of sources) {
    if ("diagnostic" in source) {
      diagnostics.push(source.diagnostic);
      continue;
    }
    const { file } = source;
    const loaded = loadManifests(source.text, file);
    diagnostics.push(...loaded.diagnostics);
    resources.push(...loaded.resources);
    if (loaded.resources.length === 0 && !hasErrors(loaded.diagnostics)) {
      diagnostics.push({ severity: "error", file, line: 1, column: 1, path: "", message: "the file holds no resources" });
    }
  }
  // Cross-resource checks run over the valid documents even when others are invalid: every problem at once.
  diagnostics.push(...checkSubmission(resources, options));
  // Files in the order given, each read top to bottom.
  const fileOrder = new Map(sources.map((s, i) => [s.file, i]));
  diagnostics.sort((a, b) => (fileOrder.get(a.file) ?? 0) - (fileOrder.get(b.file) ?? 0) || compareDiagnostics(a, b));
  return { resources, diagnostics, invalid: hasErrors(diagnostics) };
}
