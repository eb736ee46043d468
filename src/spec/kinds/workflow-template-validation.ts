import type { FieldPath } from "../field-path.js";
import type { IssueList } from "../issue.js";
import { cycleMessage } from "../container-graph.js";
import { dependencyCycles } from "./workflow-dag.js";
import { message, quoteList } from "../messages.js";
import { validateEnv } from "./env-validation.js";
import { validateWorkflowContainer } from "./workflow-container-validation.js";
import { validateDag } from "./workflow-dag-validation.js";
import { notSupportedMessage } from "./workflow-fields.js";
import { type TemplateContext, validateInvocation } from "./workflow-invocation-validation.js";
import { checkCount, checkDuration, validateParameters, validateRetryStrategy } from "./workflow-parameter-validation.js";
import type { RawTemplate } from "./workflow-template-schema.js";

/** Argo's validateTemplate and validateLeaf, for the template types Baton runs. */

const templateTypes = ["container", "script", "containerSet", "steps", "dag", "suspend"] as const;
const refusedTypes = {
  resource: "the local engine has no cluster to create resources in",
  http: "the local engine has no agent to make HTTP requests",
  plugin: "the local engine runs no executor plugins",
  data: "it reads artifacts, which Baton does not pass",
} as const;
type TemplateType = (typeof templateTypes)[number] | keyof typeof refusedTypes;
const leafTypes: readonly TemplateType[] = ["container", "script", "containerSet", "resource", "http", "plugin", "data"];

export function validateTemplate(template: RawTemplate, path: FieldPath, context: TemplateContext, issues: IssueList): void {
  const name = template.name ?? "";
  const refused = (Object.keys(refusedTypes) as (keyof typeof refusedTypes)[]).filter((t) => template[t] !== undefined);
  for (const type of refused) issues.error([...path, type], notSupportedMessage(type, refusedTypes[type]), "key");
  const types: TemplateType[] = [...templateTypes.filter((t) => template[t] !== undefined), ...refused];
  if (types.length === 0) {
    issues.error(path, `template ${JSON.stringify(name)} has no type: set one of ${quoteList(templateTypes)}`);
  } else if (types.length > 1) {
    issues.error(path, `template ${JSON.stringify(name)} has more than one type: ${quoteList(types)}`);
  }
  validateParameters(template.inputs?.parameters ?? [], [...path, "inputs", "parameters"], issues);
  validateOutputs(template, types[0], [...path, "outputs", "parameters"], issues);
  validateContainers(template, path, context.requireCommand, issues);
  validateTiming(template, types[0], path, issues);
  if (template.retryStrategy !== undefined) validateRetryStrategy(template.retryStrategy, [...path, "retryStrategy"], issues);
  if (template.parallelism !== undefined && template.parallelism < 0) {
    issues.error([...path, "parallelism"], message.atLeast(0, template.parallelism));
  }
  validateSteps(template, path, context, issues);
  if (template.dag !== undefined) validateDag(template.dag, [...path, "dag"], context, issues);
}

function validateSteps(template: RawTemplate, path: FieldPath, context: TemplateContext, issues: IssueList): void {
  const names = new Set<string>();
  for (const [g, group] of (template.steps ?? []).entries()) {
    for (const [i, step] of group.entries()) {
      const at = [...path, "steps", g, i];
      validateInvocation(step, at, context, issues);
      const name = step.name ?? "";
      if (name !== "" && names.has(name)) issues.error([...at, "name"], message.duplicate(name));
      names.add(name);
    }
  }
}

