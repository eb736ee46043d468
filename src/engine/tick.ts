import type { Action, ClusterEvent, ObjectReference } from "../model/index.js";
import type { EngineState, Entry } from "./state.js";

const lastIso = { at: Number.NaN, text: "" };

/** A time as Kubernetes writes timestamps; formatting is costly and most calls repeat the last time. */
export function isoAt(at: number): string {
  if (lastIso.at !== at) {
    lastIso.at = at;
    lastIso.text = new Date(at).toISOString();
  }
  return lastIso.text;
}

/** One event's worth of decisions: the time it happened, the state, and the actions decided. */
export class Tick {
  readonly actions: Action[] = [];

  constructor(
    readonly state: EngineState,
    readonly at: number,
  ) {}

  /** The event's time as Kubernetes writes timestamps. */
  get iso(): string {
    return isoAt(this.at);
  }

  act(action: Action): void {
    this.actions.push(action);
  }

  setTimer(entry: Entry, purpose: string, at: number): void {
    const key = `${entry.object.metadata.uid}/${purpose}`;
    if (entry.timers[key] === at) return;
    entry.timers[key] = at;
    this.state.touch(entry);
    this.actions.push({ type: "SetTimer", key, at });
  }

  clearTimer(entry: Entry, purpose: string): void {
    const key = `${entry.object.metadata.uid}/${purpose}`;
    if (key in entry.timers) {
      delete entry.timers[key];
      this.state.touch(entry);
    }
  }

  /** Records a Kubernetes-shaped event about an object. */
  event(entry: Entry, type: ClusterEvent["type"], reason: string, message: string, component?: string): void {
    const o = entry.object;
    const involvedObject: ObjectReference = {
      apiVersion: o.apiVersion,
      kind: o.kind,
      namespace: o.metadata.namespace,
      name: o.metadata.name,
      uid: o.metadata.uid,
    };
    const reportingComponent = component ?? (o.kind === "Pod" ? "kubelet" : "job-controller");
    this.actions.push({ type: "Emit", event: { type, reason, message, involvedObject, eventTime: this.iso, reportingComponent } });
  }
}

/** Splits a timer key into the uid of its object and its purpose. */
export function parseTimerKey(key: string): { uid: string; purpose: string } {
  const slash = key.indexOf("/");
  return { uid: key.slice(0, slash), purpose: key.slice(slash + 1) };
}
