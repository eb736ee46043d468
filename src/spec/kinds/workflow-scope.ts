/**
 * The variables a `{{…}}` reference may name at one place of a workflow, as Argo's linter resolves them
 * (validate.go: resolveAllVariables). References whose first segment is not one of Argo's roots are
 * someone else's text (a Helm or Jinja template, say) and are left alone, as Argo does.
 */
export const variableRoots = new Set(["inputs", "outputs", "steps", "tasks", "workflow", "item", "pod", "node", "retries", "lastRetry"]);

/** The fields of a step or task that later ones may read: `steps.<name>.<field>`. */
const nodeFields = new Set(["outputs", "outputs.result", "outputs.parameters", "exitCode", "status", "id", "ip", "startedAt", "finishedAt", "hostNodeName"]);

function isNodeField(field: string): boolean {
  return nodeFields.has(field) || field.startsWith("outputs.parameters.");
}

/** Which steps or tasks a place may read, and why it may not read the others (undefined: no reason to give). */
interface NodeRule {
  kind: "steps" | "tasks";
  known(node: string): boolean;
  reason(node: string): string | undefined;
}

/**
 * Scopes are layered, never copied: a layer adds names, prefixes or a rule for `steps.*`/`tasks.*`, and a
 * lookup walks the layers from the innermost. So a template of N steps costs N small layers, not N copies.
 */
export class Scope {
  private constructor(
    private readonly parent: Scope | undefined,
    private readonly names: ReadonlySet<string>,
    /** Any name under these is known: Argo's dynamic values (global outputs, labels, annotations). */
    private readonly prefixes: readonly string[],
    private readonly nodes?: NodeRule,
  ) {}

  static of(names: Iterable<string>, prefixes: readonly string[] = []): Scope {
    return new Scope(undefined, new Set(names), prefixes);
  }

  with(names: Iterable<string>, prefixes: readonly string[] = []): Scope {
    return new Scope(this, new Set(names), prefixes);
  }

  /** The outputs and status of the steps (`kind` "steps") or tasks ("tasks") that `known` accepts; `reason` explains the others. */
  withNodes(kind: "steps" | "tasks", known: (node: string) => boolean, reason: (node: string) => string | undefined = () => undefined): Scope {
    return new Scope(this, EMPTY, [], { kind, known, reason });
  }

  /** Undefined when `name` is known here, else the problem. */
  problem(name: string): string | undefined {
    const found = this.resolve(name);
    if (found === true) return undefined;
    return found === undefined ? `unknown variable "${name}"` : `unknown variable "${name}": ${found}`;
  }

  /** True when known in this layer or an outer one; else the innermost reason it is not, if any. */
  private resolve(name: string): true | string | undefined {
    if (this.names.has(name) || this.prefixes.some((prefix) => name.startsWith(prefix))) return true;
    let reason: string | undefined;
    const rule = this.nodes;
    if (rule !== undefined && name.startsWith(`${rule.kind}.`)) {
      const rest = name.slice(rule.kind.length + 1);
      const dot = rest.indexOf(".");
      const node = dot < 0 ? rest : rest.slice(0, dot);
      if (rule.known(node) && dot >= 0 && isNodeField(rest.slice(dot + 1))) return true;
      reason = rule.reason(node);
    }
    const outer = this.parent?.resolve(name);
    return outer === true ? true : (reason ?? outer);
  }
}

const EMPTY: ReadonlySet<string> = new Set();

/** What every template of a workflow may read. */
export function workflowScope(argumentNames: Iterable<string>): Scope {
  const parameters = [...argumentNames].map((name) => `workflow.parameters.${name}`);
  const fixed = ["name", "namespace", "uid", "serviceAccountName", "parameters", "creationTimestamp", "duration", "priority",
    "mainEntrypoint", "status", "failures", "labels", "annotations", "outputs.parameters",
    // Set in the Workflows a CronWorkflow creates; Argo's linter accepts it in any workflow.
    "scheduledTime"].map((field) => `workflow.${field}`);
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
