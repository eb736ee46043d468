import type { ContainerOutputs, ContinueOn, CronJob, CronWorkflow, Invocation, Job, NodeStatus, ObjectMeta, Pod, Workflow } from "../model/index.js";

/** The engine's own record of a Job: what Kubernetes keeps in pods, finalizers and annotations. */
export interface JobTracking {
  /** Pods created so far: the sequence behind pod names. */
  podSeq: number;
  /** Uids of pods not yet terminal (running, pending or terminating). */
  activePods: string[];
  /** Kubernetes' back-off record: failures since the last success, and when the last one was. */
  failuresSinceSuccess: number;
  lastFailureAt?: number;
  /** Sum of container restarts (OnFailure) of active pods, for backoffLimit. */
  activeRestarts: number;
  /** Indexed mode: the first index never started, indexes to run again, per-index failures. */
  nextIndex: number;
  retryIndexes: Record<string, number>;
  succeededIndexes: [number, number][];
  failedIndexes: [number, number][];
  indexFailures: Record<string, number>;
  /** The end decided but not reached: pods are being terminated first. */
  finishing?: { type: "Complete" | "Failed"; reason: string; message: string };
}

/** The engine's own record of a Pod: what the kubelet keeps in memory. */
export interface PodTracking {
  /** The owning Job's or Workflow's uid, for pods a controller created. */
  owner?: string;
  /** The workflow node this pod runs, for pods of a Workflow. */
  node?: string;
  index?: number;
  /** Containers launched and not yet exited. */
  live: string[];
  /** For a workflow's pod: what its main container must hand back, and a script to run. */
  capture?: { container: string; stdout: boolean; files: string[]; script?: string };
  /** What the main container handed back when it exited. */
  outputs?: ContainerOutputs;
  /** Whether the owning Job's `ready` and `terminating` counters include this pod now. */
  counted?: { ready: boolean; terminating: boolean };
  /** Set once the pod is being terminated; why decides its final reason and whether it counts. */
  killing?: { reason: KillReason; message: string };
}

export const KillReason = {
  Deleted: "Deleted",
  DeadlineExceeded: "DeadlineExceeded",
  Suspended: "Suspended",
  Stopped: "Stopped",
} as const;
export type KillReason = (typeof KillReason)[keyof typeof KillReason];

/** Bookkeeping common to every top-level resource and pod. */
export interface Common {
  /** Unfinished dependencies (baton.dev/depends-on) that hold this resource. */
  waitingFor: number;
  /** Timers set and not yet fired: key → time. Set again after a restart. */
  timers: Record<string, number>;
  /** Submitted by the user (not created by a controller). */
  topLevel: boolean;
  finished: boolean;
}

export interface JobEntry extends Common {
  kind: "Job";
  object: Job;
  job: JobTracking;
}
export interface PodEntry extends Common {
  kind: "Pod";
  object: Pod;
  pod: PodTracking;
}

/** The engine's own record of a Workflow. */
export interface WorkflowTracking {
  /** workflow.outputs.parameters published by globalName. */
  globals: Record<string, string>;
  /** Set once the main part ended: the exit handler runs, then the workflow ends with this phase. */
  ending?: { phase: "Succeeded" | "Failed" | "Error"; message?: string };
  /** Set when the workflow is being stopped (deadline, Ctrl-C): nodes that start now fail with it. */
  stopping?: string;
  /** Stopped by the user: the exit handler does not run. */
  terminated?: boolean;
}

/** A node of a workflow's status.nodes, kept as an object of its own so a change writes one small row. */
export interface NodeObject {
  apiVersion: "argoproj.io/v1alpha1";
  kind: "WorkflowNode";
  metadata: ObjectMeta;
  status: NodeStatus;
}

/** What the workflow controller needs to continue a node; Argo derives this from status on every pass. */
export interface NodeTracking {
  workflow: string;
  /** The node told when this one is fulfilled (its step group, task group, DAG, retry, or the workflow). */
  parent?: string;
  /** Creation order within the workflow. */
  seq: number;
  /** The template this node runs (its key in the workflow's templates). */
  template?: string;
  /** The step or task this node stands for, in its parent's template; its index for a step group. */
  task?: string;
  /** Nodes that must still end before this one can (children of a group, tasks of a DAG). */
  pending?: number;
  /** Direct children running now, for a template's parallelism. */
  active?: number;
  /** Retry: attempts made. */
  attempts?: number;
  /** The pod running this node, for Pod nodes. */
  pod?: string;
  /** The boundary (steps or DAG node) whose template parallelism this node counts against. */
  slot?: string;
  /** Holds one of its boundary's parallelism slots until it ends. */
  holdsSlot?: boolean;
  /** Waiting for a slot: of its boundary's parallelism or of the workflow's. */
  queued?: "boundary" | "workflow";

  /** What the DAG decided about a task that never ran, for its dependents: its branch's phase. */
  branchPhase?: string;
  /** An iteration of a loop: the uid standing for the whole loop (`steps.X` of a looped step), and its index. */
  loopOf?: string;
  /** A step's or task's continueOn: a failure that does not stop its parent. */
  continueOn?: ContinueOn;
  /** A step's or task's exit hook (arguments resolved), run once the node ends. */
  exitHook?: Invocation;
  /** The first failure among this node's children that stops it: its phase and message. */
  failure?: { phase: "Failed" | "Error"; message: string };
  /** The node is a hook (onExit) of the node with this uid. */
  hookOf?: string;
}

export interface WorkflowEntry extends Common {
  kind: "Workflow";
  object: Workflow;
  wf: WorkflowTracking;
}
export interface NodeEntry extends Common {
  kind: "WorkflowNode";
  object: NodeObject;
  node: NodeTracking;
}
/**
 * The engine's own record of a CronJob or CronWorkflow: what their controllers find by listing the
 * objects that name them as owner.
 */
export interface CronTracking {
  /** Uids of the Jobs or Workflows it created that may still exist, oldest first. */
  children: string[];
  /** The missed schedule time last reported (MissSchedule), so that one miss is reported once. */
  missReported?: number;
  /** CronWorkflow: the schedule time its timer is set for. */
  due?: number;
}

export interface CronJobEntry extends Common {
  kind: "CronJob";
  object: CronJob;
  cron: CronTracking;
}
export interface CronWorkflowEntry extends Common {
  kind: "CronWorkflow";
  object: CronWorkflow;
  cron: CronTracking;
}
export type CronEntry = CronJobEntry | CronWorkflowEntry;

export type Entry = JobEntry | PodEntry | WorkflowEntry | NodeEntry | CronJobEntry | CronWorkflowEntry;
