// The shared conformance cases live beside the project (../shared); tests may read them from disk.
// eslint-disable-next-line no-restricted-imports
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import type { Workflow } from "../../model/index.js";
import { formatDiagnostic, loadManifests } from "../index.js";
import { echo, problems, workflow } from "./workflow-test-fixtures.js";

const casesDir = new URL("../../../../shared/conformance/cases/", import.meta.url);
const cases = existsSync(casesDir) ? readdirSync(casesDir) : [];
const load = (name: string) => loadManifests(readFileSync(new URL(`${name}/spec.yaml`, casesDir), "utf8"), "spec.yaml", { requireCommand: true });

describe.skipIf(cases.length === 0)("workflow conformance cases", () => {
  const workflowCases = cases.filter((c) => /^0(05|16|17|18|19|20|21|22|28)-/.test(c));

  test("all nine are there", () => expect(workflowCases).toHaveLength(9));

  test.each(workflowCases)("%s loads without errors", (name) => {
    const { resources, diagnostics } = load(name);
    expect(diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(resources.map((r) => r.resource.kind)).toEqual(["Workflow"]);
  });

  test("024: the cycle is named with its tasks", () => {
    const found = load(cases.find((c) => c.startsWith("024-")) ?? "024").diagnostics.map(formatDiagnostic);
    expect(found).toEqual(["spec.yaml:14:23 spec.templates[0].dag.tasks[1].dependencies: dependency cycle: second → third → second"]);
  });

  test("025: the missing template is named", () => {
    const found = load(cases.find((c) => c.startsWith("025-")) ?? "025").diagnostics.map(formatDiagnostic);
    expect(found).toEqual(['spec.yaml:13:19 spec.templates[0].steps[1][0].template: template "does-not-exist" not found']);
  });
});

/** Argo's own examples (argoproj/argo-workflows/examples), trimmed to what Baton runs. */
const argoExamples = {
  "dag-diamond": `
entrypoint: diamond
templates:
- name: diamond
  dag:
    tasks:
    - {name: A, template: echo, arguments: {parameters: [{name: message, value: A}]}}
    - {name: B, depends: "A", template: echo, arguments: {parameters: [{name: message, value: B}]}}
    - {name: C, depends: "A", template: echo, arguments: {parameters: [{name: message, value: C}]}}
    - {name: D, depends: "B && C", template: echo, arguments: {parameters: [{name: message, value: D}]}}
${echo("echo", "echo {{inputs.parameters.message}}", "[{name: message}]")}`,
  coinflip: `
entrypoint: coinflip
templates:
- name: coinflip
  steps:
  - - {name: flip-coin, template: flip-coin}
  - - {name: heads, template: heads, when: "{{steps.flip-coin.outputs.result}} == heads"}
    - {name: tails, template: coinflip, when: "{{steps.flip-coin.outputs.result}} == tails"}
- name: flip-coin
  script:
    image: python:alpine3.6
    command: [python]
    source: |
      import random
      print("heads" if random.randint(0, 1) == 0 else "tails")
${echo("heads", "echo it was heads")}`,
  "loops-maps": `
entrypoint: loop-map-example
templates:
- name: loop-map-example
  steps:
  - - name: test-linux
      template: cat-os-release
      arguments:
        parameters:
        - {name: image, value: "{{item.image}}"}
        - {name: tag, value: "{{item.tag}}"}
      withItems:
      - {image: debian, tag: "9.1"}
      - {image: ubuntu, tag: "17.10"}
- name: cat-os-release
  inputs:
    parameters: [{name: image}, {name: tag}]
  container:
    image: "{{inputs.parameters.image}}:{{inputs.parameters.tag}}"
    command: [cat]
    args: [/etc/os-release]`,
  "loops-param": `
entrypoint: loop-param-result-example
templates:
- name: loop-param-result-example
  steps:
  - - {name: generate, template: gen-number-list}
  - - name: sleep
      template: sleep-n-sec
      arguments: {parameters: [{name: seconds, value: "{{item}}"}]}
      withParam: "{{steps.generate.outputs.result}}"
- name: gen-number-list
  script:
    image: python:alpine3.6
    command: [python]
    source: |
      import json
      json.dump([i for i in range(20, 31)], sys.stdout)
${echo("sleep-n-sec", "sleep {{inputs.parameters.seconds}}", "[{name: seconds}]")}`,
  "loops-sequence": `
entrypoint: loops-sequence
templates:
- name: loops-sequence
  dag:
    tasks:
    - {name: count, template: echo, arguments: {parameters: [{name: msg, value: "{{item}}"}]}, withSequence: {count: "5"}}
    - {name: range, template: echo, arguments: {parameters: [{name: msg, value: "{{item}}"}]}, withSequence: {start: 100, end: 105, format: "%02X"}}
${echo("echo", "echo {{inputs.parameters.msg}}", "[{name: msg}]")}`,
  "retry-backoff": `
entrypoint: retry-backoff
templates:
- name: retry-backoff
  retryStrategy:
    limit: 10
    retryPolicy: "Always"
    backoff: {duration: "1", factor: 2, maxDuration: "1m"}
    expression: asInt(lastRetry.exitCode) > 1
  container:
    image: python:alpine3.6
    command: ["python", -c]
    args: ["import random; import sys; exit_code = random.choice([0, 1, 1]); sys.exit(exit_code)"]`,
  "exit-handlers": `
entrypoint: intentional-fail
onExit: exit-handler
templates:
${echo("intentional-fail", "exit 1")}
- name: exit-handler
  steps:
  - - {name: notify, template: send-email}
    - {name: celebrate, template: celebrate, when: "{{workflow.status}} == Succeeded"}
    - {name: cry, template: cry, when: "{{workflow.status}} != Succeeded"}
${echo("send-email", "echo send e-mail: {{workflow.name}} {{workflow.status}} {{workflow.duration}}. Failed steps {{workflow.failures}}")}
${echo("celebrate", "echo hooray!")}
${echo("cry", "echo boohoo!")}`,
  "output-parameter": `
entrypoint: output-parameter
templates:
- name: output-parameter
  steps:
  - - {name: generate-parameter, template: hello-world-to-file}
  - - name: consume-parameter
      template: print-message
      arguments: {parameters: [{name: message, value: "{{steps.generate-parameter.outputs.parameters.hello-param}}"}]}
  outputs:
    parameters:
    - name: final
      valueFrom: {parameter: "{{steps.generate-parameter.outputs.parameters.hello-param}}"}
- name: hello-world-to-file
  container: {image: busybox, command: [sh, -c], args: ["echo -n hello world > /tmp/hello_world.txt"]}
  outputs:
    parameters:
    - name: hello-param
      valueFrom: {default: "Foobar", path: /tmp/hello_world.txt}
      globalName: hello
${echo("print-message", "echo {{inputs.parameters.message}} {{workflow.outputs.parameters.hello}}", "[{name: message}]")}`,
  "parameters-enum": `
entrypoint: print-message
arguments:
  parameters:
  - {name: message, value: one, enum: [one, two, three]}
  - {name: count, value: 3}
templates:
${echo("print-message", "echo {{inputs.parameters.message}} {{workflow.parameters.count}}", "[{name: message, value: '{{workflow.parameters.message}}'}]")}`,
};

describe("Argo's examples load", () => {
  test.each(Object.entries(argoExamples))("%s", (_name, spec) => {
    expect(problems(workflow(spec))).toEqual([]);
  });

  test("templateRef and workflowTemplateRef load (the plan step resolves them)", () => {
    const template = workflow(`templates:\n${echo("print", "echo {{inputs.parameters.m}}", "[{name: m}]")}`, "WorkflowTemplate", "name: library");
    const byRef = workflow(`
entrypoint: main
templates:
- name: main
  steps:
  - - {name: call, templateRef: {name: library, template: print}, arguments: {parameters: [{name: m, value: hi}]}}`);
    const whole = workflow("workflowTemplateRef: {name: library}\narguments: {parameters: [{name: m, value: hi}]}");
    expect(problems([template, byRef, whole].join("---\n"))).toEqual([]);
  });
});

describe("defaults", () => {
  const loaded = (spec: string) => {
    const [sourced] = loadManifests(workflow(spec), "wf.yaml").resources;
    return (sourced?.resource as Workflow).spec;
  };

  test("parameter lists, metadata, the main container, retry policy, strings from YAML numbers", () => {
    const spec = loaded(`
entrypoint: main
arguments: {parameters: [{name: n, value: 3}, {name: b, value: true}]}
templates:
- name: main
  activeDeadlineSeconds: 30
  retryStrategy: {limit: 2}
  steps:
  - - {name: a, template: leaf, withItems: [1, {os: linux}]}
- name: leaf
  container: {command: ["true"]}`);
    expect(spec.arguments).toEqual({ parameters: [{ name: "n", value: "3" }, { name: "b", value: "true" }] });
    const [main, leaf] = spec.templates;
    expect(main).toEqual({
      name: "main",
      inputs: { parameters: [] },
      outputs: { parameters: [] },
      metadata: { labels: {}, annotations: {} },
      activeDeadlineSeconds: "30",
      retryStrategy: { limit: "2", retryPolicy: "OnFailure" },
      steps: [[{ name: "a", template: "leaf", arguments: { parameters: [] }, withItems: [1, { os: "linux" }] }]],
    });
    expect(leaf?.container).toEqual({ name: "main", command: ["true"] });
  });

  test("the exit hook of the workflow is its onExit", () => {
    expect(loaded(`entrypoint: a\nhooks: {exit: {template: a}}\ntemplates:\n${echo("a")}`).onExit).toBe("a");
  });

  test("metadata.namespace defaults, generateName is kept", () => {
    const [sourced] = loadManifests(workflow(`entrypoint: a\ntemplates:\n${echo("a")}`), "wf.yaml").resources;
    expect(sourced?.resource.metadata).toEqual({ name: "", generateName: "wf-", namespace: "default", uid: "", labels: {}, annotations: {} });
  });
});
