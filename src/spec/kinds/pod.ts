import { z } from "zod";
import { Kinds, RestartPolicy, type Pod } from "../../model/index.js";
import { defineKind } from "../define-kind.js";
import { message } from "../messages.js";
import { checkDNS1123Subdomain } from "../names.js";
import { ignored } from "../schema-helpers.js";
import { objectMetaSchema, toObjectMeta, validateObjectMeta } from "./object-meta.js";
import { initialPodStatus, toPodSpec } from "./pod-spec-defaults.js";
import { podSpecSchema } from "./pod-spec-schema.js";
import { validatePodSpec } from "./pod-spec-validation.js";
import { validateContainerGraphAnnotations } from "../container-graph.js";

const podSchema = z.strictObject({
  apiVersion: z.string(),
  kind: z.string(),
  metadata: objectMetaSchema.optional(),
  spec: podSpecSchema.optional(),
  // Status is the system's to write; a submitted one is dropped, as the API server does.
  status: ignored(),
});

/** `apiVersion: v1, kind: Pod`. */
export const podKind = defineKind({
  ...Kinds.Pod,
  schema: podSchema,
  validate(raw, issues, options) {
    validateObjectMeta(raw.metadata, checkDNS1123Subdomain, issues);
    if (raw.spec === undefined) {
      issues.error(["spec"], message.required());
      return;
    }
    const rules = { requireCommand: options.requireCommand, restartPolicies: Object.values(RestartPolicy) };
    validatePodSpec(raw.spec, ["spec"], rules, issues);
    const containers = (raw.spec.containers ?? []).map((c) => c.name ?? "");
    validateContainerGraphAnnotations(raw.metadata?.annotations ?? {}, containers, ["metadata", "annotations"], issues);
  },
  toResource(raw): Pod {
    return {
      ...Kinds.Pod,
      metadata: toObjectMeta(raw.metadata),
      spec: toPodSpec(raw.spec ?? {}),
      status: initialPodStatus(),
    };
  },
});
