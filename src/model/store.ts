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

/** An object as listed across runs: which run holds it, and when that run ended if it did. */
export interface ListedObject extends StoredObject {
  run: string;
}

export interface ObjectFilter {
  kind?: string;
  namespace?: string;
  name?: string;
  /** Only objects of these runs; every run if left out. */
  runs?: string[];
}

/** A recorded event with its id: ids grow with every commit, so a reader resumes after the last it saw. */
export interface StoredEvent {
  id: number;
  run: string;
  event: ClusterEvent;
}

/** Everything one reconcile tick changed, written in one transaction. */
export interface CommitResult {
  lastEventId?: number;
  /** Objects the batch removed, as they were stored; absent when it removed none. */
  removed?: StoredObject[];
}

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
  /** Deletes a run with its objects and events (history retention). */
  deleteRun(id: string): Promise<void>;
  /**
   * Returns the id of the last event written, if the batch had events, and the last stored state of
   * each object the batch removed (a watch tells it with DELETED, as Kubernetes does).
   */
  commit(batch: CommitBatch): Promise<CommitResult>;
  listEvents(run: string): Promise<ClusterEvent[]>;
  /** Objects by kind, namespace and name, across runs (what `baton get` lists). */
  listObjects(filter: ObjectFilter): Promise<ListedObject[]>;
  /** Events after the given id (0: from the start), oldest first, at most `limit`. */
  readEvents(options: { after: number; limit: number; run?: string }): Promise<StoredEvent[]>;
  close(): Promise<void>;
}
