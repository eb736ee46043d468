import { randomUUID } from "node:crypto";
import type { ClusterEvent, CommitBatch, RunRecord, StoredObject } from "../model/index.js";

/** A Running run with a unique id; ordering tests pass their own `createdAt`. */
export function aRun(overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    id: `run-${randomUUID()}`,
    phase: "Running",
    createdAt: "2025-03-01T10:00:00.000Z",
    sources: ["jobs/primes.yaml", "pods/hello.yaml"],
    digest: "sha256:0f1e2d",
    owner: { pid: 4242, startedAt: "2025-03-01T09:59:59.000Z" },
    ...overrides,
  };
}

/** A Pod-shaped body: nested objects and arrays, strings with quotes and non-ASCII, numbers, null. */
export function aPod(uid: string, overrides: Partial<StoredObject> = {}): StoredObject {
  const name = `pod-${uid}`;
  return {
    uid,
    kind: "Pod",
    namespace: "default",
    name,
    body: {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name, namespace: "default", uid, labels: { app: "primes" }, annotations: {} },
      spec: {
        restartPolicy: "OnFailure",
        containers: [{ name: "main", image: "busybox", command: ["sh", "-c", 'echo "héllo ✓"'], args: [] }],
      },
      status: {
        phase: "Running",
        conditions: [{ type: "Ready", status: "True", lastTransitionTime: null }],
        containerStatuses: [{ name: "main", restartCount: 2, ready: true, exitCode: -1.5e3 }],
      },
    },
    ...overrides,
  };
}

export function anEvent(reason: string, message = `${reason} happened`): ClusterEvent {
  return {
    type: reason.startsWith("Fail") ? "Warning" : "Normal",
    reason,
    message,
    involvedObject: { apiVersion: "batch/v1", kind: "Job", namespace: "default", name: "primes", uid: "job-1" },
    eventTime: "2025-03-01T10:00:01.000000Z",
    reportingComponent: "baton",
  };
}

export function aBatch(run: string, parts: Partial<Omit<CommitBatch, "run">> = {}): CommitBatch {
  return { run, put: [], remove: [], events: [], ...parts };
}

/** The port does not promise an order for loadObjects, so comparisons go through this. */
export function byUid(objects: StoredObject[]): StoredObject[] {
  return [...objects].sort((a, b) => (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
}

export function cyclic(): unknown {
  const node: { name: string; self?: unknown } = { name: "loop" };
  node.self = node;
  return node;
}
