import type { IssueList } from "../issue.js";
import { message } from "../messages.js";
import { notSupportedMessage } from "./workflow-fields.js";
import { checkSupplied, checkTemplateName, type TemplateContext } from "./workflow-invocation-validation.js";
import { validatePodGC } from "./workflow-gc-validation.js";
import { checkWorkflowFieldName } from "./workflow-names.js";
import { validateArgumentValues, validateParameters, validateRetryStrategy } from "./workflow-parameter-validation.js";
import type { RawWorkflowSpec } from "./workflow-schema.js";
import { workflowScope } from "./workflow-scope.js";
import type { RawTemplate } from "./workflow-template-schema.js";
import { validateTemplate } from "./workflow-template-validation.js";
import { checkTemplateVariables } from "./workflow-variables.js";

/** Argo's ValidateWorkflow (`argo lint`), for a Workflow or a WorkflowTemplate as written. */
export interface WorkflowRules {
  requireCommand: boolean;
  /** A WorkflowTemplate may leave the entrypoint and its arguments' values to the workflows that use it. */
  kind: "Workflow" | "WorkflowTemplate";
}

const path = ["spec"];

export function validateWorkflowSpec(spec: RawWorkflowSpec, rules: WorkflowRules, issues: IssueList): void {
  const templates = spec.templates ?? [];
  const context: TemplateContext = { templates: templatesByName(templates, issues), requireCommand: rules.requireCommand };
  const referenced = validateWorkflowTemplateRef(spec, rules, issues);
  // With a workflowTemplateRef the templates come from elsewhere: the plan step checks these names against them.
  if (!referenced) validateEntrypoint(spec, rules, context, issues);
  validateExitHandler(spec, referenced, context, issues);
  const argumentsPath = [...path, "arguments", "parameters"];
  const parameters = spec.arguments?.parameters ?? [];
  validateParameters(parameters, argumentsPath, issues);
  if (rules.kind === "Workflow") validateArgumentValues(parameters, argumentsPath, issues);
  if (spec.retryStrategy !== undefined) validateRetryStrategy(spec.retryStrategy, [...path, "retryStrategy"], issues);
  if (spec.parallelism !== undefined && spec.parallelism < 0) issues.error([...path, "parallelism"], message.atLeast(0, spec.parallelism));
  if (spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds <= 0) {
    issues.error([...path, "activeDeadlineSeconds"], message.positive(spec.activeDeadlineSeconds));
  }
  validatePodGC(spec.podGC, [...path, "podGC"], issues);
  const scope = workflowScope(parameters.map((p) => p.name ?? ""));
  for (const [i, template] of templates.entries()) {
    const at = [...path, "templates", i];
    validateTemplate(template, at, context, issues);
    checkTemplateVariables(template, at, scope, spec.retryStrategy !== undefined, issues);
  }
}

/** Names present, well formed and unique; the first of a name wins. */
function templatesByName(templates: readonly RawTemplate[], issues: IssueList): Map<string, RawTemplate> {
  const byName = new Map<string, RawTemplate>();
  for (const [i, template] of templates.entries()) {
    const at = [...path, "templates", i, "name"];
    const name = template.name ?? "";
    if (name === "") issues.error(at, message.required());
    else for (const problem of checkWorkflowFieldName(name)) issues.error(at, message.invalid(name, problem));
    if (byName.has(name)) issues.error(at, message.duplicate(name));
    else byName.set(name, template);
  }
  return byName;
}

/** True when the workflow runs a WorkflowTemplate's templates. */
function validateWorkflowTemplateRef(spec: RawWorkflowSpec, rules: WorkflowRules, issues: IssueList): boolean {
  const ref = spec.workflowTemplateRef;
  const at = [...path, "workflowTemplateRef"];
  if (ref === undefined) {
    if ((spec.templates ?? []).length === 0) issues.error([...path, "templates"], message.required("a workflow needs at least one template"));
    return false;
  }
  if (rules.kind === "WorkflowTemplate") issues.error(at, notSupportedMessage("workflowTemplateRef", "a WorkflowTemplate cannot refer to another"), "key");
  if (ref.name === undefined || ref.name === "") issues.error([...at, "name"], message.required());
  if (ref.clusterScope === true) issues.error([...at, "clusterScope"], notSupportedMessage("clusterScope", "ClusterWorkflowTemplates are not supported; use a WorkflowTemplate"));
  if ((spec.templates ?? []).length > 0) issues.error([...path, "templates"], 'may not be set together with "workflowTemplateRef"', "key");
  return true;
}

function validateEntrypoint(spec: RawWorkflowSpec, rules: WorkflowRules, context: TemplateContext, issues: IssueList): void {
  const entrypoint = spec.entrypoint ?? "";
  if (entrypoint === "") {
    if (rules.kind === "Workflow") issues.error([...path, "entrypoint"], message.required());
    return;
  }
  checkTemplateName(entrypoint, [...path, "entrypoint"], context, issues);
  const template = context.templates.get(entrypoint);
  if (template !== undefined && rules.kind === "Workflow") {
    const supplied = (spec.arguments?.parameters ?? []).map((p) => p.name ?? "");
    checkSupplied(template, supplied, [...path, "entrypoint"], issues);
  }
}

/** `onExit`, or its newer spelling `hooks.exit` (the only workflow hook Baton runs). */
function validateExitHandler(spec: RawWorkflowSpec, referenced: boolean, context: TemplateContext, issues: IssueList): void {
  if (spec.onExit !== undefined && !referenced) checkTemplateName(spec.onExit, [...path, "onExit"], context, issues);
  for (const [key, hook] of Object.entries(spec.hooks ?? {})) {
    const at = [...path, "hooks", key];
    if (key !== "exit") {
      issues.error(at, "lifecycle hooks other than exit are not supported by Baton", "key");
      continue;
    }
    if (spec.onExit !== undefined) issues.error(at, 'may not be set together with "onExit"', "key");
    if (hook.templateRef !== undefined) issues.error([...at, "templateRef"], notSupportedMessage("templateRef", "name a template of this workflow"), "key");
    if ((hook.arguments?.parameters ?? []).length > 0) issues.error([...at, "arguments"], notSupportedMessage("arguments", "the exit handler reads workflow.parameters"), "key");
    if (hook.template === undefined || hook.template === "") issues.error([...at, "template"], message.required());
    else if (!referenced) checkTemplateName(hook.template, [...at, "template"], context, issues);
  }
}
