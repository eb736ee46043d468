import { describe, expect, test } from "vitest";
import type { CronWorkflow, Workflow, WorkflowTemplate } from "../model/index.js";
import { formatDiagnostic, loadManifests } from "../spec/index.js";
import { echo, indent, workflow } from "../spec/kinds/workflow-test-fixtures.js";
import { checkSubmission } from "./index.js";

const library = workflow(
  `entrypoint: main
arguments: {parameters: [{name: who, value: world}, {name: size, value: s, enum: [s, m]}]}
onExit: bye
parallelism: 2
templates:
- name: main
  steps: [[{name: a, template: greet, arguments: {parameters: [{name: m, value: "{{workflow.parameters.who}}"}]}}]]
${echo("greet", "echo {{inputs.parameters.m}}", "[{name: m}]")}
${echo("bye")}
${echo("unused")}`,
  "WorkflowTemplate",
  "name: library",
);

function submit(manifests: string[], stored: WorkflowTemplate[] = []): { workflow: Workflow; problems: string[] } {
  const { resources, diagnostics } = loadManifests(manifests.join("---\n"), "run.yaml");
  expect(diagnostics.map(formatDiagnostic)).toEqual([]);
  const problems = checkSubmission(resources, { storedTemplates: stored }).map((d) => `${d.path}: ${d.message}`);
  const found = resources.map((r) => r.resource).find((r): r is Workflow => r.kind === "Workflow");
  return { workflow: found as Workflow, problems };
}

const byRef = (ref: string) => workflow(`entrypoint: run\ntemplates:\n- name: run\n  steps: [[{name: call, templateRef: ${ref}, arguments: {parameters: [{name: m, value: hi}]}}]]`);

describe("templateRef", () => {
  test("copies the referenced template and what it reaches under qualified names", () => {
    const { workflow: wf, problems } = submit([library, byRef("{name: library, template: main}")]);
    expect(problems).toEqual([]);
    expect(wf.spec.templates.map((t) => t.name)).toEqual(["run", "library/main", "library/greet"]);
    expect(wf.spec.templates[0]?.steps?.[0]?.[0]).toMatchObject({ template: "library/main", templateRef: { name: "library", template: "main" } });
    expect(wf.spec.templates[1]?.steps?.[0]?.[0]?.template).toBe("library/greet");
  });

  test("a stored WorkflowTemplate counts", () => {
    const [stored] = loadManifests(library, "lib.yaml").resources;
    const { problems } = submit([byRef("{name: library, template: greet}")], [stored?.resource as WorkflowTemplate]);
    expect(problems).toEqual([]);
  });

  test.each([
    { ref: "{name: nope, template: main}", expected: ['spec.templates[0].steps[0][0].templateRef.name: WorkflowTemplate "nope" not found in namespace "default"'] },
    { ref: "{name: library, template: nope}", expected: ['spec.templates[0].steps[0][0].templateRef.template: template "nope" not found in WorkflowTemplate "library"'] },
  ])("$expected", ({ ref, expected }) => {
    expect(submit([library, byRef(ref)]).problems).toEqual(expected);
  });

  test("a WorkflowTemplate of another namespace does not count", () => {
    const elsewhere = library.replace("name: library", "name: library\n  namespace: other");
    expect(submit([elsewhere, byRef("{name: library, template: main}")]).problems).toEqual([
      'spec.templates[0].steps[0][0].templateRef.name: WorkflowTemplate "library" not found in namespace "default"',
    ]);
  });
});

describe("workflowTemplateRef", () => {
  test("takes the template's spec, the workflow's arguments overriding by name", () => {
    const { workflow: wf, problems } = submit([library, workflow("workflowTemplateRef: {name: library}\narguments: {parameters: [{name: who, value: you}]}")]);
    expect(problems).toEqual([]);
    expect(wf.spec).toMatchObject({ entrypoint: "main", onExit: "bye", parallelism: 2 });
    expect(wf.spec.arguments.parameters).toEqual([
      { name: "who", value: "you" },
      { name: "size", value: "s", enum: ["s", "m"] },
    ]);
    expect(wf.spec.templates.map((t) => t.name)).toEqual(["main", "greet", "bye", "unused"]);
  });

  test.each([
    { spec: "workflowTemplateRef: {name: nope}", expected: ['spec.workflowTemplateRef.name: WorkflowTemplate "nope" not found in namespace "default"'] },
    { spec: "workflowTemplateRef: {name: library}\nentrypoint: nope", expected: ['spec.entrypoint: template "nope" not found'] },
    {
      spec: "workflowTemplateRef: {name: library}\narguments: {parameters: [{name: size, value: xl}]}",
      expected: ['spec.arguments.parameters: parameter "size": Unsupported value: "xl": supported values: "s", "m"'],
    },
  ])("$expected", ({ spec, expected }) => {
    expect(submit([library, workflow(spec)]).problems).toEqual(expected);
  });
});

