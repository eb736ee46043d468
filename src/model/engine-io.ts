import type { ClusterEvent } from "./cluster-event.js";
import type { ContainerKey, ContainerLaunch, ExecutorReport } from "./executor.js";
import type { Resource } from "./resource.js";

/** What reaches the engine. Time arrives in events (`at`, ms since the epoch). */
export type EngineEvent =
  | { type: "Submitted"; resources: Resource[]; at: number }
  | ExecutorReport
  | { type: "TimerFired"; key: string; at: number }
  | { type: "SuspendChanged"; uid: string; suspend: boolean; at: number }
  /** Ends everything now (Ctrl-C): running pods are killed, unfinished resources end as stopped. */
  | { type: "StopRequested"; at: number; message: string }
  /**
   * The engine was restarted from stored state: every pending timer is set again; containers the
   * executor took over (`adopted`: still running, or ended with their exits following this event)
   * go on; the other live containers were lost, and are handled as killed (a pod that cannot
   * restart them in place fails with a DisruptionTarget condition).
   */
  | { type: "Resumed"; at: number; adopted?: ContainerKey[] }
  /**
   * The API deleted a top-level resource (kubectl delete, propagation Background): its running pods
   * are killed, and it leaves the store together with everything it owns.
   */
  | { type: "Deleted"; uid: string; at: number }
  /**
   * `baton apply` changed the mutable part of a resource the engine already has (the API checked
   * which fields may change: a Job's suspend and parallelism, a CronJob's or CronWorkflow's spec).
   * `resource` is the whole new manifest with the stored uid.
   */
  | { type: "Updated"; resource: Resource; at: number }
  /** An argo-style command on a workflow (`baton suspend|resume|stop|terminate|retry`). */
  | { type: "WorkflowCommand"; uid: string; command: WorkflowCommand; at: number };

/**
 * Argo's workflow commands. `resume` also ends suspend nodes that wait without a duration
 * (all of them, or those named by `node`); `retry` re-runs the failed nodes of a finished
 * workflow (or, with `node`, that node and what depends on it).
 */
export type WorkflowCommand =
  | { verb: "suspend" }
  | { verb: "resume"; node?: string }
  | { verb: "stop"; message?: string }
  | { verb: "terminate" }
  | { verb: "retry"; node?: string };

/** What the engine asks for. Data only: the runtime performs them after committing. */
export type Action =
  | { type: "StartContainer"; launch: ContainerLaunch }
  | { type: "KillPod"; podUid: string; gracePeriodSeconds: number }
  | { type: "SetTimer"; key: string; at: number }
  | { type: "Emit"; event: ClusterEvent };
