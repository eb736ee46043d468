import { describe, expect, test } from "vitest";
import { echo, problems, workflow } from "./workflow-test-fixtures.js";

const leaf = echo("leaf");
const check = (spec: string, kind: "Workflow" | "WorkflowTemplate" = "Workflow") => problems(workflow(spec, kind));

describe("the spec", () => {
  test.each([
    { name: "entrypoint is required", spec: `templates:\n${leaf}`, expected: ["spec.entrypoint: Required value"] },
    { name: "entrypoint names a template", spec: `entrypoint: nope\ntemplates:\n${leaf}`, expected: ['spec.entrypoint: template "nope" not found'] },
    { name: "onExit names a template", spec: `entrypoint: leaf\nonExit: gone\ntemplates:\n${leaf}`, expected: ['spec.onExit: template "gone" not found'] },
    {
      name: "templates are required",
      spec: "entrypoint: main",
      expected: ["spec.templates: Required value: a workflow needs at least one template", 'spec.entrypoint: template "main" not found'],
    },
    {
      name: "template names are unique",
      spec: `entrypoint: leaf\ntemplates:\n${leaf}\n${leaf}`,
      expected: ['spec.templates[1].name: Duplicate value: "leaf"'],
    },
    {
      name: "template names are Argo field names",
      spec: `entrypoint: leaf\ntemplates:\n${leaf}\n${echo("-bad_name")}`,
      expected: [
        `spec.templates[1].name: Invalid value: "-bad_name": must consist of alphanumeric characters or '-', and must start with an alphanumeric character (regex used for validation is '[a-zA-Z0-9][-a-zA-Z0-9]*')`,
      ],
    },
    {
      name: "workflow arguments are unique and need a value",
      spec: `entrypoint: leaf\narguments: {parameters: [{name: a, value: "1"}, {name: a, value: "2"}, {name: b}]}\ntemplates:\n${leaf}`,
      expected: ['spec.arguments.parameters[1].name: Duplicate value: "a"', 'spec.arguments.parameters[2]: Required value: parameter "b" needs a value'],
    },
    {
      name: "a value outside its enum",
      spec: `entrypoint: leaf\narguments: {parameters: [{name: a, value: four, enum: [one, two]}]}\ntemplates:\n${leaf}`,
      expected: ['spec.arguments.parameters[0].value: Unsupported value: "four": supported values: "one", "two"'],
    },
    {
      name: "the entrypoint's inputs must be supplied",
      spec: `entrypoint: leaf\ntemplates:\n${echo("leaf", "echo", "[{name: m}]")}`,
      expected: ['spec.entrypoint: input parameter "m" of template "leaf" was not supplied'],
    },
    {
      name: "workflow hooks other than exit",
      spec: `entrypoint: leaf\nhooks: {running: {template: leaf, expression: "true"}}\ntemplates:\n${leaf}`,
      expected: ["spec.hooks.running: lifecycle hooks other than exit are not supported by Baton"],
    },
    {
      name: "workflowTemplateRef with templates",
      spec: `workflowTemplateRef: {name: lib}\ntemplates:\n${leaf}`,
      expected: ['spec.templates: may not be set together with "workflowTemplateRef"'],
    },
  ])("$name", ({ spec, expected }) => {
    expect(check(spec)).toEqual(expected);
  });

  test("a WorkflowTemplate may leave out the entrypoint and argument values", () => {
    expect(check(`arguments: {parameters: [{name: b}]}\ntemplates:\n${leaf}`, "WorkflowTemplate")).toEqual([]);
  });

  test("metadata needs a name or generateName", () => {
    expect(problems(workflow(`entrypoint: leaf\ntemplates:\n${leaf}`, "Workflow", "labels: {}"))).toEqual([
      "metadata.name: Required value: name or generateName is required",
    ]);
  });
});

