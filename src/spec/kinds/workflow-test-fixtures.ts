import { loadManifests } from "../index.js";

/** Test helpers for the Workflow kinds: manifests as YAML, problems as "path: message". */

/** A Workflow whose spec is `spec` (YAML, indented by two under `spec:`). */
export function workflow(spec: string, kind: "Workflow" | "WorkflowTemplate" = "Workflow", name = "generateName: wf-"): string {
  return `apiVersion: argoproj.io/v1alpha1\nkind: ${kind}\nmetadata:\n  ${name}\nspec:\n${indent(spec.trim(), 2)}\n`;
}

/** A container template that echoes, named `name`, with `inputs` as written (YAML flow). */
export function echo(name: string, args = "echo hi", inputs?: string): string {
  const declared = inputs === undefined ? "" : `\n  inputs: {parameters: ${inputs}}`;
  return `- name: ${name}${declared}\n  container: {image: busybox, command: [sh, -c], args: [${JSON.stringify(args)}]}`;
}

export function indent(text: string, by: number): string {
  return text.split("\n").map((line) => (line === "" ? line : " ".repeat(by) + line)).join("\n");
}

/** Every diagnostic as "path: message" (warnings marked), in file order. */
export function problems(text: string): string[] {
  return loadManifests(text, "wf.yaml", { requireCommand: true }).diagnostics.map(
    (d) => `${d.severity === "warning" ? "warning: " : ""}${d.path}: ${d.message}`,
  );
}
