import { substitute } from "../../expr/index.js";
import { CronMetadata, type NodeStatus } from "../../model/index.js";
import type { EngineState, NodeEntry, WorkflowEntry } from "../state.js";
import { nodeUid } from "./ids.js";
import { stepsOf, templateOf } from "./templates.js";

export type Lookup = (name: string) => string | undefined;

/** Variables every template sees: `workflow.*`. */
export function workflowLookup(state: EngineState, w: WorkflowEntry, at: number): Lookup {
  const wf = w.object;
  return (name) => {
    if (!name.startsWith("workflow.")) return undefined;
    const key = name.slice(9);
    if (key.startsWith("parameters.")) {
      const p = wf.spec.arguments.parameters.find((x) => x.name === key.slice(11));
      return p?.value ?? p?.default;
    }
    if (key.startsWith("outputs.parameters.")) return w.wf.globals[key.slice(19)];
    if (key.startsWith("labels.")) return wf.metadata.labels[key.slice(7)];
    if (key.startsWith("annotations.")) return wf.metadata.annotations[key.slice(12)];
    switch (key) {
      case "name":
        return wf.metadata.name;
      case "namespace":
        return wf.metadata.namespace;
      case "uid":
        return wf.metadata.uid;
      case "mainEntrypoint":
        return wf.spec.entrypoint;
      case "serviceAccountName":
        return "default";
      case "priority":
        return "0";
      case "creationTimestamp":
      case "creationTimestamp.RFC3339":
        return wf.metadata.creationTimestamp;
      case "scheduledTime":
        // Argo's: the annotation its CronWorkflow controller writes; unknown in other workflows.
        return wf.metadata.annotations[CronMetadata.cronWorkflowScheduledTime];
      case "parameters":
        return JSON.stringify(Object.fromEntries(wf.spec.arguments.parameters.map((p) => [p.name, p.value ?? p.default ?? ""])));
      case "status":
        return w.wf.ending?.phase ?? wf.status.phase;
      case "failures":
        return JSON.stringify(failures(state, w));
      case "duration": {
        const start = wf.status.startedAt ? Date.parse(wf.status.startedAt) : at;
        return String((at - start) / 1000);
      }
    }
    return undefined;
  };
}

/** workflow.failures, as Argo lists them to exit handlers: the pod nodes that failed. Read rarely, so derived. */
function failures(state: EngineState, w: WorkflowEntry): unknown[] {
  const out: unknown[] = [];
  for (const e of state.entries.values()) {
    if (e.kind !== "WorkflowNode" || e.node.workflow !== w.object.metadata.uid) continue;
    const s = e.object.status;
    if (s.type !== "Pod" || (s.phase !== "Failed" && s.phase !== "Error")) continue;
    out.push({ displayName: s.displayName, message: s.message ?? "", templateName: s.templateName ?? "", phase: s.phase, podName: s.podName ?? "", finishedAt: s.finishedAt ?? "" });
  }
  return out;
}

/** `inputs.parameters.*` of a node. */
export function inputsLookup(status: NodeStatus): Lookup {
  return (name) => {
    if (!name.startsWith("inputs.parameters")) return undefined;
    const params = status.inputs?.parameters ?? [];
    if (name === "inputs.parameters") return JSON.stringify(Object.fromEntries(params.map((p) => [p.name, p.value])));
    return params.find((p) => `inputs.parameters.${p.name}` === name)?.value;
  };
}

export function chain(...lookups: Lookup[]): Lookup {
  return (name) => {
    for (const l of lookups) {
      const v = l(name);
      if (v !== undefined) return v;
    }
    return undefined;
  };
}

export function mapLookup(values: Record<string, string>): Lookup {
  return (name) => values[name];
}