describe("templates", () => {
  test.each([
    {
      name: "no type",
      templates: "- name: leaf\n  inputs: {parameters: []}",
      expected: ['spec.templates[0]: template "leaf" has no type: set one of "container", "script", "containerSet", "steps", "dag", "suspend"'],
    },
    {
      name: "two types",
      templates: "- name: leaf\n  container: {command: [\"true\"]}\n  suspend: {}",
      expected: ['spec.templates[0]: template "leaf" has more than one type: "container", "suspend"'],
    },
    {
      name: "a resource template",
      templates: "- name: leaf\n  resource: {action: create}",
      expected: ['spec.templates[0].resource: "resource" is not supported by Baton: the local engine has no cluster to create resources in'],
    },
    {
      name: "a container without command",
      templates: "- name: leaf\n  container: {image: busybox}",
      expected: [
        `spec.templates[0].container.command: container "main" has no command; the local engine runs commands on the host and cannot use the image's entrypoint`,
      ],
    },
    {
      name: "a script without source",
      templates: "- name: leaf\n  script: {image: python, command: [python]}",
      expected: ["spec.templates[0].script.source: Required value"],
    },
    {
      name: "input names are unique",
      templates: echo("leaf", "echo", "[{name: a, value: x}, {name: a, value: y}]"),
      expected: ['spec.templates[0].inputs.parameters[1].name: Duplicate value: "a"'],
    },
    {
      name: "an input default outside its enum",
      templates: echo("leaf", "echo", "[{name: a, default: c, enum: [a, b]}]"),
      expected: ['spec.templates[0].inputs.parameters[0].default: Unsupported value: "c": supported values: "a", "b"'],
    },
    {
      name: "an output of a container needs a path",
      templates: `${leaf}\n  outputs: {parameters: [{name: o, valueFrom: {parameter: x}}]}`,
      expected: ['spec.templates[0].outputs.parameters[0].valueFrom: Required value: "path" for container templates'],
    },
    {
      name: "a retry policy Argo does not know",
      templates: `${leaf}\n  retryStrategy: {retryPolicy: Sometimes, limit: -1, backoff: {duration: soon, factor: x}}`,
      expected: [
        'spec.templates[0].retryStrategy.retryPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "OnError", "OnTransientError"',
        "spec.templates[0].retryStrategy.limit: Invalid value: -1: must be an integer >= 0 or a {{…}} reference",
        'spec.templates[0].retryStrategy.backoff.duration: Invalid value: "soon": must be a duration such as "10s", "2m" or "1h", or a number of seconds',
        'spec.templates[0].retryStrategy.backoff.factor: Invalid value: "x": must be a number',
      ],
    },
    {
      name: "a containerSet's containers wait for containers it has, never in a cycle",
      templates: `- name: leaf
  containerSet:
    containers:
    - {name: a, command: ["true"], dependencies: [c]}
    - {name: b, command: ["true"], dependencies: [a, nope]}
    - {name: c, command: ["true"], dependencies: [b]}`,
      expected: [
        "spec.templates[0].containerSet.containers: dependency cycle: a → c → b → a",
        'spec.templates[0].containerSet.containers[1].dependencies[1]: container "nope" not found',
      ],
    },
    {
      name: "a containerSet's outputs need its container named main; retries are a count",
      templates: `- name: leaf
  containerSet:
    containers: [{name: a, command: ["true"]}]
    retryStrategy: {retries: many, duration: soon}
  outputs: {parameters: [{name: o, valueFrom: {path: /tmp/o}}]}`,
      expected: [
        'spec.templates[0].containerSet.retryStrategy.retries: Invalid value: "many": must be an integer >= 0 or a {{…}} reference',
        'spec.templates[0].containerSet.retryStrategy.duration: Invalid value: "soon": must be a duration such as "10s", "2m" or "1h", or a number of seconds',
        'spec.templates[0].outputs.parameters[0].valueFrom.path: a containerSet\'s outputs are read from its container named "main", and it has none',
      ],
    },
    {
      name: "timeout only on leaf templates",
      templates: `- name: leaf\n  timeout: 10s\n  steps: [[{name: a, template: b}]]\n${echo("b")}`,
      expected: ['spec.templates[0].timeout: only container, script and containerSet templates support "timeout" (this one is steps)'],
    },
    {
      name: "a deadline that is neither a number nor a reference",
      templates: `${leaf}\n  activeDeadlineSeconds: soon`,
      expected: ['spec.templates[0].activeDeadlineSeconds: Invalid value: "soon": must be an integer >= 0 or a {{…}} reference'],
    },
  ])("$name", ({ templates, expected }) => {
    expect(check(`entrypoint: leaf\ntemplates:\n${templates}`)).toEqual(expected);
  });
});