/** A CronWorkflow whose workflowSpec is `spec` (YAML). */
const cron = (spec: string) => `apiVersion: argoproj.io/v1alpha1\nkind: CronWorkflow\nmetadata:\n  name: nightly\nspec:\n  schedules: ["0 3 * * *"]\n  workflowSpec:\n${indent(spec.trim(), 4)}\n`;

function submitCron(manifests: string[], stored: WorkflowTemplate[] = []): { cron: CronWorkflow; problems: string[] } {
  const { resources, diagnostics } = loadManifests(manifests.join("---\n"), "run.yaml");
  expect(diagnostics.map(formatDiagnostic)).toEqual([]);
  const problems = checkSubmission(resources, { storedTemplates: stored }).map((d) => `${d.path}: ${d.message}`);
  return { cron: resources.map((r) => r.resource).find((r): r is CronWorkflow => r.kind === "CronWorkflow")!, problems };
}

describe("a CronWorkflow's workflowSpec", () => {
  test("workflowTemplateRef takes the template's spec, from the submission or the stored templates", () => {
    const [stored] = loadManifests(library, "lib.yaml").resources;
    for (const { manifests, templates } of [
      { manifests: [library, cron("workflowTemplateRef: {name: library}")], templates: [] },
      { manifests: [cron("workflowTemplateRef: {name: library}")], templates: [stored!.resource as WorkflowTemplate] },
    ]) {
      const { cron: cwf, problems } = submitCron(manifests, templates);
      expect(problems).toEqual([]);
      expect(cwf.spec.workflowSpec).toMatchObject({ entrypoint: "main", onExit: "bye", parallelism: 2 });
      expect(cwf.spec.workflowSpec.templates.map((t) => t.name)).toEqual(["main", "greet", "bye", "unused"]);
    }
  });

  test("templateRef copies the referenced template under its qualified name", () => {
    const spec = "entrypoint: run\ntemplates:\n- name: run\n  steps: [[{name: call, templateRef: {name: library, template: greet}, arguments: {parameters: [{name: m, value: hi}]}}]]";
    const { cron: cwf, problems } = submitCron([library, cron(spec)]);
    expect(problems).toEqual([]);
    expect(cwf.spec.workflowSpec.templates.map((t) => t.name)).toEqual(["run", "library/greet"]);
    expect(cwf.spec.workflowSpec.templates[0]?.steps?.[0]?.[0]).toMatchObject({ template: "library/greet", templateRef: { name: "library", template: "greet" } });
  });

  test.each([
    { spec: "workflowTemplateRef: {name: nope}", expected: ['spec.workflowSpec.workflowTemplateRef.name: WorkflowTemplate "nope" not found in namespace "default"'] },
    { spec: "workflowTemplateRef: {name: library}\nentrypoint: nope", expected: ['spec.workflowSpec.entrypoint: template "nope" not found'] },
    {
      spec: "entrypoint: run\ntemplates:\n- name: run\n  steps: [[{name: call, templateRef: {name: library, template: nope}}]]",
      expected: ['spec.workflowSpec.templates[0].steps[0][0].templateRef.template: template "nope" not found in WorkflowTemplate "library"'],
    },
  ])("$expected", ({ spec, expected }) => {
    expect(submitCron([library, cron(spec)]).problems).toEqual(expected);
  });
});

describe("names", () => {
  test("workflows with only generateName are not compared; WorkflowTemplates are", () => {
    const { resources } = loadManifests([library, library, byRef("{name: library, template: greet}"), byRef("{name: library, template: greet}")].join("---\n"), "run.yaml");
    expect(checkSubmission(resources).map(formatDiagnostic)).toEqual(['run.yaml:24:9 metadata.name: WorkflowTemplate "library" is defined twice (first at run.yaml:4)']);
  });
});
