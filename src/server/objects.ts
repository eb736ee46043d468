import type { ListedObject, NodeStatus, Resource, Store } from "../model/index.js";
import { DEFINITIONS_RUN, SERVER_RUN } from "../app/index.js";

/** A stored row's object: engine rows keep it under `object`, definitions too. */
export function objectOf(row: ListedObject): Resource {
  return (row.body as { object: Resource }).object;
}

/**
 * The runs `baton get` shows: the server's own, its definitions, and runs of `baton run` still
 * going; `all` adds every finished run in the store.
 */
export async function visibleRuns(store: Store, all: boolean): Promise<string[] | undefined> {
  if (all) return undefined;
  const running = await store.listRuns({ phase: "Running" });
  return [...new Set([SERVER_RUN, DEFINITIONS_RUN, ...running.map((r) => r.id)])];
}

export interface Query {
  kind: string;
  namespace?: string;
  name?: string;
  all?: boolean;
}

export async function findObjects(store: Store, q: Query): Promise<ListedObject[]> {
  const runs = await visibleRuns(store, q.all ?? false);
  return store.listObjects({
    kind: q.kind,
    ...(q.namespace === undefined ? {} : { namespace: q.namespace }),
    ...(q.name === undefined ? {} : { name: q.name }),
    ...(runs === undefined ? {} : { runs }),
  });
}

/** One object of the server's own runs (what may be changed or deleted), or undefined. */
export async function findOwn(store: Store, kind: string, namespace: string, name: string): Promise<ListedObject | undefined> {
  const runs = kind === "WorkflowTemplate" ? [DEFINITIONS_RUN] : [SERVER_RUN];
  return (await store.listObjects({ kind, namespace, name, runs }))[0];
}

/**
 * A workflow read whole, as Argo shows it: `status.nodes` assembled from the node rows, in creation
 * order (Baton keeps each node as a row of its own, so a workflow has no size limit).
 */
export async function withNodes(store: Store, row: ListedObject): Promise<Resource> {
  const wf = objectOf(row);
  if (wf.kind !== "Workflow") return wf;
  const rows = await store.listObjects({ kind: "WorkflowNode", namespace: wf.metadata.namespace, runs: [row.run] });
  const nodes: Record<string, NodeStatus> = {};
  const mine: { status: NodeStatus; seq: number }[] = [];
  for (const r of rows) {
    const body = r.body as { object: { status: NodeStatus }; node: { workflow: string; seq: number } };
    if (body.node.workflow === wf.metadata.uid) mine.push({ status: body.object.status, seq: body.node.seq });
  }
  for (const n of mine.sort((a, b) => a.seq - b.seq)) nodes[n.status.id] = n.status;
  return { ...wf, status: { ...wf.status, nodes } };
}
