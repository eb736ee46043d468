import type { FieldPath } from "../field-path.js";
import type { IssueList } from "../issue.js";
import { message } from "../messages.js";
import { notSupportedMessage } from "./workflow-fields.js";
import { checkWorkflowFieldName } from "./workflow-names.js";
import { checkCount, validateArgumentValues, validateParameters } from "./workflow-parameter-validation.js";
import type { RawArguments, RawInvocation, RawTemplate, RawTemplateRef } from "./workflow-template-schema.js";

/** Argo's rules for what a step or DAG task runs (validate.go: validateSteps, validateDAG, validateTemplateHolder). */

export interface TemplateContext {
  /** The workflow's templates by name. */
  readonly templates: ReadonlyMap<string, RawTemplate>;
  readonly requireCommand: boolean;
}

/** A name that must be one of the workflow's templates. */
export function checkTemplateName(name: string, path: FieldPath, context: TemplateContext, issues: IssueList): void {
  if (!context.templates.has(name)) issues.error(path, `template ${JSON.stringify(name)} not found`);
}

export function validateInvocation(invocation: RawInvocation, path: FieldPath, context: TemplateContext, issues: IssueList): void {
  const name = invocation.name ?? "";
  if (name === "") issues.error([...path, "name"], message.required());
  else for (const problem of checkWorkflowFieldName(name)) issues.error([...path, "name"], message.invalid(name, problem));
  validateTarget(invocation, path, context, issues);
  validateLoop(invocation, path, issues);
  if (invocation.onExit !== undefined) checkTemplateName(invocation.onExit, [...path, "onExit"], context, issues);
  for (const [key, hook] of Object.entries(invocation.hooks ?? {})) {
    const at = [...path, "hooks", key];
    if (key !== "exit") issues.error(at, "lifecycle hooks other than exit are not supported by Baton", "key");
    else validateTarget(hook, at, context, issues);
  }
}

interface Target {
  template?: string | undefined;
  templateRef?: RawTemplateRef | undefined;
  arguments?: RawArguments | undefined;
}

/** Exactly one of `template` and `templateRef`; a local template gets every input it needs. */
function validateTarget(target: Target, path: FieldPath, context: TemplateContext, issues: IssueList): void {
  const parameters = target.arguments?.parameters ?? [];
  // Paths are built only where there is something to check: a DAG may have 100,000 tasks.
  if (parameters.length > 0) {
    validateParameters(parameters, [...path, "arguments", "parameters"], issues);
    validateArgumentValues(parameters, [...path, "arguments", "parameters"], issues);
  }
  if (target.template !== undefined && target.templateRef !== undefined) {
    issues.error([...path, "templateRef"], 'may not be set together with "template"');
    return;
  }
  if (target.templateRef !== undefined) {
    validateTemplateRef(target.templateRef, [...path, "templateRef"], issues);
    return;
  }
  if (target.template === undefined || target.template === "") {
    issues.error([...path, "template"], message.required('one of "template" or "templateRef"'));
    return;
  }
  const called = context.templates.get(target.template);
  if (called === undefined) checkTemplateName(target.template, [...path, "template"], context, issues);
  else if ((called.inputs?.parameters ?? []).length > 0) checkSupplied(called, parameters.map((p) => p.name ?? ""), [...path, "arguments"], issues);
}

function validateTemplateRef(ref: RawTemplateRef, path: FieldPath, issues: IssueList): void {
  for (const field of ["name", "template"] as const) {
    if (ref[field] === undefined || ref[field] === "") issues.error([...path, field], message.required());
  }
  if (ref.clusterScope === true) issues.error([...path, "clusterScope"], notSupportedMessage("clusterScope", "ClusterWorkflowTemplates are not supported; use a WorkflowTemplate"));
}

/** Argo's "inputs.parameters.x was not supplied": an input without value or default must be passed. */
export function checkSupplied(template: RawTemplate, supplied: readonly string[], path: FieldPath, issues: IssueList): void {
  for (const input of template.inputs?.parameters ?? []) {
    if (input.value !== undefined || input.default !== undefined || input.valueFrom !== undefined) continue;
    if (input.name === undefined || supplied.includes(input.name)) continue;
    issues.error(path, `input parameter ${JSON.stringify(input.name)} of template ${JSON.stringify(template.name ?? "")} was not supplied`);
  }
}

const loopFields = ["withItems", "withParam", "withSequence"] as const;

function validateLoop(invocation: RawInvocation, path: FieldPath, issues: IssueList): void {
  if (invocation.withItems === undefined && invocation.withParam === undefined && invocation.withSequence === undefined) return;
  const given = loopFields.filter((field) => invocation[field] !== undefined);
  for (const field of given.slice(1)) issues.error([...path, field], "only one of withItems, withParam and withSequence may be set");
  const sequence = invocation.withSequence;
  if (sequence === undefined) return;
  const at = [...path, "withSequence"];
  if (sequence.count !== undefined && sequence.end !== undefined) issues.error([...at, "end"], 'may not be set together with "count"');
  if (sequence.count === undefined && sequence.end === undefined) issues.error(at, message.required('one of "count" or "end"'));
  for (const field of ["count", "start", "end"] as const) {
    const value = sequence[field];
    if (value !== undefined) checkCount(value, [...at, field], issues);
  }
}
