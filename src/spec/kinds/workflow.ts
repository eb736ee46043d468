import { Kinds, type Workflow, type WorkflowTemplate } from "../../model/index.js";
import { defineKind, type LoadOptions } from "../define-kind.js";
import type { IssueList } from "../issue.js";
import { message } from "../messages.js";
import { checkDNS1123Subdomain } from "../names.js";
import { toObjectMeta, validateObjectMeta } from "./object-meta.js";
import { initialWorkflowStatus, toWorkflowSpec } from "./workflow-defaults.js";
import { type RawWorkflow, workflowSchema } from "./workflow-schema.js";
import { validateWorkflowSpec, type WorkflowRules } from "./workflow-validation.js";

function validate(kind: WorkflowRules["kind"]) {
  return (raw: RawWorkflow, issues: IssueList, options: LoadOptions): void => {
    validateObjectMeta(raw.metadata, checkDNS1123Subdomain, issues);
    if (raw.spec === undefined) {
      issues.error(["spec"], message.required());
      return;
    }
    validateWorkflowSpec(raw.spec, { requireCommand: options.requireCommand, kind }, issues);
  };
}

/** `apiVersion: argoproj.io/v1alpha1, kind: Workflow`. */
export const workflowKind = defineKind({
  ...Kinds.Workflow,
  schema: workflowSchema,
  validate: validate("Workflow"),
  toResource(raw): Workflow {
    return { ...Kinds.Workflow, metadata: toObjectMeta(raw.metadata), spec: toWorkflowSpec(raw.spec ?? {}), status: initialWorkflowStatus() };
  },
});

/** `apiVersion: argoproj.io/v1alpha1, kind: WorkflowTemplate`: a workflow spec that workflows refer to. */
export const workflowTemplateKind = defineKind({
  ...Kinds.WorkflowTemplate,
  schema: workflowSchema,
  validate: validate("WorkflowTemplate"),
  toResource(raw): WorkflowTemplate {
    return { ...Kinds.WorkflowTemplate, metadata: toObjectMeta(raw.metadata), spec: toWorkflowSpec(raw.spec ?? {}) };
  },
});
