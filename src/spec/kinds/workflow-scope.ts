/**
 * The variables a `{{…}}` reference may name at one place of a workflow, as Argo's linter resolves them
 * (validate.go: resolveAllVariables). References whose first segment is not one of Argo's roots are
 * someone else's text (a Helm or Jinja template, say) and are left alone, as Argo does.
 */
export const variableRoots = new Set(["inputs", "outputs", "steps", "tasks", "workflow", "item", "pod", "node", "retries", "lastRetry"]);

/** The fields of a step or task that later ones may read: `steps.<name>.<field>`. */
const nodeFields = ["outputs", "outputs.result", "outputs.parameters", "exitCode", "status", "id", "ip", "startedAt", "finishedAt", "hostNodeName"];

export class Scope {
  private constructor(
    private readonly names: ReadonlySet<string>,
    /** Any name under these is known: Argo's dynamic values (global outputs, labels, annotations). */
    private readonly prefixes: readonly string[],
    /** Why a name under a prefix is not known here, e.g. "steps.b" → "step \"b\" runs in the same group". */
    private readonly reasons: ReadonlyMap<string, string>,
  ) {}

  static of(names: Iterable<string>, prefixes: readonly string[] = []): Scope {
    return new Scope(new Set(names), prefixes, new Map());
  }

  with(names: Iterable<string>, prefixes: readonly string[] = []): Scope {
    return new Scope(new Set([...this.names, ...names]), [...this.prefixes, ...prefixes], this.reasons);
  }

  /** The outputs and status of the named steps (`kind` "steps") or tasks ("tasks"). */
  withNodes(kind: "steps" | "tasks", nodes: Iterable<string>): Scope {
    const names: string[] = [];
    const prefixes: string[] = [];
    for (const node of nodes) {
      names.push(...nodeFields.map((field) => `${kind}.${node}.${field}`));
      prefixes.push(`${kind}.${node}.outputs.parameters.`);
    }
    return this.with(names, prefixes);
  }

  /** Explains the names under `prefix` that this scope does not know. */
  withReason(prefix: string, reason: string): Scope {
    return new Scope(this.names, this.prefixes, new Map([...this.reasons, [prefix, reason]]));
  }

  /** Undefined when `name` is known here, else the problem. */
  problem(name: string): string | undefined {
    if (this.names.has(name) || this.prefixes.some((prefix) => name.startsWith(prefix))) return undefined;
    for (const [prefix, reason] of this.reasons) {
      if (name === prefix || name.startsWith(`${prefix}.`)) return `unknown variable "${name}": ${reason}`;
    }
    return `unknown variable "${name}"`;
  }
}

/** What every template of a workflow may read. */
export function workflowScope(argumentNames: Iterable<string>): Scope {
  const parameters = [...argumentNames].map((name) => `workflow.parameters.${name}`);
  const fixed = ["name", "namespace", "uid", "serviceAccountName", "parameters", "creationTimestamp", "duration", "priority",
    "mainEntrypoint", "status", "failures", "labels", "annotations", "outputs.parameters"].map((field) => `workflow.${field}`);
  return Scope.of([...fixed, ...parameters, "node.name"], [
    "workflow.outputs.parameters.",
    "workflow.labels.",
    "workflow.annotations.",
    // Any strftime letter, and RFC3339: `workflow.creationTimestamp.Y`.
    "workflow.creationTimestamp.",
    // Argo leaves a template's own outputs unresolved at lint time.
    "outputs.",
  ]);
}

/** The loop variable of a step or task with withItems, withParam or withSequence. */
export const itemScope = { names: ["item"], prefixes: ["item."] } as const;

export const lastRetryNames = ["exitCode", "status", "duration", "message"].map((field) => `lastRetry.${field}`);