/** A finished node's variables, as `steps.<name>.*` or `tasks.<name>.*` give them. */
function nodeField(n: NodeEntry | undefined, field: string, aggregate: () => NodeEntry[] | undefined): string | undefined {
  const children = aggregate();
  if (children !== undefined) return aggregated(children, field);
  if (!n) return undefined;
  const s = n.object.status;
  const o = s.outputs;
  if (field === "outputs.result") return o?.result;
  if (field === "exitCode" || field === "outputs.exitCode") return o?.exitCode;
  if (field === "status") return s.phase;
  if (field === "id") return s.id;
  if (field === "startedAt") return s.startedAt;
  if (field === "finishedAt") return s.finishedAt;
  if (field === "ip" || field === "hostNodeName") return field === "ip" ? "127.0.0.1" : "localhost";
  if (field === "outputs.parameters") return JSON.stringify(Object.fromEntries((o?.parameters ?? []).map((p) => [p.name, p.value])));
  if (field.startsWith("outputs.parameters.")) return o?.parameters?.find((p) => p.name === field.slice(19))?.value;
  return undefined;
}

/** Outputs of a loop: JSON lists over its iterations, as Argo aggregates them. */
function aggregated(children: NodeEntry[], field: string): string | undefined {
  if (field === "outputs.result") return JSON.stringify(children.map((c) => parseMaybe(c.object.status.outputs?.result)));
  if (field === "outputs.parameters") return JSON.stringify(children.map((c) => Object.fromEntries((c.object.status.outputs?.parameters ?? []).map((p) => [p.name, p.value]))));
  if (field.startsWith("outputs.parameters.")) {
    const name = field.slice(19);
    return JSON.stringify(children.map((c) => c.object.status.outputs?.parameters?.find((p) => p.name === name)?.value));
  }
  if (field === "status") return children.every((c) => c.object.status.phase === "Succeeded") ? "Succeeded" : "Failed";
  return undefined;
}

function parseMaybe(text: string | undefined): unknown {
  if (text === undefined) return null;
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === "object" ? v : text;
  } catch {
    return text;
  }
}

/** `steps.<name>.*` (steps templates) and `tasks.<name>.*` (DAG templates) of a boundary node. */
export function siblingsLookup(state: EngineState, w: WorkflowEntry, boundary: NodeEntry): Lookup {
  const wfUid = w.object.metadata.uid;
  const t = templateOf(w.object, boundary.node.template ?? "");
  const loops = state.workflows.loops;
  return (name) => {
    const steps = name.startsWith("steps.");
    if (!steps && !name.startsWith("tasks.")) return undefined;
    const dot = name.indexOf(".", 6);
    if (dot < 0) return undefined;
    const task = name.slice(6, dot);
    const field = name.slice(dot + 1);
    let nodeName: string;
    if (steps) {
      const g = t?.steps ? stepsOf(t.steps).groupOf.get(task) : undefined;
      if (g === undefined) return undefined;
      nodeName = `${boundary.object.status.name}[${g}].${task}`;
    } else nodeName = `${boundary.object.status.name}.${task}`;
    const uid = nodeUid(wfUid, nodeName);
    const n = state.get(uid);
    return nodeField(n?.kind === "WorkflowNode" ? n : undefined, field, () => {
      const list = loops.get(uid);
      return list?.map((u) => state.get(u)).filter((e): e is NodeEntry => e?.kind === "WorkflowNode");
    });
  };
}

/** What the children and outputs of a steps or DAG node read: siblings, the node's inputs, the workflow. */
export function boundaryScope(state: EngineState, w: WorkflowEntry, boundary: NodeEntry, workflowVars: Lookup): Lookup {
  return chain(siblingsLookup(state, w, boundary), inputsLookup(boundary.object.status), workflowVars);
}

/** Substitutes every string inside a value (a container, arguments), failing on unknown variables. */
export function substituteDeep<T>(value: T, lookup: Lookup): T {
  if (typeof value === "string") return substitute(value, lookup) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => substituteDeep(v, lookup)) as T;
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = substituteDeep(v, lookup);
    return out as T;
  }
  return value;
}
