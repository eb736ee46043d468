import { describe, expect, test } from "vitest";
import { formatDiagnostic, loadManifests } from "./index.js";
import { readYamlSubset } from "./yaml-subset.js";

/**
 * A file in the YAML subset is read without positions, and the `yaml` library finds them only when a
 * diagnostic needs one. The same file with Windows line ends is outside the subset, so the library reads
 * it from the start: both must say the same, at the same places.
 */
const job = (fields: string) => `apiVersion: batch/v1
kind: Job
metadata:
  name: j
spec:
${fields}  template:
    spec:
      restartPolicy: Never
      containers:
      - {name: main, command: ["true"]}
`;

const workflow = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: w}
spec:
  entrypoint: main
  templates:
  - name: main
    dag:
      tasks:
      - {name: a, template: leaf, dependencies: [b]}
      - {name: b, template: leaf, dependencies: [a]}
      - {name: c, template: missing, colour: blue}
  - name: leaf
    container: {image: busybox, command: ["true"]}
`;

const list = `apiVersion: v1
kind: List
items:
- apiVersion: batch/v1
  kind: Job
  metadata: {name: in-list}
  spec:
    completions: -1
    template:
      spec: {restartPolicy: Never, containers: [{name: main, command: ["true"]}]}
`;

const cases = [
  { name: "bad values and an unknown field", text: job("  parallelism: -2\n  completions: three\n  colour: blue\n") },
  { name: "a DAG with a cycle and a missing template", text: workflow },
  { name: "several documents, one of them fine", text: [job(""), job("  backoffLimit: -1\n"), workflow].join("---\n") },
  { name: "an item of a List", text: list },
  { name: "two resources of one name", text: [job(""), job("")].join("---\n") },
];

function summary(text: string) {
  const { resources, diagnostics } = loadManifests(text, "f.yaml");
  return {
    diagnostics: diagnostics.map(formatDiagnostic),
    resources: resources.map((r) => ({ name: r.resource.metadata.name, index: r.documentIndex, line: r.line, column: r.column, spec: r.locate(["spec"]), missing: r.locate(["spec", "nothing", 3]) })),
  };
}

describe("positions found late are the positions the yaml library gives", () => {
  test.each(cases)("$name", ({ text }) => {
    expect(readYamlSubset(text)).toBeDefined();
    expect(readYamlSubset(text.replaceAll("\n", "\r\n"))).toBeUndefined();
    const fast = summary(text);
    expect(fast.diagnostics.length + fast.resources.length).toBeGreaterThan(0);
    expect(fast).toEqual(summary(text.replaceAll("\n", "\r\n")));
  });
});
