import { applyParameters, DEFINITIONS_RUN, loadTexts, materialize, SERVER_RUN, type LoadedInput, type SourceText } from "../app/index.js";
import type { Resource, Store, WorkflowTemplate } from "../model/index.js";
import { dependenciesOf } from "../plan/index.js";
import type { Runtime } from "../runtime/index.js";
import { formatDiagnostic, type SourcedResource } from "../spec/index.js";
import { ApiError } from "./errors.js";
import { findOwn, objectOf } from "./objects.js";

export interface SubmitRequest {
  files: SourceText[];
  /**
   * `create` refuses a name that exists; `apply` creates it or changes what may change; `run`
   * (what `baton run` sends) replaces a finished resource of the same name, as running a file again does.
   */
  mode: "create" | "apply" | "run";
  parameters?: Record<string, string>;
}

export type SubmitAction = "created" | "configured" | "unchanged";

export interface SubmittedItem {
  kind: string;
  namespace: string;
  name: string;
  uid: string;
  action: SubmitAction;
}

/** The fields `apply` may change on a resource the engine already has, by kind (undefined: the whole spec). */
const MUTABLE: Record<string, readonly string[] | undefined> = {
  Job: ["suspend", "parallelism"],
  Pod: [],
  Workflow: [],
  CronJob: undefined,
  CronWorkflow: undefined,
  WorkflowTemplate: undefined,
};

interface Decision {
  sourced: SourcedResource;
  action: SubmitAction;
  stored?: Resource;
}

/**
 * Validates a submission as `baton run` does (every problem of every file at once, nothing
 * changed if any), then creates what is new and changes what may change. The engine's first
 * decisions are committed before this resolves.
 */
export async function submit(store: Store, runtime: Runtime, request: SubmitRequest, now: number): Promise<SubmittedItem[]> {
  const storedTemplates = (await store.listObjects({ kind: "WorkflowTemplate", runs: [DEFINITIONS_RUN] })).map((r) => objectOf(r) as WorkflowTemplate);
  const input = await loadSubmission(store, request.files, storedTemplates);
  const problems = [...input.diagnostics.filter((d) => d.severity === "error"), ...applyParameters(input.resources, request.parameters ?? {})];
  if (problems.length > 0) {
    throw new ApiError(422, `${problems.length} error${problems.length === 1 ? "" : "s"}: nothing was changed\n${problems.map(formatDiagnostic).join("\n")}`, { diagnostics: problems });
  }
  const decisions: Decision[] = [];
  const conflicts: string[] = [];
  const replaced: string[] = [];
  for (const sourced of input.resources) {
    const r = sourced.resource;
    const stored = r.metadata.name === "" ? undefined : await findOwn(store, r.kind, r.metadata.namespace, r.metadata.name);
    if (!stored) {
      decisions.push({ sourced, action: "created" });
      continue;
    }
    const current = objectOf(stored);
    if (request.mode === "run" && (stored.body as { finished?: boolean }).finished === true) {
      replaced.push(stored.uid);
      decisions.push({ sourced, action: "created" });
    } else if (request.mode !== "apply") conflicts.push(`${sourced.file}:${sourced.line}: ${r.kind} "${r.metadata.name}" already exists in namespace "${r.metadata.namespace}"${request.mode === "run" ? " and has not finished (baton delete it, or wait)" : ""}`);
    else {
      const change = compare(r, current);
      if (typeof change === "string") conflicts.push(`${sourced.file}:${sourced.line}: ${r.kind} "${r.metadata.name}": ${change}`);
      else decisions.push({ sourced, action: change ? "configured" : "unchanged", stored: current });
    }
  }
  if (conflicts.length > 0) {
    const status = request.mode === "apply" ? 422 : 409;
    throw new ApiError(status, `${conflicts.join("\n")}\nnothing was changed`);
  }
  for (const uid of replaced) await runtime.request({ type: "Deleted", uid });
  return perform(store, runtime, decisions, now);
}

/**
 * The files loaded as `baton run` loads them, where depends-on may also name the server's Jobs and
 * Pods. Only the names that the submission waits for and does not define are looked up, each by
 * name: listing every object of the server's run made a submission cost as much as the store held.
 */
async function loadSubmission(store: Store, files: SourceText[], storedTemplates: WorkflowTemplate[]): Promise<LoadedInput> {
  const input = loadTexts(files, { storedTemplates });
  const defined = new Set(input.resources.map(({ resource: r }) => `${r.metadata.namespace}/${r.metadata.name}`));
  const asked = new Set<string>();
  const existingNames = new Set<string>();
  for (const { resource } of input.resources) {
    for (const dependency of dependenciesOf(resource)) {
      const key = `${resource.metadata.namespace}/${dependency}`;
      if (defined.has(key) || asked.has(key)) continue;
      asked.add(key);
      for (const kind of ["Job", "Pod"]) {
        if ((await store.listObjects({ kind, namespace: resource.metadata.namespace, name: dependency, runs: [SERVER_RUN] })).length > 0) existingNames.add(key);
      }
    }
  }
  // Read again with those names known (rare: depends-on across submissions), so their diagnostics go.
  return existingNames.size === 0 ? input : loadTexts(files, { storedTemplates, existingNames });
}

/** false: the same; true: only mutable fields differ; a string: why the change is refused. */
function compare(next: Resource, current: Resource): boolean | string {
  const a = specOf(next);
  const b = specOf(current);
  const mutable = MUTABLE[next.kind];
  if (mutable === undefined) return JSON.stringify(a) !== JSON.stringify(b);
  const differing = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
  const immutable = differing.filter((k) => !mutable.includes(k));
  if (immutable.length > 0) {
    const fields = immutable.map((k) => `spec.${k}`).join(", ");
    return `${fields}: field is immutable (${mutable.length > 0 ? `only ${mutable.map((k) => `spec.${k}`).join(" and ")} may change` : "delete it and create it again"})`;
  }
  return differing.length > 0;
}

function specOf(r: Resource): Record<string, unknown> {
  return (r as unknown as { spec?: Record<string, unknown> }).spec ?? {};
}

async function perform(store: Store, runtime: Runtime, decisions: Decision[], now: number): Promise<SubmittedItem[]> {
  const fresh = materialize(decisions.filter((d) => d.action === "created").map((d) => d.sourced.resource), now);
  const templates = fresh.filter((r) => r.kind === "WorkflowTemplate");
  const runnable = fresh.filter((r) => r.kind !== "WorkflowTemplate");
  const changed = decisions.filter((d) => d.action === "configured").map((d) => ({ ...d.sourced.resource, metadata: { ...d.sourced.resource.metadata, uid: d.stored!.metadata.uid, creationTimestamp: d.stored!.metadata.creationTimestamp } }) as Resource);
  const definitions = [...templates, ...changed.filter((r) => r.kind === "WorkflowTemplate")];
  if (definitions.length > 0) {
    await store.commit({
      run: DEFINITIONS_RUN,
      put: definitions.map((r) => ({ uid: r.metadata.uid, kind: r.kind, namespace: r.metadata.namespace, name: r.metadata.name, body: { object: r } })),
      remove: [],
      events: [],
    });
  }
  if (runnable.length > 0) await runtime.submitted(runnable);
  for (const r of changed) if (r.kind !== "WorkflowTemplate") await runtime.request({ type: "Updated", resource: r });
  let i = 0;
  return decisions.map((d) => {
    const r = d.action === "created" ? fresh[i++]! : d.stored!;
    return { kind: r.kind, namespace: r.metadata.namespace, name: r.metadata.name, uid: r.metadata.uid, action: d.action };
  });
}
