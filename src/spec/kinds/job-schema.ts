import { z } from "zod";
import { boolean, ignored, int32, int64, string, unusedFields } from "../schema-helpers.js";
import { templateMetaSchema } from "./object-meta.js";
import { podSpecSchema } from "./pod-spec-schema.js";

/** The structure of a batch/v1 JobSpec as written. */
export const podFailurePolicyRuleSchema = z.strictObject({
  action: string(),
  onExitCodes: z
    .strictObject({ containerName: string(), operator: string(), values: z.array(z.number().int()).optional() })
    .optional(),
  onPodConditions: z.array(z.strictObject({ type: string(), status: string() })).optional(),
});
export type RawPodFailurePolicyRule = z.infer<typeof podFailurePolicyRuleSchema>;

export const successPolicyRuleSchema = z.strictObject({ succeededIndexes: string(), succeededCount: int32() });
export type RawSuccessPolicyRule = z.infer<typeof successPolicyRuleSchema>;

export const jobSpecSchema = z.strictObject({
  parallelism: int32(),
  completions: int32(),
  completionMode: string(),
  backoffLimit: int32(),
  backoffLimitPerIndex: int32(),
  maxFailedIndexes: int32(),
  podFailurePolicy: z.strictObject({ rules: z.array(podFailurePolicyRuleSchema).optional() }).optional(),
  successPolicy: z.strictObject({ rules: z.array(successPolicyRuleSchema).optional() }).optional(),
  activeDeadlineSeconds: int64(),
  suspend: boolean(),
  ttlSecondsAfterFinished: int32(),
  podReplacementPolicy: string(),
  template: z.strictObject({ metadata: templateMetaSchema.optional(), spec: podSpecSchema.optional() }).optional(),
  // The pods of a Job are its own here: there is no other controller to share labels with.
  selector: ignored(),
  manualSelector: ignored(),
  ...unusedFields({ ignored: [], noEffect: ["managedBy"] }),
});
export type RawJobSpec = z.infer<typeof jobSpecSchema>;
