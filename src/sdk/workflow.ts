import { isDeepStrictEqual } from "node:util";
import { defined, parameterList } from "./fields.js";
import type { ObjectMetaManifest, RetryStrategyManifest, TemplateManifest, WorkflowManifest, WorkflowSpecManifest } from "./manifest.js";
import { referencesOf } from "./references.js";
import type { AnyTemplate, ParameterList, TemplateWithoutArguments } from "./template-types.js";

export interface WorkflowOptions extends ObjectMetaManifest {
  /** The template to run; default: the first template. */
  entrypoint?: string | AnyTemplate;
  /** The workflow's parameters (`{{workflow.parameters.x}}`), also the entrypoint's inputs. */
  arguments?: { parameters: ParameterList };
  /** Runs at the end, whatever the outcome; `{{workflow.status}}` tells which. */
  onExit?: string | TemplateWithoutArguments;
  parallelism?: number;
  activeDeadlineSeconds?: number;
  /** For every template without a retryStrategy of its own. */
  retryStrategy?: RetryStrategyManifest;
  ttlStrategy?: WorkflowSpecManifest["ttlStrategy"];
  podGC?: WorkflowSpecManifest["podGC"];
  suspend?: boolean;
  /**
   * Templates to list. Every template that these, the entrypoint or onExit call (as builder objects)
   * is added too: each template is followed by those it calls, depth first, in the order first met.
   * Nothing needs listing twice.
   */
  templates?: AnyTemplate[];
}

/** An Argo `Workflow` manifest, exactly as the same YAML would be. */
export function workflow(options: WorkflowOptions): WorkflowManifest {
  const { name, generateName, namespace, labels, annotations, entrypoint, arguments: args, onExit, templates = [], ...spec } = options;
  const roots = [...templates, ...[entrypoint, onExit].filter((t): t is TemplateManifest => typeof t === "object")];
  const all = collectTemplates(roots);
  const first = all[0];
  if (first === undefined) throw new Error("workflow: templates is empty and no entrypoint template was given; a workflow needs at least one template");
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Workflow",
    metadata: defined({ name, generateName, namespace, labels, annotations }),
    spec: defined({
      entrypoint: entrypoint === undefined ? first.name : typeof entrypoint === "string" ? entrypoint : entrypoint.name,
      arguments: args === undefined ? undefined : { parameters: parameterList(args.parameters) },
      onExit: typeof onExit === "object" ? onExit.name : onExit,
      ...spec,
      templates: all,
    }),
  };
}

/** Each root followed by what it calls, depth first; one template per name. */
export function collectTemplates(roots: TemplateManifest[]): TemplateManifest[] {
  const all: TemplateManifest[] = [];
  const byName = new Map<string, TemplateManifest>();
  const add = (t: TemplateManifest): boolean => {
    const known = byName.get(t.name);
    if (known === undefined) {
      byName.set(t.name, t);
      all.push(t);
      return true;
    }
    if (known !== t && !isDeepStrictEqual(known, t)) throw new Error(`workflow: two different templates are named "${t.name}"; template names must be unique`);
    return false;
  };
  const visit = (t: TemplateManifest): void => {
    for (const used of referencesOf(t)) if (add(used)) visit(used);
  };
  for (const root of roots) if (add(root)) visit(root);
  return all;
}
