import type { ClusterEvent } from "./cluster-event.js";

export const RunPhase = {
  Running: "Running",
  Succeeded: "Succeeded",
  Failed: "Failed",
  Stopped: "Stopped",
} as const;
export type RunPhase = (typeof RunPhase)[keyof typeof RunPhase];

/** One `baton run`: the resources submitted together, and which engine process owns them. */
export interface RunRecord {
  id: string;
  phase: RunPhase;
  createdAt: string;
  finishedAt?: string;
  /** The files the resources came from, as given. */
  sources: string[];
  /** A digest of the submitted resources: a re-run of the same input can resume an interrupted run. */
  digest: string;
  owner: { pid: number; startedAt: string };
}

/** An object the engine keeps: a resource (with status) or the engine's own record for it. */
export interface StoredObject {
  uid: string;
  kind: string;
  namespace: string;
  name: string;
  body: unknown;
}

/** Everything one reconcile tick changed, written in one transaction. */
export interface CommitBatch {
  run: string;
  put: StoredObject[];
  remove: string[];
  events: ClusterEvent[];
  runPhase?: { phase: RunPhase; finishedAt?: string };
}

/**
 * Durable state. Every change the engine decides is committed here before it is acted on.
 * Implementations: SQLite (embedded default), PostgreSQL (later); one shared test suite.
 */
export interface Store {
  createRun(run: RunRecord): Promise<void>;
  getRun(id: string): Promise<RunRecord | undefined>;
  /** Runs still marked Running, newest first. */
  listRuns(filter?: { phase?: RunPhase; digest?: string }): Promise<RunRecord[]>;
  /** Takes over a run (after its owner died): records the new owner. */
  claimRun(id: string, owner: RunRecord["owner"]): Promise<void>;
  loadObjects(run: string): Promise<StoredObject[]>;
  commit(batch: CommitBatch): Promise<void>;
  listEvents(run: string): Promise<ClusterEvent[]>;
  close(): Promise<void>;
}
