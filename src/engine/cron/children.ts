import type { Job, ObjectReference, OwnerReference, Workflow } from "../../model/index.js";
import { deleteResource } from "../delete.js";
import { podUid } from "../ids.js";
import type { CronEntry, EngineState, Entry } from "../state.js";
import type { Tick } from "../tick.js";

/**
 * What the CronJob and CronWorkflow controllers share: the Jobs and Workflows they create, found
 * again through the owner's own list (Kubernetes lists every Job and keeps those that name the
 * CronJob as controller; the engine knows which it created).
 */

/** How the engine makes, starts and follows up a top-level entry; given by reconcile, which owns all three. */
export interface CronHost {
  newEntry(resource: Job | Workflow): Entry;
  begin(tick: Tick, entry: Entry): void;
  /** What follows a change made from outside the entry's own events (it may have finished). */
  changed(tick: Tick, entry: Entry): void;
}

/** The purpose of the timer at a CronJob's or CronWorkflow's next schedule time. */
export const SCHEDULE_TIMER = "schedule";

/** A child's uid, derived from its owner's uid and the scheduled time: the engine has no randomness. */
export function childUid(ownerUid: string, scheduledAt: number): string {
  return podUid(ownerUid, Math.floor(scheduledAt / 1000));
}

/** The ownerReference Kubernetes' NewControllerRef writes (its blockOwnerDeletion has no meaning here). */
export function controllerRef(o: CronEntry["object"]): OwnerReference {
  return { apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, uid: o.metadata.uid, controller: true };
}

export function objectRef(r: { apiVersion: string; kind: string; metadata: { namespace: string; name: string; uid: string } }): ObjectReference {
  return { apiVersion: r.apiVersion, kind: r.kind, namespace: r.metadata.namespace, name: r.metadata.name, uid: r.metadata.uid };
}

/** The CronJob or CronWorkflow that controls a top-level entry, if one does. */
export function cronOwnerOf(state: EngineState, e: Entry): CronEntry | undefined {
  for (const ref of e.object.metadata.ownerReferences ?? []) {
    if (ref.controller !== true || (ref.kind !== "CronJob" && ref.kind !== "CronWorkflow")) continue;
    const owner = state.get(ref.uid);
    if (owner?.kind === "CronJob" || owner?.kind === "CronWorkflow") return owner;
  }
  return undefined;
}

/** Adds a created child to the owner's records: status.active and the list of children. */
export function recordChild(tick: Tick, c: CronEntry, child: Entry): void {
  c.object.status.active.push(objectRef(child.object));
  c.cron.children.push(child.object.metadata.uid);
  tick.state.touch(c);
}

/** Takes a child off status.active; false if it was not there (already seen). */
export function dropActive(tick: Tick, c: CronEntry, uid: string): boolean {
  const active = c.object.status.active;
  const i = active.findIndex((r) => r.uid === uid);
  if (i < 0) return false;
  active.splice(i, 1);
  tick.state.touch(c);
  return true;
}

/** The children that still exist, oldest first; forgets those that are gone (deleted by the user). */
export function existingChildren(tick: Tick, c: CronEntry): Entry[] {
  const found: Entry[] = [];
  for (const uid of c.cron.children) {
    const e = tick.state.get(uid);
    if (e !== undefined) found.push(e);
  }
  if (found.length !== c.cron.children.length) {
    c.cron.children = found.map((e) => e.object.metadata.uid);
    tick.state.touch(c);
  }
  return found;
}

/** Deletes a child as `kubectl delete` does (its pods are stopped and removed with it). */
export function deleteChild(tick: Tick, c: CronEntry, child: Entry): void {
  const uid = child.object.metadata.uid;
  dropActive(tick, c, uid);
  deleteResource(tick, child);
  c.cron.children = c.cron.children.filter((u) => u !== uid);
  tick.state.touch(c);
}

/** Keeps the last `keep` of `children` (oldest first) and deletes the others, announcing each. */
export function deleteOldest(tick: Tick, c: CronEntry, children: Entry[], keep: number, announce: (child: Entry) => void): void {
  for (const child of children.slice(0, Math.max(0, children.length - keep))) {
    deleteChild(tick, c, child);
    announce(child);
  }
}
