import type { StoredObject } from "../model/index.js";
import type { Entry } from "./entries.js";
import { WorkflowMemory } from "./workflow-memory.js";

export * from "./entries.js";

/**
 * All objects of one run, with the indexes that keep the work per event proportional to what
 * changed. The runtime owns the only instance; the engine mutates it and records what it touched.
 */
export class EngineState {
  readonly entries = new Map<string, Entry>();
  private readonly byName = new Map<string, string>();
  private readonly topLevelUids = new Set<string>();
  /** Dependency edges: uid → uids of resources that wait for it. Derived from annotations. */
  readonly dependents = new Map<string, string[]>();
  /** Top-level resources not yet finished: the run ends when this reaches zero. */
  unfinished = 0;
  /** Entries changed since the last drain; evicted ones stay here until they are written. */
  private readonly changed = new Map<string, Entry>();
  private readonly removed = new Set<string>();
  /** Indexes of running workflows derived from their nodes (by name, queues), rebuilt after a restart. */
  readonly workflows = new WorkflowMemory();
  /** The back-off base for resources without a baton.dev/backoff-base annotation. */
  backoffBaseMs = 10_000;
  /**
   * Keep a Job's finished pods in memory. Off in the runtime: once counted and written, a pod
   * lives on in the store only, so memory follows the active pods, not the history. The
   * simulation turns it on to recount statuses from the pods.
   */
  retainFinishedPods = false;

  get(uid: string): Entry | undefined {
    return this.entries.get(uid);
  }

  /** A submitted resource by name. */
  lookup(kind: string, namespace: string, name: string): Entry | undefined {
    const uid = this.byName.get(`${kind}/${namespace}/${name}`);
    return uid === undefined ? undefined : this.entries.get(uid);
  }

  add(entry: Entry): void {
    // An object deleted and created again in one tick (a node re-run by `retry`) is written, not deleted.
    if (this.removed.size > 0) this.removed.delete(entry.object.metadata.uid);
    this.index(entry);
    this.touch(entry);
  }

  private index(entry: Entry): void {
    const m = entry.object.metadata;
    this.entries.set(m.uid, entry);
    if (!entry.topLevel) return;
    // Only submitted resources are looked up by name (depends-on); pods of Jobs never are.
    this.byName.set(`${entry.kind}/${m.namespace}/${m.name}`, m.uid);
    this.topLevelUids.add(m.uid);
    if (!entry.finished) this.unfinished++;
  }

  remove(entry: Entry): void {
    this.evict(entry);
    this.removeUid(entry.object.metadata.uid);
  }

  /** Deletes an object from the store too, whether or not it is still in memory. */
  removeUid(uid: string): void {
    const e = this.entries.get(uid);
    if (e) this.evict(e);
    this.changed.delete(uid);
    this.removed.add(uid);
  }

  /** Drops an entry from memory; a pending change of it is still written. */
  evict(entry: Entry): void {
    const m = entry.object.metadata;
    this.entries.delete(m.uid);
    if (!entry.topLevel) return;
    this.byName.delete(`${entry.kind}/${m.namespace}/${m.name}`);
    this.topLevelUids.delete(m.uid);
  }

  touch(entry: Entry): void {
    this.changed.set(entry.object.metadata.uid, entry);
  }

  markFinished(entry: Entry): void {
    if (entry.finished) return;
    entry.finished = true;
    if (entry.topLevel) this.unfinished--;
    this.touch(entry);
  }

  /** Undoes markFinished: a finished workflow that `retry` runs again. */
  reopen(entry: Entry): void {
    if (!entry.finished) return;
    entry.finished = false;
    if (entry.topLevel) this.unfinished++;
    this.touch(entry);
  }

  /** Takes what changed since the last call, as store rows. */
  drainChanges(): { put: StoredObject[]; remove: string[] } {
    // Sized up front: called after every event, and most calls have a few rows and nothing removed.
    const put = new Array<StoredObject>(this.changed.size);
    let i = 0;
    for (const e of this.changed.values()) put[i++] = toStored(e);
    const remove = this.removed.size === 0 ? [] : [...this.removed];
    this.changed.clear();
    this.removed.clear();
    return { put, remove };
  }

  /** Rebuilds the state of a run from its stored rows (finished pods of controllers stay in the store). */
  static fromStored(rows: StoredObject[], options: { retainFinishedPods?: boolean } = {}): EngineState {
    const state = new EngineState();
    state.retainFinishedPods = options.retainFinishedPods ?? false;
    for (const row of rows) {
      const entry = row.body as Entry;
      if (!state.retainFinishedPods && entry.kind === "Pod" && entry.pod.owner !== undefined && entry.finished) continue;
      state.index(entry);
    }
    state.workflows.rebuild(state.entries.values());
    return state;
  }

  topLevel(): Entry[] {
    const out: Entry[] = [];
    for (const uid of this.topLevelUids) out.push(this.entries.get(uid)!);
    return out;
  }
}

export function toStored(e: Entry): StoredObject {
  const m = e.object.metadata;
  return { uid: m.uid, kind: e.kind, namespace: m.namespace, name: m.name, body: e };
}

