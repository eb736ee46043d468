import type { ClusterEvent } from "./cluster-event.js";
import type { ContainerLaunch, ExecutorReport } from "./executor.js";
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
   * The engine was restarted from stored state: pods whose processes were lost fail with a
   * DisruptionTarget condition, and every pending timer is set again.
   */
  | { type: "Resumed"; at: number };

/** What the engine asks for. Data only: the runtime performs them after committing. */
export type Action =
  | { type: "StartContainer"; launch: ContainerLaunch }
  | { type: "KillPod"; podUid: string; gracePeriodSeconds: number }
  | { type: "SetTimer"; key: string; at: number }
  | { type: "Emit"; event: ClusterEvent };
