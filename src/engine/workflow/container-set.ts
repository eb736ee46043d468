import { BatonAnnotation, type Container, type ContainerStatus, type NodePhase, type Template } from "../../model/index.js";
import { DEPENDENCY_FAILED_EXIT } from "../container-graph.js";
import type { NodeEntry, PodEntry } from "../state.js";
import type { Ctx } from "./context.js";
import { nodeUid } from "./ids.js";
import { createNode, setRunning } from "./nodes.js";
import { linkContainerNodes } from "./node-links.js";
import { substituteDeep, type Lookup } from "./scope.js";

/**
 * Argo's containerSet template (executeContainerSet, and podReconciliation for its nodes): one pod
 * whose containers run as a graph, which the kubelet keeps (container-graph.ts, told by two
 * annotations); inputs and outputs belong to the container named `main`. Each container has a node
 * of type Container under the Pod node, linked as Argo links them (a container is a child of those
 * it depends on), whose phase follows its container's state.
 */

export interface ContainerSetPod {
  containers: Container[];
  annotations: Record<string, string>;
  /** The container whose stdout and files are the node's outputs. */
  main: string | undefined;
}

export const MAIN_CONTAINER = "main";

export function containerSetPod(t: Template, lookup: Lookup): ContainerSetPod {
  const set = t.containerSet!;
  const containers = set.containers.map(({ dependencies: _d, ...c }) => substituteDeep({ ...c, env: [...(t.env ?? []), ...(c.env ?? [])] }, lookup));
  const annotations: Record<string, string> = {};
  const graph = Object.fromEntries(set.containers.filter((c) => (c.dependencies ?? []).length > 0).map((c) => [c.name, c.dependencies]));
  if (Object.keys(graph).length > 0) annotations[BatonAnnotation.containerDependencies] = JSON.stringify(graph);
  if (set.retryStrategy !== undefined) annotations[BatonAnnotation.containerRetries] = JSON.stringify(substituteDeep(set.retryStrategy, lookup));
  return { containers, annotations, main: containers.some((c) => c.name === MAIN_CONTAINER) ? MAIN_CONTAINER : undefined };
}

/** The Container nodes of a containerSet's Pod node, made with its pod: Pending until their containers run. */
export function createContainerNodes(c: Ctx, pod: NodeEntry, t: Template): void {
  const s = pod.object.status;
  for (const container of t.containerSet!.containers) {
    const name = `${s.name}.${container.name}`;
    if (c.tick.state.get(nodeUid(c.w.object.metadata.uid, name))) continue;
    createNode(c.tick, c.w, { name, displayName: container.name, type: "Container", parent: pod, boundaryID: s.id });
  }
  linkContainerNodes(c.tick, c.w, pod, t.containerSet!.containers);
}

/** The Container nodes follow their containers: waiting → Pending, running → Running, exited → by the exit code. */
export function syncContainerNodes(c: Ctx, pod: NodeEntry, p: PodEntry, t: Template): void {
  const s = pod.object.status;
  const terminal = p.object.status.phase === "Succeeded" || p.object.status.phase === "Failed";
  for (const container of t.containerSet!.containers) {
    const n = c.tick.state.get(nodeUid(c.w.object.metadata.uid, `${s.name}.${container.name}`));
    if (n?.kind !== "WorkflowNode" || n.finished) continue;
    const status = p.object.status.containerStatuses.find((cs) => cs.name === container.name);
    const ended = status === undefined ? undefined : endOf(status);
    if (ended) c.fulfill(n, ended.phase, ended.message);
    else if (terminal) c.fulfill(n, "Failed", p.object.status.message ?? "the pod ended before the container ran");
    else if (status?.state.running !== undefined || (status?.restartCount ?? 0) > 0) {
      if (n.object.status.phase !== "Running") setRunning(c.tick, n);
    }
  }
}

/** Argo's phase for an exited container: 0 Succeeded, 64 (the emissary's own failure) Error, else Failed. */
function endOf(status: ContainerStatus): { phase: NodePhase; message?: string } | undefined {
  const t = status.state.terminated;
  if (t === undefined) return undefined;
  if (t.exitCode === 0) return { phase: "Succeeded" };
  const message = `${t.reason ?? "Error"} (exit code ${t.exitCode})${t.message ? `: ${t.message}` : ""}`;
  return { phase: t.exitCode === DEPENDENCY_FAILED_EXIT ? "Error" : "Failed", message };
}
