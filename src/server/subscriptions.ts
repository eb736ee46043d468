import type { ClusterEvent, StoredObject } from "../model/index.js";
import type { Entry } from "../engine/index.js";
import type { Runtime } from "../runtime/index.js";

/** What a watcher receives about an object: Kubernetes' watch event types. */
export interface WatchEvent {
  type: "ADDED" | "MODIFIED" | "DELETED";
  /** For DELETED, the object as it was last stored (only the uid for one never stored). */
  object: { kind?: string; metadata: { uid: string; name?: string; namespace?: string }; [field: string]: unknown };
  /** For a workflow node: the workflow it belongs to. */
  workflow?: string;
  /** The engine's whole record (object and tracking), for clients that mirror a run (`baton run`). */
  entry?: Entry;
}

type EventSink = (event: ClusterEvent, id: number) => void;
type WatchSink = (event: WatchEvent) => void;

/**
 * Fans the runtime's committed changes out to the open streams. One listener on the runtime, a
 * set of sinks per stream kind; a closed stream removes its sink.
 */
export class Subscriptions {
  private readonly eventSinks = new Set<EventSink>();
  private readonly watchSinks = new Set<WatchSink>();

  constructor(runtime: Runtime) {
    runtime.listen({
      event: (e, id) => {
        if (id !== undefined) for (const s of this.eventSinks) s(e, id);
      },
      changed: (entries) => this.changed(entries),
      removed: (uids, last) => this.removed(uids, last),
    });
  }

  onEvent(sink: EventSink): () => void {
    this.eventSinks.add(sink);
    return () => this.eventSinks.delete(sink);
  }

  /** Whether any watch stream is open (sampling work can be skipped when none is). */
  get watching(): boolean {
    return this.watchSinks.size > 0;
  }

  /** A change that does not come from the engine (a queue's stats). */
  publish(event: WatchEvent): void {
    this.tell(event);
  }

  onWatch(sink: WatchSink): () => void {
    this.watchSinks.add(sink);
    return () => this.watchSinks.delete(sink);
  }

  private changed(entries: Entry[]): void {
    if (this.watchSinks.size === 0) return;
    // Every change is MODIFIED: a watcher lists what exists first (ADDED), then follows changes.
    for (const e of entries) this.tell(watchEvent("MODIFIED", e));
  }

  /** As Kubernetes: DELETED carries the object's last state. */
  private removed(uids: string[], last: ReadonlyMap<string, StoredObject>): void {
    if (this.watchSinks.size === 0) return;
    for (const uid of uids) {
      const stored = last.get(uid);
      this.tell(stored ? watchEvent("DELETED", stored.body as Entry) : { type: "DELETED", object: { metadata: { uid } } });
    }
  }

  private tell(event: WatchEvent): void {
    for (const s of this.watchSinks) s(event);
  }
}

function watchEvent(type: "MODIFIED" | "DELETED", e: Entry): WatchEvent {
  const object = e.object as unknown as WatchEvent["object"];
  return { type, object, entry: e, ...(e.kind === "WorkflowNode" ? { workflow: e.node.workflow } : {}) };
}
