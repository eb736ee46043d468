import type { KindLoader } from "./define-kind.js";
import { cronJobKind } from "./kinds/cron-job.js";
import { cronWorkflowKind } from "./kinds/cron-workflow.js";
import { jobKind } from "./kinds/job.js";
import { podKind } from "./kinds/pod.js";
import { workflowKind, workflowTemplateKind } from "./kinds/workflow.js";

/** Every kind Baton reads. A new kind is one module in kinds/ and one line here. */
const kinds: readonly KindLoader[] = [podKind, jobKind, cronJobKind, workflowKind, workflowTemplateKind, cronWorkflowKind];

export function findKind(apiVersion: unknown, kind: unknown): KindLoader | undefined {
  return kinds.find((k) => k.apiVersion === apiVersion && k.kind === kind);
}

export function kindsNamed(kind: unknown): KindLoader[] {
  return kinds.filter((k) => k.kind === kind);
}

/** "Baton runs v1 Pod, batch/v1 Job and …" */
export function supportedKinds(): string {
  const names = kinds.map((k) => `${k.apiVersion} ${k.kind}`);
  const list = names.length <= 1 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
  return `Baton runs ${list}`;
}
