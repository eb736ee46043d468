import { BatonAnnotation } from "../model/index.js";
import { argoDurationMs } from "./duration.js";
import type { FieldPath } from "./field-path.js";
import type { IssueList } from "./issue.js";
import { message } from "./messages.js";
import { dependencyCycles } from "./kinds/workflow-dag.js";

/** A cycle among a pod's containers, as dependencyCycles gives it (the first name again at the end). */
export function cycleMessage(cycle: readonly string[]): string {
  return `dependency cycle: ${cycle.join(" → ")}`;
}

/**
 * A pod's containers as a graph (Argo's containerSet; on a Pod, Baton's two annotations): every
 * dependency names a container of the pod, and no container waits for itself, even through others.
 */

/** `baton.dev/container-dependencies` and `baton.dev/container-retries` on a pod (or a Job's pod template) with these containers. */
export function validateContainerGraphAnnotations(annotations: Record<string, string>, containers: readonly string[], path: FieldPath, issues: IssueList): void {
  const depsText = annotations[BatonAnnotation.containerDependencies];
  if (depsText !== undefined) {
    const at = [...path, BatonAnnotation.containerDependencies];
    const graph = parseContainerDependencies(depsText);
    if (graph === undefined) issues.error(at, message.invalid(depsText, 'must be a JSON object of container names to lists of container names, such as {"main": ["a", "b"]}'));
    else {
      for (const [name, deps] of graph) {
        for (const n of [name, ...deps]) if (!containers.includes(n)) issues.error(at, `container ${JSON.stringify(n)} not found in the pod's containers`);
      }
      for (const cycle of dependencyCycles([...graph.keys()], graph)) issues.error(at, cycleMessage(cycle));
    }
  }
  const retriesText = annotations[BatonAnnotation.containerRetries];
  if (retriesText !== undefined && parseContainerRetries(retriesText) === undefined) {
    issues.error([...path, BatonAnnotation.containerRetries], message.invalid(retriesText, 'must be a JSON object such as {"retries": 2, "duration": "1s"}: retries a count, duration optional'));
  }
}

/** A `baton.dev/container-dependencies` value: container → the containers it waits for; undefined if it is not one. */
export function parseContainerDependencies(text: string): Map<string, string[]> | undefined {
  const v = parseObject(text);
  if (v === undefined) return undefined;
  const out = new Map<string, string[]>();
  for (const [name, list] of Object.entries(v)) {
    if (!Array.isArray(list) || !list.every((d) => typeof d === "string")) return undefined;
    out.set(name, list as string[]);
  }
  return out;
}

/** A `baton.dev/container-retries` value (a containerSet's retryStrategy) in numbers; undefined if it is not one. */
export function parseContainerRetries(text: string): { retries: number; delayMs: number } | undefined {
  const v = parseObject(text);
  if (v === undefined) return undefined;
  const { retries, duration, ...rest } = v;
  if (Object.keys(rest).length > 0 || !/^\d+$/.test(String(retries))) return undefined;
  const delayMs = duration === undefined ? 0 : typeof duration === "string" ? argoDurationMs(duration) : undefined;
  return delayMs === undefined ? undefined : { retries: Number(retries), delayMs };
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
