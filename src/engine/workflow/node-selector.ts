import type { NodeStatus } from "../../model/index.js";

/**
 * Argo's `--node-field-selector`, in a simple form: comma-separated terms, all of which must hold,
 * each `field=value` (or `==`) or `field!=value` over a node's `displayName`, `name`, `id`,
 * `templateName`, `phase`, `templateRef.name`, `templateRef.template` and
 * `inputs.parameters.<name>.value`. A bare word (no `=`) matches a node's displayName or name.
 */
export function nodeSelector(text: string): (node: NodeStatus) => boolean {
  const terms = text.split(",").map((t) => t.trim()).filter(Boolean).map(term);
  return (node) => terms.every((t) => t(node));
}

function term(text: string): (node: NodeStatus) => boolean {
  const m = /^([^!=]+?)\s*(!=|==|=)\s*(.*)$/.exec(text);
  if (!m) return (node) => node.displayName === text || node.name === text;
  const [, field, op, value] = m as unknown as [string, string, string, string];
  return (node) => (fieldOf(node, field) === value) !== (op === "!=");
}

function fieldOf(node: NodeStatus, field: string): string | undefined {
  switch (field) {
    case "displayName":
      return node.displayName;
    case "name":
      return node.name;
    case "id":
      return node.id;
    case "templateName":
      return node.templateRef?.template ?? node.templateName;
    case "phase":
      return node.phase;
    case "templateRef.name":
      return node.templateRef?.name;
    case "templateRef.template":
      return node.templateRef?.template;
  }
  const input = /^inputs\.parameters\.(.+)\.value$/.exec(field);
  if (input) return node.inputs?.parameters.find((p) => p.name === input[1])?.value;
  return undefined;
}