/** Where an output parameter's value comes from depends on the template's type (validate.go: validateOutputs). */
function validateOutputs(template: RawTemplate, type: TemplateType | undefined, path: FieldPath, issues: IssueList): void {
  const outputs = template.outputs?.parameters ?? [];
  validateParameters(outputs, path, issues);
  for (const [i, parameter] of outputs.entries()) {
    const from = parameter.valueFrom;
    const at = [...path, i];
    if (from === undefined) {
      if (parameter.value === undefined) issues.error(at, message.required(`output parameter ${JSON.stringify(parameter.name ?? "")} needs "valueFrom"`));
      continue;
    }
    if (type !== undefined && leafTypes.includes(type) && from.path === undefined) {
      issues.error([...at, "valueFrom"], message.required(`"path" for ${type} templates`));
    } else if ((type === "steps" || type === "dag") && from.parameter === undefined && from.expression === undefined) {
      issues.error([...at, "valueFrom"], message.required(`"parameter" or "expression" for ${type} templates`));
    }
  }
}

function validateContainers(template: RawTemplate, path: FieldPath, requireCommand: boolean, issues: IssueList): void {
  const main = { init: false, requireCommand, defaultName: "main" };
  if (template.container !== undefined) validateWorkflowContainer(template.container, [...path, "container"], main, issues);
  if (template.script !== undefined) {
    validateWorkflowContainer(template.script, [...path, "script"], main, issues);
    if (template.script.source === undefined) issues.error([...path, "script", "source"], message.required());
  }
  for (const [i, container] of (template.initContainers ?? []).entries()) {
    validateWorkflowContainer(container, [...path, "initContainers", i], { init: true, requireCommand }, issues);
  }
  if (template.env !== undefined) validateEnv(template.env, [...path, "env"], issues);
  const set = template.containerSet;
  if (set === undefined) return;
  const containers = set.containers ?? [];
  if (containers.length === 0) issues.error([...path, "containerSet", "containers"], message.required("a containerSet needs at least one container"));
  const names = new Set(containers.map((c) => c.name ?? ""));
  const seen = new Set<string>();
  for (const [i, container] of containers.entries()) {
    const at = [...path, "containerSet", "containers", i];
    validateWorkflowContainer(container, at, { init: false, requireCommand }, issues);
    if (container.name !== undefined && seen.has(container.name)) issues.error([...at, "name"], message.duplicate(container.name));
    seen.add(container.name ?? "");
    for (const [j, dependency] of (container.dependencies ?? []).entries()) {
      if (!names.has(dependency)) issues.error([...at, "dependencies", j], `container ${JSON.stringify(dependency)} not found`);
    }
  }
  const graph = new Map(containers.map((c) => [c.name ?? "", c.dependencies ?? []]));
  for (const cycle of dependencyCycles([...graph.keys()], graph)) issues.error([...path, "containerSet", "containers"], cycleMessage(cycle));
  // Argo: inputs and outputs of a containerSet belong to its container named main.
  if (!names.has("main")) {
    for (const [i, p] of (template.outputs?.parameters ?? []).entries()) {
      if (p.valueFrom?.path !== undefined) issues.error([...path, "outputs", "parameters", i, "valueFrom", "path"], "a containerSet's outputs are read from its container named \"main\", and it has none");
    }
  }
  const retry = set.retryStrategy;
  if (retry?.retries !== undefined) checkCount(retry.retries, [...path, "containerSet", "retryStrategy", "retries"], issues);
  else if (retry !== undefined) issues.error([...path, "containerSet", "retryStrategy", "retries"], message.required());
  if (retry?.duration !== undefined) checkDuration(retry.duration, [...path, "containerSet", "retryStrategy", "duration"], issues);
}

function validateTiming(template: RawTemplate, type: TemplateType | undefined, path: FieldPath, issues: IssueList): void {
  if (template.activeDeadlineSeconds !== undefined) checkCount(template.activeDeadlineSeconds, [...path, "activeDeadlineSeconds"], issues);
  if (template.timeout !== undefined) {
    checkDuration(template.timeout, [...path, "timeout"], issues);
    if (type !== undefined && !leafTypes.includes(type)) issues.error([...path, "timeout"], `only container, script and containerSet templates support "timeout" (this one is ${type})`);
  }
  const duration = template.suspend?.duration;
  if (duration !== undefined) checkDuration(duration, [...path, "suspend", "duration"], issues);
}
