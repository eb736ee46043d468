import { z } from "zod";
import { Kinds, type ConcurrencyPolicy, type CronWorkflow, type CronWorkflowSpec } from "../../model/index.js";
import { defineKind, type LoadOptions } from "../define-kind.js";
import type { FieldPath } from "../field-path.js";
import type { IssueList } from "../issue.js";
import { message } from "../messages.js";
import { checkDNS1123Subdomain } from "../names.js";
import { boolean, ignored, int32, int64, string, stringList } from "../schema-helpers.js";
import { MAX_CRON_NAME_LENGTH, validateConcurrencyPolicy, validateNested, validateSchedule, validateTimeZone } from "./cron-job-schedule.js";
import { objectMetaSchema, templateMetaSchema, toObjectMeta, toTemplateMeta, validateLabelsAndAnnotations, validateObjectMeta } from "./object-meta.js";
import { toWorkflowSpec } from "./workflow-defaults.js";
import { notSupportedFields } from "./workflow-fields.js";
import { workflowSpecSchema } from "./workflow-schema.js";
import { validateWorkflowSpec } from "./workflow-validation.js";

/** `apiVersion: argoproj.io/v1alpha1, kind: CronWorkflow`, with Argo's ValidateCronWorkflow and defaults. */
const cronWorkflowSpecSchema = z.strictObject({
  schedule: string(),
  schedules: stringList(),
  timezone: string(),
  concurrencyPolicy: string(),
  suspend: boolean(),
  startingDeadlineSeconds: int64(),
  successfulJobsHistoryLimit: int32(),
  failedJobsHistoryLimit: int32(),
  workflowSpec: workflowSpecSchema.optional(),
  workflowMetadata: templateMetaSchema.optional(),
  ...notSupportedFields({
    stopStrategy: "the CronWorkflow would never stop; suspend or delete it instead",
    when: "every schedule runs; suspend the CronWorkflow instead",
  }),
});
type RawCronWorkflowSpec = z.infer<typeof cronWorkflowSpecSchema>;

const cronWorkflowSchema = z.strictObject({
  apiVersion: z.string(),
  kind: z.string(),
  metadata: objectMetaSchema.optional(),
  spec: cronWorkflowSpecSchema.optional(),
  status: ignored(),
});

function checkCronWorkflowName(name: string): string[] {
  const problems = checkDNS1123Subdomain(name);
  if (name.length > MAX_CRON_NAME_LENGTH) problems.push(`must be no more than ${MAX_CRON_NAME_LENGTH} characters (the Workflows are named <name>-<unix time>)`);
  return problems;
}

function validateCronWorkflowSpec(spec: RawCronWorkflowSpec, options: LoadOptions, issues: IssueList): void {
  const path = ["spec"];
  validateSchedules(spec, issues);
  if (spec.timezone !== undefined && spec.timezone !== "") validateTimeZone(spec.timezone, [...path, "timezone"], issues);
  validateConcurrencyPolicy(spec.concurrencyPolicy, [...path, "concurrencyPolicy"], issues);
  if (spec.startingDeadlineSeconds !== undefined && spec.startingDeadlineSeconds < 0) {
    issues.error([...path, "startingDeadlineSeconds"], message.atLeast(0, spec.startingDeadlineSeconds));
  }
  for (const [field, keep] of [["successfulJobsHistoryLimit", 3], ["failedJobsHistoryLimit", 1]] as const) {
    const value = spec[field];
    if (value !== undefined && value < 0) issues.warning([...path, field], `${message.atLeast(0, value)}: Argo keeps the default (${keep})`);
  }
  if (spec.workflowMetadata !== undefined) validateLabelsAndAnnotations(spec.workflowMetadata, [...path, "workflowMetadata"], issues);
  const workflowSpec = spec.workflowSpec;
  if (workflowSpec === undefined) {
    issues.error([...path, "workflowSpec"], message.required("a CronWorkflow needs the spec of the Workflows it creates"));
    return;
  }
  // templateRef and workflowTemplateRef are resolved by the plan step, as in a Workflow.
  validateNested([...path, "workflowSpec"], issues, (nested) => validateWorkflowSpec(workflowSpec, { requireCommand: options.requireCommand, kind: "Workflow" }, nested));
}

/** Argo 3.6: `schedules`, or the deprecated `schedule`; not both. */
function validateSchedules(spec: RawCronWorkflowSpec, issues: IssueList): void {
  const list = spec.schedules ?? [];
  if (spec.schedule !== undefined && spec.schedule !== "" && list.length > 0) {
    issues.error(["spec", "schedule"], 'may not be set together with "schedules"', "key");
  }
  const entries: [string, FieldPath][] = list.length > 0 ? list.map((s, i) => [s, ["spec", "schedules", i]]) : [[spec.schedule ?? "", ["spec", "schedule"]]];
  if (list.length === 0 && (spec.schedule ?? "") === "") {
    issues.error(["spec", "schedules"], message.required("either schedule or schedules must be provided"));
    return;
  }
  const zone = spec.timezone === "" ? undefined : spec.timezone;
  for (const [schedule, at] of entries) {
    // Argo writes `CRON_TZ=<timezone> ` before the schedule: a schedule with its own prefix then fails to parse.
    if (zone !== undefined && /^(CRON_)?TZ=/.test(schedule)) issues.error(at, message.invalid(schedule, 'cannot use TZ or CRON_TZ in a schedule together with "timezone"'));
    else if (schedule === "") issues.error(at, message.required());
    else validateSchedule(schedule, at, issues, zone);
  }
}

function toCronWorkflowSpec(spec: RawCronWorkflowSpec): CronWorkflowSpec {
  const meta = spec.workflowMetadata && toTemplateMeta(spec.workflowMetadata);
  const limit = (value: number | undefined, keep: number) => (value === undefined || value < 0 ? keep : value);
  return {
    ...(spec.schedule !== undefined && spec.schedule !== "" ? { schedule: spec.schedule } : {}),
    ...(spec.schedules !== undefined && spec.schedules.length > 0 ? { schedules: [...spec.schedules] } : {}),
    ...(spec.timezone !== undefined && spec.timezone !== "" ? { timezone: spec.timezone } : {}),
    concurrencyPolicy: (spec.concurrencyPolicy || "Allow") as ConcurrencyPolicy,
    suspend: spec.suspend ?? false,
    ...(spec.startingDeadlineSeconds !== undefined ? { startingDeadlineSeconds: spec.startingDeadlineSeconds } : {}),
    successfulJobsHistoryLimit: limit(spec.successfulJobsHistoryLimit, 3),
    failedJobsHistoryLimit: limit(spec.failedJobsHistoryLimit, 1),
    workflowSpec: toWorkflowSpec(spec.workflowSpec ?? {}),
    ...(meta ? { workflowMetadata: { labels: meta.labels, annotations: meta.annotations } } : {}),
  };
}

export const cronWorkflowKind = defineKind({
  ...Kinds.CronWorkflow,
  schema: cronWorkflowSchema,
  validate(raw, issues, options) {
    validateObjectMeta(raw.metadata, checkCronWorkflowName, issues);
    if (raw.spec === undefined) {
      issues.error(["spec"], message.required());
      return;
    }
    validateCronWorkflowSpec(raw.spec, options, issues);
  },
  toResource(raw): CronWorkflow {
    return {
      ...Kinds.CronWorkflow,
      metadata: toObjectMeta(raw.metadata),
      spec: toCronWorkflowSpec(raw.spec ?? {}),
      status: { active: [], succeeded: 0, failed: 0, phase: "" },
    };
  },
});
