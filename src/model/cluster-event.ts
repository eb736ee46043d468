import type { ObjectReference } from "./meta.js";

/** A Kubernetes-shaped event (core/v1 Event): what `--events FILE` and the event stream carry. */
export interface ClusterEvent {
  type: "Normal" | "Warning";
  reason: string;
  message: string;
  involvedObject: ObjectReference;
  eventTime: string;
  reportingComponent: string;
}
