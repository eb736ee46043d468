import { z } from "zod";
import { boolean, ignored, int32, int64, string, stringList, stringMap, unusedFields } from "../schema-helpers.js";
import { objectMetaSchema } from "./object-meta.js";
import { notSupportedFields } from "./workflow-fields.js";
import { argumentsSchema, retryStrategySchema, templateRefSchema, templateSchema } from "./workflow-template-schema.js";

/** The structure of Argo's WorkflowSpec as written, shared by Workflow and WorkflowTemplate. */

const unusedSpecFields = {
  ignored: [],
  noEffect: ["serviceAccountName", "automountServiceAccountToken", "executor", "volumes", "nodeSelector", "affinity",
    "tolerations", "imagePullSecrets", "hostNetwork", "dnsPolicy", "dnsConfig", "priority", "schedulerName",
    "podPriorityClassName", "podPriority", "hostAliases", "securityContext", "podSpecPatch", "podDisruptionBudget", "metrics",
    "synchronization", "archiveLogs", "artifactRepositoryRef", "artifactGC", "volumeClaimGC", "podMetadata", "workflowMetadata"],
} as const;

/** Kubernetes' metav1.LabelSelector. */
const labelSelectorSchema = z.strictObject({
  matchLabels: stringMap(),
  matchExpressions: z.array(z.strictObject({ key: string(), operator: string(), values: stringList() })).optional(),
});

export const workflowSpecSchema = z.strictObject({
  entrypoint: string(),
  arguments: argumentsSchema.optional(),
  templates: z.array(templateSchema).optional(),
  onExit: string(),
  hooks: z.record(z.string(), z.strictObject({ template: string(), templateRef: templateRefSchema.optional(), arguments: argumentsSchema.optional(), expression: string() })).optional(),
  parallelism: int64(),
  activeDeadlineSeconds: int64(),
  retryStrategy: retryStrategySchema.optional(),
  workflowTemplateRef: z.strictObject({ name: string(), clusterScope: boolean() }).optional(),
  suspend: boolean(),
  ttlStrategy: z
    .strictObject({ secondsAfterCompletion: int32(), secondsAfterSuccess: int32(), secondsAfterFailure: int32() })
    .optional(),
  podGC: z
    .strictObject({ strategy: string(), labelSelector: labelSelectorSchema.optional(), deleteDelayDuration: string() })
    .optional(),
  ...unusedFields(unusedSpecFields),
  ...notSupportedFields({
    volumeClaimTemplates: "the local engine runs commands on the host, without volumes",
    templateDefaults: "write the fields in each template",
    shutdown: "submit the workflow without it",
  }),
});
export type RawWorkflowSpec = z.infer<typeof workflowSpecSchema>;

export const workflowSchema = z.strictObject({
  apiVersion: z.string(),
  kind: z.string(),
  metadata: objectMetaSchema.optional(),
  spec: workflowSpecSchema.optional(),
  // Status is the system's to write; a submitted one is dropped, as the API server does.
  status: ignored(),
});
export type RawWorkflow = z.infer<typeof workflowSchema>;
