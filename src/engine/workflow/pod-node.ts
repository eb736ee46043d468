import type { Container, Pod, Template, Workflow } from "../../model/index.js";
import { podUid } from "../ids.js";
import { initPodStatus, startPod } from "../pod.js";
import type { NodeEntry, PodEntry } from "../state.js";
import type { Ctx } from "./context.js";
import { podName } from "./ids.js";
import { setRunning, templateOfNode } from "./nodes.js";
import { setOutputs } from "./outputs.js";
import { chain, inputsLookup, mapLookup, substituteDeep, type Lookup } from "./scope.js";
import { containerSetPod, createContainerNodes } from "./container-set.js";
import { ExprError } from "../../expr/index.js";
import { argoDurationMs } from "../../spec/index.js";
import { holdsPods } from "./suspend.js";

/** A container or script template: one pod, unless the workflow's parallelism makes it wait. */
export function startPodNode(c: Ctx, n: NodeEntry): void {
  if (holdsPods(c.w)) {
    // Held, Pending, until `resume` (suspend.ts): a node out of a queue leaves it for good. Written
    // now: admit() may have given it a slot of its boundary, and nothing else touches it until resume.
    delete n.node.queued;
    c.tick.state.touch(n);
    return;
  }
  const limit = c.w.object.spec.parallelism;
  if (limit !== undefined && c.tick.state.workflows.activePods(c.w.object.metadata.uid) >= limit) {
    n.node.queued = "workflow";
    c.tick.state.touch(n);
    c.tick.state.workflows.enqueue(c.w.object.metadata.uid, n);
    return;
  }
  delete n.node.queued;
  try {
    createPod(c, n);
  } catch (err) {
    if (!(err instanceof ExprError)) throw err;
    c.fulfill(n, "Error", err.message);
  }
}

function createPod(c: Ctx, n: NodeEntry): void {
  const { tick, w } = c;
  const wf = w.object;
  const t = templateOfNode(w, n)!;
  const status = n.object.status;
  const name = podName(wf.metadata.name, t.name.slice(t.name.indexOf("/") + 1), status.name);
  const attempt = /\((\d+)\)$/.exec(status.name);
  const lookup = chain(
    mapLookup({ "pod.name": name, "node.name": status.name, retries: attempt ? attempt[1]! : "0" }),
    inputsLookup(status),
    c.workflowVars,
  );
  const { containers, annotations, main } = podContainers(t, lookup);
  const files = t.outputs.parameters.filter((p) => p.valueFrom?.path !== undefined).map((p) => substituteDeep(p.valueFrom!.path!, lookup));
  const deadline = t.activeDeadlineSeconds ?? (t.timeout !== undefined ? String((argoDurationMs(t.timeout) ?? 0) / 1000) : undefined);
  // The node's creation number, not 0: a node that `retry` runs again gets a pod of its own, and a
  // late report about the old pod finds nothing.
  const uid = podUid(n.object.metadata.uid, n.node.seq);
  const pod: Pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: wf.metadata.namespace,
      uid,
      labels: podLabels(wf, t),
      annotations: { ...t.metadata.annotations, ...annotations, "workflows.argoproj.io/node-name": status.name, "workflows.argoproj.io/node-id": status.id },
      creationTimestamp: tick.iso,
      ownerReferences: [{ apiVersion: wf.apiVersion, kind: "Workflow", name: wf.metadata.name, uid: wf.metadata.uid, controller: true }],
    },
    spec: {
      ...(t.initContainers ? { initContainers: substituteDeep(t.initContainers, lookup) } : {}),
      containers,
      restartPolicy: "Never",
      terminationGracePeriodSeconds: wf.spec.podSpec?.terminationGracePeriodSeconds ?? 30,
      ...(deadline !== undefined ? { activeDeadlineSeconds: Number(substituteDeep(deadline, lookup)) } : {}),
    },
    status: { phase: "Pending", conditions: [], initContainerStatuses: [], containerStatuses: [] },
  };
  const p: PodEntry = {
    kind: "Pod",
    object: pod,
    pod: { owner: wf.metadata.uid, node: n.object.metadata.uid, live: [], ...(main ? { capture: { container: main.name, stdout: true, files, ...(main.script !== undefined ? { script: main.script } : {}) } } : {}) },
    waitingFor: 0,
    timers: {},
    topLevel: false,
    finished: false,
  };
  initPodStatus(p);
  tick.state.add(p);
  n.node.pod = uid;
  status.podName = name;
  setRunning(tick, n);
  tick.state.workflows.addPods(wf.metadata.uid, 1);
  if (t.containerSet) createContainerNodes(c, n, t);
  startPod(tick, p);
}

