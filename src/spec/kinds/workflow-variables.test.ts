import { describe, expect, test } from "vitest";
import { echo, problems, workflow } from "./workflow-test-fixtures.js";

/** A workflow whose entrypoint `main` is `main` (YAML, one template item), with leaf templates beside it. */
const check = (main: string, args = "") =>
  problems(workflow(`entrypoint: main\n${args}templates:\n${main}\n${echo("leaf")}\n${echo("takes", "echo {{inputs.parameters.m}}", "[{name: m}]")}`));

describe("known variables load", () => {
  test.each([
    { name: "inputs and workflow fields in a container", main: echo("main", "echo {{inputs.parameters.x}} {{workflow.name}} {{workflow.namespace}} {{workflow.uid}} {{pod.name}} {{node.name}} {{inputs.parameters}}", "[{name: x, value: v}]") },
    { name: "workflow parameters, labels, annotations, timestamps", main: echo("main", "{{workflow.parameters.p}} {{workflow.parameters}} {{workflow.labels.team}} {{workflow.annotations.a}} {{workflow.creationTimestamp.RFC3339}} {{workflow.creationTimestamp.Y}} {{workflow.mainEntrypoint}} {{workflow.duration}}") },
    { name: "global outputs are dynamic", main: echo("main", "{{workflow.outputs.parameters.anything}}") },
    { name: "workflow.status and failures anywhere", main: echo("main", "{{workflow.status}} {{workflow.failures}}") },
    { name: "a CronWorkflow's scheduled time (Argo's linter accepts it in any workflow)", main: echo("main", "{{workflow.scheduledTime}}") },
    { name: "retries with a retryStrategy", main: `${echo("main", "echo {{retries}}")}\n  retryStrategy: {limit: 2}` },
    { name: "an expression tag", main: echo("main", "{{=sprig.upper(workflow.parameters.p)}} {{=asInt(inputs.parameters.x) + 1}}", "[{name: x, value: '1'}]") },
    { name: "someone else's template", main: echo("main", "{{ .Values.x }} {{ custom }}") },
    {
      name: "earlier steps, loops over maps",
      main: `- name: main
  steps:
  - - {name: a, template: leaf}
  - - {name: b, template: takes, arguments: {parameters: [{name: m, value: "{{steps.a.outputs.result}} {{item.os}}"}]}, withItems: [{os: linux}], when: "{{item.os}} == linux"}
  - - {name: c, template: takes, arguments: {parameters: [{name: m, value: "{{steps.b.outputs.parameters.x}} {{steps.a.exitCode}} {{steps.a.status}}"}]}}
  outputs:
    parameters: [{name: o, valueFrom: {parameter: "{{steps.c.outputs.result}}", expression: "steps.a.outputs.result"}}]`,
    },
    {
      name: "ancestor tasks",
      main: `- name: main
  dag:
    tasks:
    - {name: a, template: leaf}
    - {name: b, template: leaf, depends: a}
    - {name: c, template: takes, depends: "b.Succeeded", arguments: {parameters: [{name: m, value: "{{tasks.a.outputs.result}}"}]}}`,
    },
    {
      name: "the retry expression reads lastRetry",
      main: `${echo("main")}\n  retryStrategy: {limit: 2, expression: "asInt(lastRetry.exitCode) > 1 && lastRetry.status == 'Failed'"}`,
    },
  ])("$name", ({ main }) => {
    expect(check(main, "arguments: {parameters: [{name: p, value: v}]}\n")).toEqual([]);
  });
});

describe("unknown variables are errors at their field", () => {
  test.each([
    {
      name: "a misspelt input",
      main: echo("main", "echo {{inputs.parameters.mesage}}", "[{name: message, value: hi}]"),
      expected: ['spec.templates[0].container.args[0]: unknown variable "inputs.parameters.mesage"'],
    },
    { name: "an undeclared workflow parameter", main: echo("main", "{{workflow.parameters.nope}}"), expected: ['spec.templates[0].container.args[0]: unknown variable "workflow.parameters.nope"'] },
    { name: "a workflow field Argo does not have", main: echo("main", "{{workflow.colour}}"), expected: ['spec.templates[0].container.args[0]: unknown variable "workflow.colour"'] },
    { name: "retries without a retryStrategy", main: echo("main", "{{retries}}"), expected: ['spec.templates[0].container.args[0]: unknown variable "retries"'] },
    { name: "item outside a loop", main: `- name: main\n  steps: [[{name: a, template: takes, arguments: {parameters: [{name: m, value: "{{item}}"}]}}]]`, expected: ['spec.templates[0].steps[0][0].arguments.parameters[0].value: unknown variable "item"'] },
    { name: "pod.name in a steps template", main: `- name: main\n  steps: [[{name: a, template: takes, arguments: {parameters: [{name: m, value: "{{pod.name}}"}]}}]]`, expected: ['spec.templates[0].steps[0][0].arguments.parameters[0].value: unknown variable "pod.name"'] },
    {
      name: "a step of the same group",
      main: `- name: main\n  steps: [[{name: a, template: leaf}, {name: b, template: takes, arguments: {parameters: [{name: m, value: "{{steps.a.outputs.result}}"}]}}]]`,
      expected: ['spec.templates[0].steps[0][1].arguments.parameters[0].value: unknown variable "steps.a.outputs.result": step "a" runs in the same group, not before this one'],
    },
    {
      name: "a step of a later group",
      main: `- name: main\n  steps: [[{name: a, template: leaf, when: "{{steps.b.status}} == x"}], [{name: b, template: leaf}]]`,
      expected: ['spec.templates[0].steps[0][0].when: unknown variable "steps.b.status": step "b" runs in a later group'],
    },
    { name: "a step that does not exist", main: `- name: main\n  steps: [[{name: a, template: leaf}], [{name: b, template: leaf, when: "{{steps.z.status}} == x"}]]`, expected: ['spec.templates[0].steps[1][0].when: unknown variable "steps.z.status"'] },
    {
      name: "a task that is not an ancestor",
      main: `- name: main\n  dag:\n    tasks:\n    - {name: a, template: leaf}\n    - {name: b, template: takes, arguments: {parameters: [{name: m, value: "{{tasks.a.outputs.result}}"}]}}`,
      expected: ['spec.templates[0].dag.tasks[1].arguments.parameters[0].value: unknown variable "tasks.a.outputs.result": task "a" is not a dependency of "b"'],
    },
    { name: "lastRetry outside the retry expression", main: echo("main", "{{lastRetry.exitCode}}"), expected: ['spec.templates[0].container.args[0]: unknown variable "lastRetry.exitCode"'] },
    { name: "an expression reading an unknown input", main: echo("main", "{{=inputs.parameters.x + 1}}"), expected: ['spec.templates[0].container.args[0]: unknown variable "inputs.parameters.x"'] },
    {
      name: "an output expression reading an unknown step",
      main: `- name: main\n  steps: [[{name: a, template: leaf}]]\n  outputs: {parameters: [{name: o, valueFrom: {expression: "steps.b.outputs.result"}}]}`,
      expected: ['spec.templates[0].outputs.parameters[0].valueFrom.expression: unknown variable "steps.b.outputs.result"'],
    },
    { name: "an unterminated tag", main: echo("main", "echo {{inputs"), expected: ['spec.templates[0].container.args[0]: unterminated "{{" at column 6'] },
  ])("$name", ({ main, expected }) => {
    expect(check(main)).toEqual(expected);
  });
});
