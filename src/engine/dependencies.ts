import { BatonAnnotation } from "../model/index.js";
import { isJobFinished, hasCondition } from "./job-conditions.js";
import type { EngineState, Entry } from "./state.js";

/** The names in a resource's baton.dev/depends-on annotation. */
export function dependencyNames(resource: { metadata: { annotations: Record<string, string> } }): string[] {
  const text = resource.metadata.annotations[BatonAnnotation.dependsOn];
  return text === undefined ? [] : text.split(",").map((s) => s.trim()).filter(Boolean);
}

/** A name may stand for a Job and a Pod at once: then both are waited for. */
function find(state: EngineState, namespace: string, name: string): Entry[] {
  return [state.lookup("Job", namespace, name), state.lookup("Pod", namespace, name), state.lookup("Workflow", namespace, name)].filter((e) => e !== undefined);
}

export type Result = "Succeeded" | "Failed" | "Unfinished";

export function resultOf(e: Entry): Result {
  if (e.kind === "Job") {
    if (!isJobFinished(e.object)) return "Unfinished";
    return hasCondition(e.object, "Complete") ? "Succeeded" : "Failed";
  }
  // A CronJob or CronWorkflow never finishes by itself: its Jobs and Workflows do.
  if (e.kind === "WorkflowNode" || e.kind === "CronJob" || e.kind === "CronWorkflow") return "Unfinished";
  const phase = e.object.status.phase;
  if (e.kind === "Workflow") return phase === "Succeeded" ? "Succeeded" : phase === "Failed" || phase === "Error" ? "Failed" : "Unfinished";
  return phase === "Succeeded" || phase === "Failed" ? phase : "Unfinished";
}

/**
 * Links the resources of a submission (or of a stored run) to what they wait for: fills
 * `state.dependents` and, when `count` is set, each entry's `waitingFor`.
 * Returns the name of a dependency that already failed, per entry, if any.
 */
export function linkDependencies(state: EngineState, entries: Entry[], count: boolean): Map<Entry, string> {
  const failed = new Map<Entry, string>();
  for (const e of entries) {
    if (count) e.waitingFor = 0;
    for (const name of dependencyNames(e.object)) {
      // plan rejects unknown names before anything runs
      for (const dep of find(state, e.object.metadata.namespace, name)) {
        const result = resultOf(dep);
        if (result === "Failed" && count) failed.set(e, name);
        // A finished dependency has released its dependents already (or never held them).
        if (result !== "Unfinished") continue;
        const uid = dep.object.metadata.uid;
        const list = state.dependents.get(uid) ?? [];
        list.push(e.object.metadata.uid);
        state.dependents.set(uid, list);
        if (count) e.waitingFor++;
      }
    }
  }
  return failed;
}
