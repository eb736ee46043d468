import { describe, expect, test } from "vitest";
import { formatDiagnostic, loadManifests } from "./index.js";

/** What the user sees: one formatted line per diagnostic. */
function problems(text: string, options?: { requireCommand?: boolean }): string[] {
  return loadManifests(text, "job.yaml", options).diagnostics.map(formatDiagnostic);
}

const validJob = `apiVersion: batch/v1
kind: Job
metadata:
  name: fine
spec:
  template:
    spec:
      containers:
      - name: main
        command: ["true"]
      restartPolicy: Never
`;

describe("diagnostics name the file, line, column and field", () => {
  test.each([
    {
      name: "a bad value points at the value",
      text: validJob.replace("spec:\n  template:", "spec:\n  parallelism: -2\n  template:"),
      expected: ["job.yaml:6:16 spec.parallelism: must be >= 0 (got -2)"],
    },
    {
      name: "a missing field points at its parent",
      text: "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: x\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n",
      expected: ["job.yaml:7:5 spec.template.spec.containers: Required value: a pod needs at least one container"],
    },
    {
      name: "a missing spec points at the document's start",
      text: "# a comment\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n",
      expected: ["job.yaml:2:1 spec: Required value"],
    },
    {
      name: "an unknown field is a warning at its key",
      text: validJob.replace("      - name: main\n", "      - name: main\n        colour: blue\n"),
      expected: ['job.yaml:10:9 warning: spec.template.spec.containers[0].colour: unknown field "colour"'],
    },
    {
      name: "a field without effect here is a warning at its key",
      text: validJob.replace("      restartPolicy: Never\n", "      restartPolicy: Never\n      volumes: []\n"),
      expected: [
        'job.yaml:12:7 warning: spec.template.spec.volumes: "volumes" has no effect on the local engine, which runs commands on the host',
      ],
    },
    {
      name: "an ignored Kubernetes field says nothing",
      text: validJob.replace("      - name: main\n", "      - name: main\n        image: busybox\n        imagePullPolicy: Always\n        resources: {limits: {cpu: 1}}\n"),
      expected: [],
    },
    {
      name: "a wrong type names the expected one and keeps checking the rest",
      text: validJob.replace("spec:\n  template:", "spec:\n  completions: three\n  backoffLimit: -1\n  template:"),
      expected: [
        'job.yaml:6:16 spec.completions: must be an integer (got "three")',
        "job.yaml:7:17 spec.backoffLimit: must be >= 0 (got -1)",
      ],
    },
    {
      name: "an annotation key is shown in brackets",
      text: validJob.replace("  name: fine\n", "  name: fine\n  annotations:\n    baton.dev/backoff-base: soon\n"),
      expected: [
        'job.yaml:6:29 metadata.annotations[baton.dev/backoff-base]: Invalid value: "soon": must be a duration such as "100ms", "2s" or "1m30s"',
      ],
    },
  ])("$name", ({ text, expected }) => {
    expect(problems(text)).toEqual(expected);
  });
});

describe("kinds", () => {
  test.each([
    { text: "apiVersion: apps/v1\nkind: Deployment\n", expected: "job.yaml:2:7 kind: Deployment is not supported; Baton runs v1 Pod, batch/v1 Job, batch/v1 CronJob, argoproj.io/v1alpha1 Workflow, argoproj.io/v1alpha1 WorkflowTemplate and argoproj.io/v1alpha1 CronWorkflow" },
    {
      text: "apiVersion: v1\nkind: Job\n",
      expected: "job.yaml:1:13 apiVersion: Job with apiVersion v1 is not supported; Job is batch/v1 (Baton runs v1 Pod, batch/v1 Job, batch/v1 CronJob, argoproj.io/v1alpha1 Workflow, argoproj.io/v1alpha1 WorkflowTemplate and argoproj.io/v1alpha1 CronWorkflow)",
    },
    { text: "apiVersion: v1\nmetadata: {name: x}\n", expected: "job.yaml:1:1 kind: Required value: Baton runs v1 Pod, batch/v1 Job, batch/v1 CronJob, argoproj.io/v1alpha1 Workflow, argoproj.io/v1alpha1 WorkflowTemplate and argoproj.io/v1alpha1 CronWorkflow" },
    { text: "- just\n- a list\n", expected: "job.yaml:1:1 a manifest must be a map with apiVersion and kind" },
  ])("$expected", ({ text, expected }) => {
    expect(problems(text)).toEqual([expected]);
  });
});