/** A pod's containers: the template's one, or a containerSet's; and the one whose outputs are the node's. */
function podContainers(t: Template, lookup: Lookup): { containers: Container[]; annotations: Record<string, string>; main?: { name: string; script?: string } } {
  if (t.containerSet) {
    const set = containerSetPod(t, lookup);
    return { containers: set.containers, annotations: set.annotations, ...(set.main !== undefined ? { main: { name: set.main } } : {}) };
  }
  const { source: script, ...rest } = t.script ?? { ...t.container!, source: undefined };
  const main: Container = substituteDeep({ ...rest, name: rest.name || "main", env: [...(t.env ?? []), ...(rest.env ?? [])] }, lookup);
  return { containers: [main], annotations: {}, main: { name: main.name, ...(script !== undefined ? { script: substituteDeep(script, lookup) } : {}) } };
}

/** The labels of a workflow's pod: its template's, and the workflow's name. */
export function podLabels(wf: Workflow, t: Template): Record<string, string> {
  return { ...t.metadata.labels, "workflows.argoproj.io/workflow": wf.metadata.name };
}

/** The pod of a Pod node ended: the node's outputs and phase, as Argo's executor reports them. */
export function podNodeDone(c: Ctx, n: NodeEntry, p: PodEntry): void {
  c.tick.state.workflows.addPods(c.w.object.metadata.uid, -1);
  const main = p.pod.capture === undefined ? undefined : p.object.status.containerStatuses.find((s) => s.name === p.pod.capture!.container);
  const terminated = main?.state.terminated;
  const captured = p.pod.outputs;
  const t = templateOfNode(c.w, n)!;
  const exitCode = terminated?.exitCode;
  const outputs: NonNullable<NodeEntry["object"]["status"]["outputs"]> = {};
  if (captured?.stdout !== undefined) outputs.result = captured.stdout.replace(/\n+$/, "");
  if (exitCode !== undefined) outputs.exitCode = String(exitCode);
  const succeeded = p.object.status.phase === "Succeeded";
  let error: string | undefined;
  const params: { name: string; value: string }[] = [];
  const paths = p.pod.capture?.files ?? [];
  let i = 0;
  for (const param of t.outputs.parameters) {
    const from = param.valueFrom;
    if (from?.path === undefined) continue;
    const content = captured?.files?.[paths[i++] ?? ""];
    const value = content !== undefined && content !== null ? content.replace(/\n+$/, "") : from.default;
    if (value !== undefined) params.push({ name: param.name, value });
    else if (succeeded) error ??= `failed to read output parameter "${param.name}" from ${paths[i - 1] ?? from.path}: no such file`;
  }
  if (params.length > 0) outputs.parameters = params;
  setOutputs(c, n, outputs);
  if (!succeeded) return c.fulfill(n, "Failed", failureMessage(p, exitCode));
  if (error !== undefined) return c.fulfill(n, "Error", error);
  c.fulfill(n, "Succeeded");
}

/** Argo's inferFailedReason: the pod's own reason, else the first container that exited non-zero. */
function failureMessage(p: PodEntry, exitCode: number | undefined): string {
  const s = p.object.status;
  if (s.message !== undefined && s.reason !== undefined && s.reason !== "Error") return s.message;
  const failed = s.containerStatuses.find((c) => (c.state.terminated?.exitCode ?? 0) !== 0)?.state.terminated?.exitCode ?? exitCode;
  if (failed !== undefined) return `Error (exit code ${failed})`;
  return s.message ?? "pod failed";
}
