import type { LabelSelector, StoredObject, Template, TTLStrategy, Workflow } from "../model/index.js";
import type { NodeEntry, WorkflowEntry } from "../engine/index.js";
import type { Simulation } from "./simulation.js";

/**
 * Argo's ttlStrategy and podGC, checked in the workflow simulation with rules written again here
 * (not the engine's functions):
 * - a pod row goes only once its node is fulfilled, and only under a podGC strategy; nodes stay;
 * - once every timer fired, the pods the strategy and labelSelector delete are gone, the others stay;
 * - the workflow goes only under a TTL field that applies to its phase, that many seconds after it
 *   finished, and every row of it goes with it.
 */
export class CleanupChecker {
  /** Pod uid → its phase when last seen. */
  private readonly podPhases = new Map<string, string>();
  private last: { uid: string; finishedAt: number; phase: string; ttl: TTLStrategy | undefined } | undefined;
  deletedAt: number | undefined;
  /** Pods seen and later gone while the workflow stayed (podGC, or a retry's). */
  readonly collected = new Set<string>();
  /** Every phase the workflow finished with: a retry can re-open a workflow whose pods a GC already took. */
  private readonly endings = new Set<string>();

  /** After a step in which the workflow exists. */
  observe(sim: Simulation, w: WorkflowEntry, nodes: ReadonlyMap<string, NodeEntry>): string | undefined {
    for (const n of nodes.values()) {
      const uid = n.node.pod;
      if (uid === undefined) continue;
      const p = sim.state.get(uid);
      if (p?.kind === "Pod") this.podPhases.set(uid, p.object.status.phase);
      else if (this.podPhases.has(uid)) this.collected.add(uid);
      if (p?.kind === "Pod") continue;
      if (!n.finished) return `the pod of ${n.object.status.name} is gone before its node ended`;
      else if (w.object.spec.podGC?.strategy === undefined) return `the pod of ${n.object.status.name} is gone without a podGC strategy`;
    }
    const s = w.object.status;
    if (w.finished) this.endings.add(s.phase);
    if (w.finished) this.last = { uid: w.object.metadata.uid, finishedAt: Date.parse(s.finishedAt!), phase: s.phase, ttl: w.object.spec.ttlStrategy };
    else this.last = undefined;
    return undefined;
  }

  /** After a step in which the workflow does not exist (any more). */
  gone(sim: Simulation): string | undefined {
    if (this.deletedAt !== undefined || this.last === undefined) return undefined;
    this.deletedAt = sim.now;
    const { uid, finishedAt, phase, ttl } = this.last;
    const seconds = ttlSeconds(ttl, phase);
    if (seconds === undefined) return `the workflow (${phase}) was deleted without a TTL for it: ${JSON.stringify(ttl)}`;
    if (sim.now !== finishedAt + seconds * 1000) return `the workflow was deleted at ${sim.now}, its TTL says ${finishedAt + seconds * 1000}`;
    const left = sim.storedRows().filter((row) => belongs(row, uid));
    return left.length > 0 ? `rows of the deleted workflow remain: ${left.map((r) => r.name).join(", ")}` : undefined;
  }

  /** Once nothing is left to happen, the workflow still there. */
  finish(sim: Simulation, w: WorkflowEntry, nodes: ReadonlyMap<string, NodeEntry>): string | undefined {
    const phase = w.object.status.phase;
    if (ttlSeconds(w.object.spec.ttlStrategy, phase) !== undefined) return `the workflow (${phase}) outlived its TTL ${JSON.stringify(w.object.spec.ttlStrategy)}`;
    const gc = w.object.spec.podGC;
    for (const n of nodes.values()) {
      const uid = n.node.pod;
      if (uid === undefined) continue;
      const t = w.object.spec.templates.find((x) => x.name === n.object.status.templateName);
      const expected = t !== undefined && deletes(gc?.strategy, phase, this.podPhases.get(uid), labelsOf(w.object, t), gc?.labelSelector);
      const present = sim.state.get(uid) !== undefined;
      // Gone under an earlier ending (before a retry re-opened the workflow) is what Argo does too.
      const earlier = !present && t !== undefined && [...this.endings].some((e) => deletes(gc?.strategy, e, this.podPhases.get(uid), labelsOf(w.object, t), gc?.labelSelector));
      if (present === expected && !earlier) return `the pod of ${n.object.status.name} (${this.podPhases.get(uid)}) is ${present ? "still there" : "gone"} under podGC ${JSON.stringify(gc)} of a ${phase} workflow`;
    }
    return undefined;
  }
}

function ttlSeconds(ttl: TTLStrategy | undefined, phase: string): number | undefined {
  if (phase === "Failed" && ttl?.secondsAfterFailure !== undefined) return ttl.secondsAfterFailure;
  if (phase === "Succeeded" && ttl?.secondsAfterSuccess !== undefined) return ttl.secondsAfterSuccess;
  return ttl?.secondsAfterCompletion;
}

function deletes(strategy: string | undefined, wfPhase: string, podPhase: string | undefined, labels: Record<string, string>, selector: LabelSelector | undefined): boolean {
  if (!matches(labels, selector)) return false;
  if (strategy === "OnPodCompletion" || strategy === "OnWorkflowCompletion") return true;
  if (strategy === "OnPodSuccess") return podPhase === "Succeeded";
  return strategy === "OnWorkflowSuccess" && wfPhase === "Succeeded";
}

function labelsOf(wf: Workflow, t: Template): Record<string, string> {
  return { ...t.metadata.labels, "workflows.argoproj.io/workflow": wf.metadata.name };
}

function matches(labels: Record<string, string>, selector: LabelSelector | undefined): boolean {
  const pairs = Object.entries(selector?.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  return pairs && (selector?.matchExpressions ?? []).every((e) => {
    const value = labels[e.key];
    if (e.operator === "Exists") return value !== undefined;
    if (e.operator === "DoesNotExist") return value === undefined;
    const inList = value !== undefined && (e.values ?? []).includes(value);
    return e.operator === "In" ? inList : !inList;
  });
}

function belongs(row: StoredObject, uid: string): boolean {
  const body = row.body as { node?: { workflow?: string }; pod?: { owner?: string } };
  return row.uid === uid || body.node?.workflow === uid || body.pod?.owner === uid;
}
