import type { Parameter, Template, WorkflowSpec, WorkflowTemplate } from "../model/index.js";
import type { Diagnostic, SourcedResource } from "../spec/index.js";
import { errorAt } from "./diagnostic-at.js";
import { callsOf, everyCall, invocationsOf, qualifiedName, reachableCopies } from "./workflow-template-copy.js";

/**
 * Gives every Workflow of a submission, and the workflowSpec of every CronWorkflow (Argo resolves the
 * references of each Workflow it creates; the spec is the same each time), the templates it refers to:
 * those of its `workflowTemplateRef`
 * (templates, entrypoint, onExit and the other unset fields, with its own arguments overriding the
 * template's by name), and for each `templateRef` of a step, task or exit hook the referenced template and
 * all it reaches, copied in as `<WorkflowTemplate>/<template>` with the step's `template` set to that name
 * (its `templateRef` stays, for the node to record). WorkflowTemplates are looked up in the workflow's
 * namespace, in the submission first, then in `stored`.
 *
 * The loaded Workflow resources are changed in place: they are fresh objects from the loader, and after
 * this the engine needs nothing but the workflow itself. WorkflowTemplates are never changed.
 */
export function resolveWorkflowTemplates(resources: readonly SourcedResource[], stored: readonly WorkflowTemplate[]): Diagnostic[] {
  const library = new Map<string, WorkflowTemplate>();
  const submitted = resources.map((r) => r.resource).filter((r): r is WorkflowTemplate => r.kind === "WorkflowTemplate");
  for (const template of [...stored, ...submitted]) library.set(keyOf(template.metadata.namespace, template.metadata.name), template);
  const diagnostics: Diagnostic[] = [];
  for (const sourced of resources) {
    const r = sourced.resource;
    if (r.kind === "Workflow") diagnostics.push(...resolveWorkflow(sourced, r.spec, r.metadata.namespace, ["spec"], library));
    else if (r.kind === "CronWorkflow") diagnostics.push(...resolveWorkflow(sourced, r.spec.workflowSpec, r.metadata.namespace, ["spec", "workflowSpec"], library));
  }
  return diagnostics;
}

/** Where a template of the resolved workflow came from: its own place, or the field that copied it in. */
interface Origin {
  path: (string | number)[];
  own: boolean;
}

type Library = ReadonlyMap<string, WorkflowTemplate>;

function keyOf(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

/** Resolves one workflow spec, found at `at` in its resource (`spec`, or a CronWorkflow's `spec.workflowSpec`). */
function resolveWorkflow(sourced: SourcedResource, spec: WorkflowSpec, namespace: string, at: (string | number)[], library: Library): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const report = (path: (string | number)[], message: string) => diagnostics.push(errorAt(sourced, path, message));
  const origins: Origin[] = spec.templates.map((_, i) => ({ path: [...at, "templates", i], own: true }));
  const ref = spec.workflowTemplateRef;
  if (ref !== undefined) {
    const refPath = [...at, "workflowTemplateRef", "name"];
    const source = library.get(keyOf(namespace, ref.name));
    if (source === undefined) {
      report(refPath, notFound(ref.name, namespace));
      return diagnostics;
    }
    takeSpec(spec, source.spec);
    origins.push(...spec.templates.map(() => ({ path: refPath, own: false })));
    checkArguments(spec.arguments.parameters, [...at, "arguments", "parameters"], report);
  }
  copyReferencedTemplates(spec, origins, namespace, library, report);
  checkTemplateNames(spec, origins, ref !== undefined, at, report);
  return diagnostics;
}

/** Argo's workflowTemplateRef: the template's spec, under the fields the workflow sets itself. */
function takeSpec(spec: WorkflowSpec, source: WorkflowSpec): void {
  spec.templates = structuredClone(source.templates);
  if (spec.entrypoint === "") spec.entrypoint = source.entrypoint;
  const own = new Map(spec.arguments.parameters.map((p) => [p.name, p]));
  const merged = source.arguments.parameters.map((p) => ({ ...structuredClone(p), ...own.get(p.name) }));
  const added = spec.arguments.parameters.filter((p) => !source.arguments.parameters.some((q) => q.name === p.name));
  spec.arguments = { parameters: [...merged, ...added] };
  for (const field of ["onExit", "parallelism", "activeDeadlineSeconds", "retryStrategy", "ttlStrategy", "podGC", "suspend"] as const) {
    if (spec[field] === undefined && source[field] !== undefined) Object.assign(spec, { [field]: structuredClone(source[field]) });
  }
}