describe("a file with several documents", () => {
  const text = `${validJob}---
apiVersion: batch/v1
kind: Job
metadata:
  name: bad
spec:
  parallelism: -2
  template:
    spec:
      containers:
      - name: main
        command: ["true"]
      restartPolicy: Always
`;

  test("reports every problem of every document at once, and returns only the valid ones", () => {
    const { resources, diagnostics } = loadManifests(text, "job.yaml");
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      "job.yaml:18:16 spec.parallelism: must be >= 0 (got -2)",
      'job.yaml:24:22 spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"',
    ]);
    expect(resources.map((r) => [r.resource.metadata.name, r.documentIndex, r.line, r.column])).toEqual([["fine", 0, 1, 1]]);
  });

  test("skips empty documents", () => {
    const { resources, diagnostics } = loadManifests(`---\n# nothing here\n---\n${validJob}---\n`, "job.yaml");
    expect(diagnostics).toEqual([]);
    expect(resources.map((r) => [r.resource.metadata.name, r.documentIndex, r.line])).toEqual([["fine", 1, 4]]);
  });

  test("reports a YAML syntax error at its line and still checks the other documents", () => {
    const broken = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    command: ['sh', '-c'\n  restartPolicy: Never\n";
    expect(problems(`${broken}---\n${validJob.replace("name: fine", "name: Fine")}`)).toEqual([
      "job.yaml:9:3 YAML: Flow sequence in block collection must be sufficiently indented and end with a ]",
      expect.stringMatching(/^job\.yaml:14:9 metadata\.name: Invalid value: "Fine": a lowercase RFC 1123 subdomain/),
    ]);
  });

  test("reports duplicate keys as YAML errors", () => {
    expect(problems("apiVersion: v1\nkind: Pod\nkind: Pod\n")).toEqual(["job.yaml:3:1 YAML: Map keys must be unique"]);
  });
});

describe("JSON and List input", () => {
  test("reads JSON, with positions", () => {
    const json = JSON.stringify(
      { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { containers: [{ name: "c", command: ["true"] }], restartPolicy: "Sometimes" } },
      null,
      2,
    );
    const { resources, diagnostics } = loadManifests(json, "pod.json");
    expect(resources).toEqual([]);
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      'pod.json:16:22 spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    ]);
  });

  test("reads the items of a kind: List, each located in the file", () => {
    const list = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Pod
  metadata: {name: first}
  spec:
    containers: [{name: c, command: ["true"]}]
- apiVersion: batch/v1
  kind: Job
  metadata: {name: second}
  spec:
    parallelism: -1
    template: {spec: {containers: [{name: c, command: ["true"]}], restartPolicy: Never}}
`;
    const { resources, diagnostics } = loadManifests(list, "list.yaml");
    expect(diagnostics.map(formatDiagnostic)).toEqual(["list.yaml:13:18 spec.parallelism: must be >= 0 (got -1)"]);
    expect(resources.map((r) => [r.resource.kind, r.resource.metadata.name, r.line, r.column])).toEqual([["Pod", "first", 4, 3]]);
    expect(resources[0]?.locate(["spec", "containers", 0, "command"])).toEqual({ line: 8, column: 37 });
  });

  test("a JSON List works too", () => {
    const json = JSON.stringify({
      apiVersion: "v1",
      kind: "List",
      items: [{ apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { containers: [{ name: "c", command: ["true"] }] } }],
    });
    const { resources, diagnostics } = loadManifests(json, "list.json");
    expect(diagnostics).toEqual([]);
    expect(resources.map((r) => r.resource.metadata.name)).toEqual(["p"]);
  });
});

describe("SourcedResource.locate", () => {
  const text = `apiVersion: batch/v1
kind: Job
metadata:
  name: fine
  annotations:
    baton.dev/depends-on: a, b
spec:
  template:
    spec:
      containers:
      - name: main
        command: ["true"]
      restartPolicy: Never
`;
  const [sourced] = loadManifests(text, "job.yaml").resources;

  test.each([
    { path: ["metadata", "name"], expected: { line: 4, column: 9 } },
    { path: ["metadata", "annotations", "baton.dev/depends-on"], expected: { line: 6, column: 27 } },
    { path: ["spec", "template", "spec", "containers", 0, "command"], expected: { line: 12, column: 18 } },
    { path: ["spec", "parallelism"], expected: { line: 7, column: 1 } },
    { path: ["nowhere"], expected: { line: 1, column: 1 } },
  ])("$path", ({ path, expected }) => {
    expect(sourced?.locate(path)).toEqual(expected);
  });
});

describe("formatDiagnostic", () => {
  test.each([
    { severity: "error" as const, path: "spec.parallelism", expected: "job.yaml:14:7 spec.parallelism: must be >= 0 (got -2)" },
    { severity: "warning" as const, path: "spec.parallelism", expected: "job.yaml:14:7 warning: spec.parallelism: must be >= 0 (got -2)" },
    { severity: "error" as const, path: "", expected: "job.yaml:14:7 must be >= 0 (got -2)" },
  ])("$expected", ({ severity, path, expected }) => {
    expect(formatDiagnostic({ severity, file: "job.yaml", line: 14, column: 7, path, message: "must be >= 0 (got -2)" })).toBe(expected);
  });
});
