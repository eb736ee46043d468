import { z } from "zod";
import { Kinds, type Job } from "../../model/index.js";
import { defineKind } from "../define-kind.js";
import { message } from "../messages.js";
import { ignored } from "../schema-helpers.js";
import { initialJobStatus, toJobSpec } from "./job-defaults.js";
import { jobSpecSchema } from "./job-schema.js";
import { checkJobName, validateJobSpec } from "./job-validation.js";
import { objectMetaSchema, toObjectMeta, validateObjectMeta } from "./object-meta.js";

const jobSchema = z.strictObject({
  apiVersion: z.string(),
  kind: z.string(),
  metadata: objectMetaSchema.optional(),
  spec: jobSpecSchema.optional(),
  // Status is the system's to write; a submitted one is dropped, as the API server does.
  status: ignored(),
});

/** `apiVersion: batch/v1, kind: Job`. */
export const jobKind = defineKind({
  ...Kinds.Job,
  schema: jobSchema,
  validate(raw, issues, options) {
    validateObjectMeta(raw.metadata, checkJobName, issues);
    if (raw.spec === undefined) {
      issues.error(["spec"], message.required());
      return;
    }
    validateJobSpec(raw.spec, raw.metadata?.name, options, issues);
  },
  toResource(raw): Job {
    return {
      ...Kinds.Job,
      metadata: toObjectMeta(raw.metadata),
      spec: toJobSpec(raw.spec ?? {}),
      status: initialJobStatus(),
    };
  },
});
