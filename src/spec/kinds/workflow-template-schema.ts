import { z } from "zod";
import { boolean, ignored, int64, string, stringList, stringMap, unusedFields } from "../schema-helpers.js";
import { anyString, intOrString, notSupported, notSupportedFields } from "./workflow-fields.js";
import { containerSchema, envVarSchema } from "./pod-spec-schema.js";

/** The structure of Argo's Template (and what it holds: parameters, steps, DAG tasks) as written. */

const noArtifacts = { artifacts: notSupported("artifacts", "Baton passes parameters between steps, not files") };

export const valueFromSchema = z.strictObject({
  path: string(),
  default: anyString(),
  expression: string(),
  parameter: string(),
  supplied: z.strictObject({}).optional(),
  ...notSupportedFields({
    jsonPath: "it reads resource templates",
    jqFilter: "it reads resource templates",
    event: undefined,
    configMapKeyRef: "the local engine cannot read ConfigMaps",
  }),
});

export const parameterSchema = z.strictObject({
  name: string(),
  value: anyString(),
  default: anyString(),
  enum: z.array(z.union([z.string(), z.number(), z.boolean()], { error: "must be a string, a number or true/false" })).optional(),
  description: string(),
  valueFrom: valueFromSchema.optional(),
  globalName: string(),
});
export type RawParameter = z.infer<typeof parameterSchema>;

export const argumentsSchema = z.strictObject({ parameters: z.array(parameterSchema).optional(), ...noArtifacts });
export type RawArguments = z.infer<typeof argumentsSchema>;

export const templateRefSchema = z.strictObject({ name: string(), template: string(), clusterScope: boolean() });
export type RawTemplateRef = z.infer<typeof templateRefSchema>;

const lifecycleHookSchema = z.strictObject({
  template: string(),
  templateRef: templateRefSchema.optional(),
  arguments: argumentsSchema.optional(),
  expression: string(),
});
export type RawLifecycleHook = z.infer<typeof lifecycleHookSchema>;

export const sequenceSchema = z.strictObject({ count: intOrString(), start: intOrString(), end: intOrString(), format: string() });

/** What a step and a DAG task share. */
const invocationShape = {
  name: string(),
  template: string(),
  templateRef: templateRefSchema.optional(),
  arguments: argumentsSchema.optional(),
  when: string(),
  withItems: z.array(z.unknown()).optional(),
  withParam: string(),
  withSequence: sequenceSchema.optional(),
  continueOn: z.strictObject({ failed: boolean(), error: boolean() }).optional(),
  onExit: string(),
  hooks: z.record(z.string(), lifecycleHookSchema).optional(),
  inline: notSupported("inline", "move the template to spec.templates and name it"),
};

export const stepSchema = z.strictObject(invocationShape);
export type RawStep = z.infer<typeof stepSchema>;

export const dagTaskSchema = z.strictObject({ ...invocationShape, dependencies: stringList(), depends: string() });
export type RawDagTask = z.infer<typeof dagTaskSchema>;
export type RawInvocation = RawStep | RawDagTask;

export const backoffSchema = z.strictObject({ duration: intOrString(), factor: intOrString(), maxDuration: string(), cap: string() });

export const retryStrategySchema = z.strictObject({
  limit: intOrString(),
  retryPolicy: string(),
  backoff: backoffSchema.optional(),
  expression: string(),
  ...unusedFields({ ignored: [], noEffect: ["affinity"] }),
});
export type RawRetryStrategy = z.infer<typeof retryStrategySchema>;

/** Containers of workflows: a pod's container, except that a mounted volume would change what the command sees. */
const workflowContainerShape = {
  volumeMounts: notSupported("volumeMounts", "the local engine runs commands on the host, without volumes"),
  mirrorVolumeMounts: notSupported("mirrorVolumeMounts"),
};
export const workflowContainerSchema = containerSchema.extend(workflowContainerShape);
export type RawWorkflowContainer = z.infer<typeof workflowContainerSchema>;

export const scriptSchema = containerSchema.extend({ ...workflowContainerShape, source: string() });
export type RawScript = z.infer<typeof scriptSchema>;

export const containerNodeSchema = containerSchema.extend({ ...workflowContainerShape, dependencies: stringList() });
export type RawContainerNode = z.infer<typeof containerNodeSchema>;

const unusedTemplateFields = {
  ignored: [],
  noEffect: ["nodeSelector", "affinity", "tolerations", "schedulerName", "priorityClassName", "priority", "serviceAccountName",
    "automountServiceAccountToken", "executor", "hostAliases", "securityContext", "podSpecPatch", "metrics", "synchronization",
    "memoize", "archiveLocation", "volumes"],
} as const;

export const templateSchema = z.strictObject({
  name: string(),
  inputs: z.strictObject({ parameters: z.array(parameterSchema).optional(), ...noArtifacts }).optional(),
  outputs: z.strictObject({ parameters: z.array(parameterSchema).optional(), ...noArtifacts, result: string(), exitCode: string() }).optional(),
  metadata: z.strictObject({ labels: stringMap(), annotations: stringMap() }).optional(),
  container: workflowContainerSchema.optional(),
  script: scriptSchema.optional(),
  containerSet: z
    .strictObject({
      containers: z.array(containerNodeSchema).optional(),
      retryStrategy: z.strictObject({ retries: intOrString(), duration: string() }).optional(),
      volumeMounts: notSupported("volumeMounts", "the local engine runs commands on the host, without volumes"),
    })
    .optional(),
  steps: z.array(z.array(stepSchema)).optional(),
  dag: z.strictObject({ tasks: z.array(dagTaskSchema).optional(), failFast: boolean(), target: string() }).optional(),
  suspend: z.strictObject({ duration: intOrString() }).optional(),
  initContainers: z.array(workflowContainerSchema).optional(),
  env: z.array(envVarSchema).optional(),
  retryStrategy: retryStrategySchema.optional(),
  parallelism: int64(),
  activeDeadlineSeconds: intOrString(),
  timeout: string(),
  failFast: boolean(),
  // Template types Baton does not run: refused by the rules, which also count them as the template's type.
  resource: ignored(),
  http: ignored(),
  plugin: ignored(),
  data: ignored(),
  ...unusedFields(unusedTemplateFields),
  ...notSupportedFields({
    daemon: "a daemoned step would outlive its step",
    sidecars: "the local engine runs no sidecars",
  }),
});
export type RawTemplate = z.infer<typeof templateSchema>;
