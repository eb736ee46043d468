import { readFileSync } from "node:fs";
import { parse } from "yaml";
import type { Diagnostic, SourcedResource } from "../spec/index.js";

/** Workflow parameters given on the command line: `-p name=value` and `--parameter-file` (a YAML or JSON map). */
export function readParameters(pairs: string[], file: string | undefined): { values: Record<string, string>; errors: string[] } {
  const values: Record<string, string> = {};
  const errors: string[] = [];
  if (file !== undefined) {
    try {
      const map: unknown = parse(readFileSync(file, "utf8"));
      if (map === null || typeof map !== "object" || Array.isArray(map)) errors.push(`--parameter-file ${file}: must be a map of parameter names to values`);
      else for (const [k, v] of Object.entries(map)) values[k] = typeof v === "string" ? v : JSON.stringify(v);
    } catch (error) {
      errors.push(`--parameter-file ${file}: ${(error as Error).message}`);
    }
  }
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) errors.push(`-p ${pair}: expected name=value`);
    else values[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return { values, errors };
}

/**
 * Sets workflow arguments from the command line, as `argo submit -p` does: each name must be a
 * parameter of every submitted Workflow's spec.arguments, and a value must be in its enum.
 */
export function applyParameters(resources: SourcedResource[], values: Record<string, string>): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const names = Object.keys(values);
  if (names.length === 0) return diagnostics;
  const workflows = resources.filter((r) => r.resource.kind === "Workflow");
  if (workflows.length === 0) return [{ severity: "error", file: "-p", line: 1, column: 1, path: "", message: "parameters were given but no Workflow was submitted" }];
  for (const { resource, file, locate } of workflows) {
    if (resource.kind !== "Workflow") continue;
    // Only a problem needs its place: finding it can mean a full positioned parse of a big file.
    const where = () => {
      const at = locate(["spec", "arguments", "parameters"]);
      return { severity: "error" as const, file, line: at.line, column: at.column, path: "spec.arguments.parameters" };
    };
    for (const name of names) {
      const p = resource.spec.arguments.parameters.find((x) => x.name === name);
      if (!p) diagnostics.push({ ...where(), message: `-p ${name}: the workflow ${resource.metadata.name || resource.metadata.generateName} has no parameter "${name}"` });
      else if (p.enum !== undefined && !p.enum.includes(values[name]!)) diagnostics.push({ ...where(), message: `-p ${name}: "${values[name]}" is not one of ${p.enum.join(", ")}` });
      else p.value = values[name]!;
    }
  }
  return diagnostics;
}
