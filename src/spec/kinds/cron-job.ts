import { z } from "zod";
import { Kinds, type ConcurrencyPolicy, type CronJob, type CronJobSpec } from "../../model/index.js";
import { defineKind, type LoadOptions } from "../define-kind.js";
import type { IssueList } from "../issue.js";
import { message } from "../messages.js";
import { checkDNS1123Subdomain } from "../names.js";
import { boolean, ignored, int32, int64, string } from "../schema-helpers.js";
import { MAX_CRON_NAME_LENGTH, validateConcurrencyPolicy, validateNested, validateSchedule, validateTimeZone } from "./cron-job-schedule.js";
import { toJobSpec } from "./job-defaults.js";
import { jobSpecSchema, type RawJobSpec } from "./job-schema.js";
import { validateJobSpec } from "./job-validation.js";
import { objectMetaSchema, templateMetaSchema, toObjectMeta, toTemplateMeta, validateLabelsAndAnnotations, validateObjectMeta } from "./object-meta.js";

/** `apiVersion: batch/v1, kind: CronJob`, with Kubernetes' ValidateCronJobCreate and SetDefaults_CronJob. */
const cronJobSpecSchema = z.strictObject({
  schedule: string(),
  timeZone: string(),
  startingDeadlineSeconds: int64(),
  concurrencyPolicy: string(),
  suspend: boolean(),
  successfulJobsHistoryLimit: int32(),
  failedJobsHistoryLimit: int32(),
  jobTemplate: z.strictObject({ metadata: templateMetaSchema.optional(), spec: jobSpecSchema.optional() }).optional(),
});
type RawCronJobSpec = z.infer<typeof cronJobSpecSchema>;

const cronJobSchema = z.strictObject({
  apiVersion: z.string(),
  kind: z.string(),
  metadata: objectMetaSchema.optional(),
  spec: cronJobSpecSchema.optional(),
  // Status is the system's to write; a submitted one is dropped, as the API server does.
  status: ignored(),
});

/** A CronJob's name is a DNS subdomain short enough for `<name>-<minutes since the epoch>` to fit 63 characters. */
function checkCronJobName(name: string): string[] {
  const problems = checkDNS1123Subdomain(name);
  if (name.length > MAX_CRON_NAME_LENGTH) problems.push(`must be no more than ${MAX_CRON_NAME_LENGTH} characters`);
  return problems;
}

function validateCronJobSpec(spec: RawCronJobSpec, options: LoadOptions, issues: IssueList): void {
  const path = ["spec"];
  const schedule = spec.schedule ?? "";
  if (schedule === "") issues.error([...path, "schedule"], message.required());
  else if (schedule.includes("TZ")) {
    issues.error([...path, "schedule"], message.invalid(schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
  } else validateSchedule(schedule, [...path, "schedule"], issues, spec.timeZone);
  if (spec.timeZone !== undefined) validateTimeZone(spec.timeZone, [...path, "timeZone"], issues);
  for (const field of ["startingDeadlineSeconds", "successfulJobsHistoryLimit", "failedJobsHistoryLimit"] as const) {
    const value = spec[field];
    if (value !== undefined && value < 0) issues.error([...path, field], message.atLeast(0, value));
  }
  validateConcurrencyPolicy(spec.concurrencyPolicy, [...path, "concurrencyPolicy"], issues);
  validateJobTemplate(spec, options, issues);
}

/** Kubernetes' ValidateJobTemplateSpec: the Job's own rules, plus a selector it would generate itself. */
function validateJobTemplate(spec: RawCronJobSpec, options: LoadOptions, issues: IssueList): void {
  const path = ["spec", "jobTemplate"];
  const template = spec.jobTemplate;
  if (template?.spec === undefined) {
    issues.error(template === undefined ? path : [...path, "spec"], message.required("a CronJob needs a Job template"));
    return;
  }
  validateLabelsAndAnnotations(template.metadata ?? {}, [...path, "metadata"], issues);
  const jobSpec: RawJobSpec = template.spec;
  // The Job's name is `<cronjob>-<minutes>`: unknown here, so the Indexed hostname check waits for creation.
  validateNested([...path, "spec"], issues, (nested) => validateJobSpec(jobSpec, undefined, options, nested));
  if (jobSpec.selector !== undefined) issues.error([...path, "spec", "selector"], `Invalid value: ${JSON.stringify(jobSpec.selector)}: \`selector\` will be auto-generated`);
  if (jobSpec.manualSelector === true) issues.error([...path, "spec", "manualSelector"], message.unsupported(true, ["nil", "false"]));
}

function toCronJobSpec(spec: RawCronJobSpec): CronJobSpec {
  const meta = toTemplateMeta(spec.jobTemplate?.metadata);
  return {
    schedule: spec.schedule ?? "",
    ...(spec.timeZone !== undefined ? { timeZone: spec.timeZone } : {}),
    ...(spec.startingDeadlineSeconds !== undefined ? { startingDeadlineSeconds: spec.startingDeadlineSeconds } : {}),
    concurrencyPolicy: (spec.concurrencyPolicy || "Allow") as ConcurrencyPolicy,
    suspend: spec.suspend ?? false,
    successfulJobsHistoryLimit: spec.successfulJobsHistoryLimit ?? 3,
    failedJobsHistoryLimit: spec.failedJobsHistoryLimit ?? 1,
    jobTemplate: { metadata: { labels: meta.labels, annotations: meta.annotations }, spec: toJobSpec(spec.jobTemplate?.spec ?? {}) },
  };
}

export const cronJobKind = defineKind({
  ...Kinds.CronJob,
  schema: cronJobSchema,
  validate(raw, issues, options) {
    validateObjectMeta(raw.metadata, checkCronJobName, issues);
    if (raw.spec === undefined) {
      issues.error(["spec"], message.required());
      return;
    }
    validateCronJobSpec(raw.spec, options, issues);
  },
  toResource(raw): CronJob {
    return { ...Kinds.CronJob, metadata: toObjectMeta(raw.metadata), spec: toCronJobSpec(raw.spec ?? {}), status: { active: [] } };
  },
});
