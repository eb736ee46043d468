import { z } from "zod";
import type { ObjectMeta, PodTemplateSpec } from "../../model/index.js";
import { validateBatonAnnotations } from "../baton-annotations.js";
import type { FieldPath } from "../field-path.js";
import type { IssueList } from "../issue.js";
import { message } from "../messages.js";
import { checkDNS1123Label, checkLabelValue, checkQualifiedName } from "../names.js";
import { string, stringMap, unusedFields } from "../schema-helpers.js";

/** Server-set fields, as `kubectl get -o yaml` prints them: accepted and dropped, as the API server does on create. */
const serverSetFields = {
  ignored: ["uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp",
    "deletionGracePeriodSeconds", "selfLink", "managedFields", "finalizers", "ownerReferences"],
  noEffect: [],
} as const;

export const objectMetaSchema = z.strictObject({
  name: string(),
  generateName: string(),
  namespace: string(),
  labels: stringMap(),
  annotations: stringMap(),
  ...unusedFields(serverSetFields),
});
export type RawObjectMeta = z.infer<typeof objectMetaSchema>;

export const templateMetaSchema = z.strictObject({
  name: string(),
  labels: stringMap(),
  annotations: stringMap(),
  ...unusedFields({ ignored: [...serverSetFields.ignored, "namespace", "generateName"], noEffect: [] }),
});
export type RawTemplateMeta = z.infer<typeof templateMetaSchema>;

/** Checks a resource's name: the rules differ per kind (a Pod's is a DNS subdomain, a Job's also fits a label). */
export type NameCheck = (name: string) => string[];

export function validateObjectMeta(meta: RawObjectMeta | undefined, checkName: NameCheck, issues: IssueList): void {
  const path = ["metadata"];
  const name = meta?.name ?? "";
  const generateName = meta?.generateName ?? "";
  if (name === "" && generateName === "") {
    issues.error([...path, "name"], message.required("name or generateName is required"));
  }
  if (name !== "") {
    for (const problem of checkName(name)) issues.error([...path, "name"], message.invalid(name, problem));
  }
  if (generateName !== "") {
    // As Kubernetes: the prefix is checked with its trailing dash masked, since a suffix follows it.
    const masked = generateName.endsWith("-") ? `${generateName.slice(0, -1)}a` : generateName;
    for (const problem of checkName(masked)) issues.error([...path, "generateName"], message.invalid(generateName, problem));
  }
  if (meta?.namespace !== undefined) {
    for (const problem of checkDNS1123Label(meta.namespace)) {
      issues.error([...path, "namespace"], message.invalid(meta.namespace, problem));
    }
  }
  validateLabelsAndAnnotations(meta ?? {}, path, issues);
  validateBatonAnnotations(meta?.annotations ?? {}, [...path, "annotations"], issues);
}

export function validateLabelsAndAnnotations(
  meta: { labels?: Record<string, string> | undefined; annotations?: Record<string, string> | undefined },
  path: FieldPath,
  issues: IssueList,
): void {
  for (const [key, value] of Object.entries(meta.labels ?? {})) {
    const at = [...path, "labels", key];
    for (const problem of checkQualifiedName(key)) issues.error(at, `label key ${JSON.stringify(key)}: ${problem}`, "key");
    for (const problem of checkLabelValue(value)) issues.error(at, message.invalid(value, problem));
  }
  for (const key of Object.keys(meta.annotations ?? {})) {
    for (const problem of checkQualifiedName(key.toLowerCase())) {
      issues.error([...path, "annotations", key], `annotation key ${JSON.stringify(key)}: ${problem}`, "key");
    }
  }
}

export function toObjectMeta(meta: RawObjectMeta | undefined): ObjectMeta {
  return {
    name: meta?.name ?? "",
    namespace: meta?.namespace ?? "default",
    uid: "",
    ...(meta?.generateName !== undefined && meta.generateName !== "" ? { generateName: meta.generateName } : {}),
    labels: { ...meta?.labels },
    annotations: { ...meta?.annotations },
  };
}

export function toTemplateMeta(meta: RawTemplateMeta | undefined): PodTemplateSpec["metadata"] {
  return {
    ...(meta?.name !== undefined ? { name: meta.name } : {}),
    labels: { ...meta?.labels },
    annotations: { ...meta?.annotations },
  };
}
