import { applyParameters, DEFINITIONS_RUN, loadTexts, materialize, type LoadedInput, type SourceText } from "../app/index.js";
import type { Resource, Store, WorkflowTemplate } from "../model/index.js";
import { dependenciesOf } from "../plan/index.js";
import type { Runtime } from "../runtime/index.js";
import { formatDiagnostic, type SourcedResource } from "../spec/index.js";
import { ApiError } from "./errors.js";
import { objectOf } from "./objects.js";

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
  /** `run` mode: the finished resource of the same name that this one replaces. */
  replaces?: string;
}

/**
 * Validates a submission as `baton run` does (every problem of every file at once, nothing
 * changed if any), then creates what is new and changes what may change. The engine's first
 * decisions are committed before this resolves.
 */
export async function submit(store: Store, runtime: Runtime, request: SubmitRequest, now: number): Promise<SubmittedItem[]> {
  const storedTemplates = (await store.listObjects({ kind: "WorkflowTemplate", runs: [DEFINITIONS_RUN] })).map((r) => objectOf(r) as WorkflowTemplate);
  const input = loadSubmission(runtime, request.files, storedTemplates);
  const problems = [...input.diagnostics.filter((d) => d.severity === "error"), ...applyParameters(input.resources, request.parameters ?? {})];
  if (problems.length > 0) {
    throw new ApiError(422, `${problems.length} error${problems.length === 1 ? "" : "s"}: nothing was changed\n${problems.map(formatDiagnostic).join("\n")}`, { diagnostics: problems });
  }
  const templates = new Map(storedTemplates.map((t) => [keyOf(t), t as Resource]));
  // From here until the events are in the engine's inbox nothing awaits, so no other submission
  // interleaves; names on their way in are reserved until the engine has them. Submissions then
  // share the engine's ticks and commits instead of waiting for each other's.
  const decisions = decide(runtime, templates, input.resources, request.mode);
  return perform(store, runtime, decisions, now);
}

/** `kind/namespace/name`: one name per kind and namespace, as the API server has it. */
const keyOf = (r: Resource) => `${r.kind}/${r.metadata.namespace}/${r.metadata.name}`;
const reserved = new WeakMap<Runtime, Set<string>>();

/** What exists now under a name: the engine's entry (memory holds every top-level resource) or a stored template. */
function existing(runtime: Runtime, templates: Map<string, Resource>, r: Resource): { object: Resource; finished: boolean } | undefined {
  if (r.kind === "WorkflowTemplate") {
    const t = templates.get(keyOf(r));
    return t && { object: t, finished: true };
  }
  const e = runtime.state.lookup(r.kind, r.metadata.namespace, r.metadata.name);
  return e && { object: e.object as Resource, finished: e.finished };
}

function decide(runtime: Runtime, templates: Map<string, Resource>, resources: SourcedResource[], mode: SubmitRequest["mode"]): Decision[] {
  const decisions: Decision[] = [];
  const conflicts: string[] = [];
  const inFlight = reserved.get(runtime) ?? new Set<string>();
  for (const sourced of resources) {
    const r = sourced.resource;
    const where = `${sourced.file}:${sourced.line}: ${r.kind} "${r.metadata.name}"`;
    if (r.metadata.name !== "" && inFlight.has(keyOf(r))) {
      conflicts.push(`${where} is being created by another submission right now`);
      continue;
    }
    const now = r.metadata.name === "" ? undefined : existing(runtime, templates, r);
    if (!now) decisions.push({ sourced, action: "created" });
    else if (mode === "run" && now.finished && r.kind !== "WorkflowTemplate") decisions.push({ sourced, action: "created", replaces: now.object.metadata.uid });
    else if (mode !== "apply") conflicts.push(`${where} already exists in namespace "${r.metadata.namespace}"${mode === "run" ? " and has not finished (baton delete it, or wait)" : ""}`);
    else {
      const change = compare(r, now.object);
      if (typeof change === "string") conflicts.push(`${where}: ${change}`);
      else decisions.push({ sourced, action: change ? "configured" : "unchanged", stored: now.object });
    }
  }
  if (conflicts.length > 0) throw new ApiError(mode === "apply" ? 422 : 409, `${conflicts.join("\n")}\nnothing was changed`);
  return decisions;
}

/**
 * The files loaded as `baton run` loads them, where depends-on may also name the server's Jobs and
 * Pods. Only the names that the submission waits for and does not define are looked up, each by
 * name: listing every object of the server's run made a submission cost as much as the store held.
 */
function loadSubmission(runtime: Runtime, files: SourceText[], storedTemplates: WorkflowTemplate[]): LoadedInput {
  const input = loadTexts(files, { storedTemplates });
  const defined = new Set(input.resources.map(({ resource: r }) => `${r.metadata.namespace}/${r.metadata.name}`));
  const existingNames = new Set<string>();
  for (const { resource } of input.resources) {
    for (const dependency of dependenciesOf(resource)) {
      const { namespace } = resource.metadata;
      const key = `${namespace}/${dependency}`;
      if (defined.has(key) || existingNames.has(key)) continue;
      if (runtime.state.lookup("Job", namespace, dependency) || runtime.state.lookup("Pod", namespace, dependency)) existingNames.add(key);
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
  const names = fresh.filter((r) => r.metadata.name !== "").map(keyOf);
  const inFlight = reserved.get(runtime) ?? new Set<string>();
  reserved.set(runtime, inFlight);
  for (const n of names) inFlight.add(n);
  // Into the inbox in this order, before anything awaits: a replaced resource goes before its successor comes.
  const committed: Promise<void>[] = [];
  for (const d of decisions) if (d.replaces !== undefined) committed.push(runtime.request({ type: "Deleted", uid: d.replaces }));
  if (runnable.length > 0) committed.push(runtime.submitted(runnable));
  for (const r of changed) if (r.kind !== "WorkflowTemplate") committed.push(runtime.request({ type: "Updated", resource: r }));
  try {
    if (definitions.length > 0) {
      await store.commit({
        run: DEFINITIONS_RUN,
        put: definitions.map((r) => ({ uid: r.metadata.uid, kind: r.kind, namespace: r.metadata.namespace, name: r.metadata.name, body: { object: r } })),
        remove: [],
        events: [],
      });
    }
    await Promise.all(committed);
  } finally {
    for (const n of names) inFlight.delete(n);
  }
  let i = 0;
  return decisions.map((d) => {
    const r = d.action === "created" ? fresh[i++]! : d.stored!;
    return { kind: r.kind, namespace: r.metadata.namespace, name: r.metadata.name, uid: r.metadata.uid, action: d.action };
  });
}