describe("fields Baton does not run", () => {
  test.each([
    { field: "daemon: true", expected: ['spec.templates[0].daemon: "daemon" is not supported by Baton: a daemoned step would outlive its step'] },
    { field: "sidecars: []", expected: ['spec.templates[0].sidecars: "sidecars" is not supported by Baton: the local engine runs no sidecars'] },
    {
      field: "outputs: {artifacts: [{name: a, path: /tmp/a}]}",
      expected: ['spec.templates[0].outputs.artifacts: "artifacts" is not supported by Baton: Baton passes parameters between steps, not files'],
    },
    { field: "nodeSelector: {disk: ssd}", expected: ['warning: spec.templates[0].nodeSelector: "nodeSelector" has no effect on the local engine, which runs commands on the host'] },
    { field: "serviceAccountName: robot", expected: ['warning: spec.templates[0].serviceAccountName: "serviceAccountName" has no effect on the local engine, which runs commands on the host'] },
    { field: "colour: blue", expected: ['warning: spec.templates[0].colour: unknown field "colour"'] },
  ])("$field", ({ field, expected }) => {
    expect(check(`entrypoint: leaf\ntemplates:\n${leaf}\n  ${field}`)).toEqual(expected);
  });

  test("a mounted volume is refused", () => {
    const templates = "- name: leaf\n  container: {command: [\"true\"], volumeMounts: [{name: v, mountPath: /v}]}";
    expect(check(`entrypoint: leaf\ntemplates:\n${templates}`)).toEqual([
      'spec.templates[0].container.volumeMounts: "volumeMounts" is not supported by Baton: the local engine runs commands on the host, without volumes',
    ]);
  });
});

/** A steps template `main` with the given steps (YAML flow sequences of step groups) and the leaf template. */
const steps = (groups: string, extra = "") => check(`entrypoint: main\ntemplates:\n- name: main\n  steps: ${groups}\n${leaf}\n${extra}`);

describe("steps", () => {
  test.each([
    { name: "template or templateRef, not neither", groups: "[[{name: a}]]", expected: ['spec.templates[0].steps[0][0].template: Required value: one of "template" or "templateRef"'] },
    {
      name: "template or templateRef, not both",
      groups: "[[{name: a, template: leaf, templateRef: {name: lib, template: t}}]]",
      expected: ['spec.templates[0].steps[0][0].templateRef: may not be set together with "template"'],
    },
    { name: "an unknown template", groups: "[[{name: a, template: missing}]]", expected: ['spec.templates[0].steps[0][0].template: template "missing" not found'] },
    { name: "step names are unique in the template", groups: "[[{name: a, template: leaf}], [{name: a, template: leaf}]]", expected: ['spec.templates[0].steps[1][0].name: Duplicate value: "a"'] },
    {
      name: "step names are Argo field names",
      groups: "[[{name: a.b, template: leaf}]]",
      expected: [
        `spec.templates[0].steps[0][0].name: Invalid value: "a.b": must consist of alphanumeric characters or '-', and must start with an alphanumeric character (regex used for validation is '[a-zA-Z0-9][-a-zA-Z0-9]*')`,
      ],
    },
    {
      name: "one loop at a time",
      groups: '[[{name: a, template: leaf, withItems: [1], withParam: "[1]"}]]',
      expected: ["spec.templates[0].steps[0][0].withParam: only one of withItems, withParam and withSequence may be set"],
    },
    {
      name: "withSequence with count and end",
      groups: "[[{name: a, template: leaf, withSequence: {count: 3, end: 5}}]]",
      expected: ['spec.templates[0].steps[0][0].withSequence.end: may not be set together with "count"'],
    },
    {
      name: "withSequence with neither count nor end",
      groups: "[[{name: a, template: leaf, withSequence: {start: 1}}]]",
      expected: ['spec.templates[0].steps[0][0].withSequence: Required value: one of "count" or "end"'],
    },
    {
      name: "hooks other than exit",
      groups: '[[{name: a, template: leaf, hooks: {running: {template: leaf, expression: "true"}}}]]',
      expected: ["spec.templates[0].steps[0][0].hooks.running: lifecycle hooks other than exit are not supported by Baton"],
    },
    { name: "an exit hook names a template", groups: "[[{name: a, template: leaf, hooks: {exit: {template: gone}}}]]", expected: ['spec.templates[0].steps[0][0].hooks.exit.template: template "gone" not found'] },
    { name: "a step's onExit names a template", groups: "[[{name: a, template: leaf, onExit: gone}]]", expected: ['spec.templates[0].steps[0][0].onExit: template "gone" not found'] },
    {
      name: "arguments need values",
      groups: "[[{name: a, template: leaf, arguments: {parameters: [{name: x}]}}]]",
      expected: ['spec.templates[0].steps[0][0].arguments.parameters[0]: Required value: parameter "x" needs a value'],
    },
    {
      name: "an input of the template is not supplied",
      groups: "[[{name: a, template: needs}]]",
      expected: ['spec.templates[0].steps[0][0].arguments: input parameter "m" of template "needs" was not supplied'],
    },
  ])("$name", ({ groups, expected }) => {
    expect(steps(groups, echo("needs", "echo {{inputs.parameters.m}}", "[{name: m}]"))).toEqual(expected);
  });
});

