/** A path to a field inside one manifest, as keys and list indexes: ["spec", "containers", 1, "command"]. */
export type FieldPath = readonly (string | number)[];

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Kubernetes' rendering of a field path: `spec.template.spec.containers[1].command`; map keys that are
 * not identifiers in brackets, as `metadata.annotations[baton.dev/depends-on]`.
 */
export function formatFieldPath(path: FieldPath): string {
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number") text += `[${segment}]`;
    else if (!identifier.test(segment)) text += `[${segment}]`;
    else text += text === "" ? segment : `.${segment}`;
  }
  return text;
}