/** After merging, every argument needs a value, inside its enum if it has one. */
function checkArguments(parameters: readonly Parameter[], path: (string | number)[], report: (path: (string | number)[], message: string) => void): void {
  for (const parameter of parameters) {
    const value = parameter.value ?? parameter.default;
    if (value === undefined && parameter.valueFrom === undefined) {
      report(path, `Required value: parameter ${JSON.stringify(parameter.name)} needs a value`);
    } else if (value !== undefined && parameter.enum !== undefined && !value.includes("{{") && !parameter.enum.includes(value)) {
      report(path, `parameter ${JSON.stringify(parameter.name)}: Unsupported value: ${JSON.stringify(value)}: supported values: ${parameter.enum.map((e) => JSON.stringify(e)).join(", ")}`);
    }
  }
}

/** Resolves every templateRef, including those of templates copied in on the way. */
function copyReferencedTemplates(
  spec: WorkflowSpec,
  origins: Origin[],
  namespace: string,
  library: Library,
  report: (path: (string | number)[], message: string) => void,
): void {
  const names = new Set(spec.templates.map((t) => t.name));
  for (let i = 0; i < spec.templates.length; i++) {
    const template = spec.templates[i] as Template;
    const origin = origins[i] as Origin;
    if (everyCall(template, (holder) => holder.templateRef === undefined)) continue;
    for (const { holder, path } of callsOf(template)) {
      const ref = holder.templateRef;
      if (ref === undefined) continue;
      const at = (field: string) => (origin.own ? [...origin.path, ...path, "templateRef", field] : origin.path);
      const within = origin.own ? "" : ` (in template ${JSON.stringify(template.name)})`;
      const source = library.get(keyOf(namespace, ref.name));
      if (source === undefined) {
        report(at("name"), notFound(ref.name, namespace) + within);
        continue;
      }
      if (!source.spec.templates.some((t) => t.name === ref.template)) {
        report(at("template"), `template ${JSON.stringify(ref.template)} not found in WorkflowTemplate ${JSON.stringify(ref.name)}${within}`);
        continue;
      }
      holder.template = qualifiedName(ref.name, ref.template);
      for (const copy of reachableCopies(source, ref.template)) {
        if (names.has(copy.name)) continue;
        names.add(copy.name);
        spec.templates.push(copy);
        origins.push({ path: at("name"), own: false });
      }
    }
  }
}

/** Every name a template runs must now be a template of the workflow. */
function checkTemplateNames(
  spec: WorkflowSpec,
  origins: readonly Origin[],
  referenced: boolean,
  at: (string | number)[],
  report: (path: (string | number)[], message: string) => void,
): void {
  const names = new Set(spec.templates.map((t) => t.name));
  const missing = (name: string) => `template ${JSON.stringify(name)} not found`;
  const workflowRef = [...at, "workflowTemplateRef", "name"];
  if (!names.has(spec.entrypoint)) report(referenced && spec.entrypoint === "" ? workflowRef : [...at, "entrypoint"], missing(spec.entrypoint));
  if (spec.onExit !== undefined && !names.has(spec.onExit)) report(referenced ? workflowRef : [...at, "onExit"], missing(spec.onExit));
  const known = (name: string | undefined) => name === undefined || names.has(name);
  for (const [i, template] of spec.templates.entries()) {
    if (everyCall(template, (holder, invocation) => known(holder.template) && known(invocation.onExit))) continue;
    const origin = origins[i] as Origin;
    const within = origin.own ? "" : ` (in template ${JSON.stringify(template.name)})`;
    const at = (path: (string | number)[], field: string) => (origin.own ? [...origin.path, ...path, field] : origin.path);
    for (const { holder, path } of callsOf(template)) {
      if (holder.template !== undefined && !names.has(holder.template)) report(at(path, "template"), missing(holder.template) + within);
    }
    for (const { invocation, path } of invocationsOf(template)) {
      if (invocation.onExit !== undefined && !names.has(invocation.onExit)) report(at(path, "onExit"), missing(invocation.onExit) + within);
    }
  }
}

function notFound(name: string, namespace: string): string {
  return `WorkflowTemplate ${JSON.stringify(name)} not found in namespace ${JSON.stringify(namespace)}`;
}