/** A DAG template `main` with the given tasks (YAML flow sequence). */
const dag = (tasks: string, extra = "") => check(`entrypoint: main\ntemplates:\n- name: main\n  dag:\n    ${extra}tasks: ${tasks}\n${leaf}`);

describe("DAG", () => {
  test.each([
    {
      name: "dependencies and depends",
      tasks: '[{name: a, template: leaf}, {name: b, template: leaf, dependencies: [a], depends: "a"}]',
      expected: ['spec.templates[0].dag.tasks[1].depends: may not be set together with "dependencies"'],
    },
    { name: "an unknown dependency", tasks: "[{name: a, template: leaf, dependencies: [z]}]", expected: ['spec.templates[0].dag.tasks[0].dependencies[0]: task "z" not found'] },
    {
      name: "an unknown task in depends",
      tasks: '[{name: a, template: leaf}, {name: b, template: leaf, depends: "a.Succeeded || z"}]',
      expected: ['spec.templates[0].dag.tasks[1].depends: task "z" not found'],
    },
    {
      name: "depends that does not parse",
      tasks: '[{name: a, template: leaf}, {name: b, template: leaf, depends: "a &&"}]',
      expected: ['spec.templates[0].dag.tasks[1].depends: Invalid value: "a &&": unexpected end of depends "a &&"'],
    },
    { name: "task names are unique", tasks: "[{name: a, template: leaf}, {name: a, template: leaf}]", expected: ['spec.templates[0].dag.tasks[1].name: Duplicate value: "a"'] },
    { name: "a task that depends on itself", tasks: "[{name: a, template: leaf, dependencies: [a]}]", expected: ["spec.templates[0].dag.tasks[0].dependencies: dependency cycle: a → a"] },
    {
      name: "a cycle through depends",
      tasks: '[{name: a, template: leaf, depends: "c"}, {name: b, template: leaf, depends: "a"}, {name: c, template: leaf, depends: "b.Succeeded"}]',
      expected: ["spec.templates[0].dag.tasks[0].depends: dependency cycle: a → c → b → a"],
    },
    { name: "a DAG needs tasks", tasks: "[]", expected: ["spec.templates[0].dag.tasks: Required value: a DAG needs at least one task"] },
  ])("$name", ({ tasks, expected }) => {
    expect(dag(tasks)).toEqual(expected);
  });

  test("target names tasks", () => {
    expect(dag("[{name: a, template: leaf}]", "target: a z\n    ")).toEqual(['spec.templates[0].dag.target: task "z" not found']);
  });
});
