import { memberPath } from "./paths.js";
import type { Node } from "./syntax.js";

/** Appends to `out` the variable paths an expression reads, in order of appearance; function names and `#` are not variables. */
export function expressionReferences(node: Node, out: string[]): void {
  if (node.type === "Identifier" || node.type === "MemberExpression") {
    const path = memberPath(node);
    if (path) {
      out.push(path.join("."));
      return;
    }
    if (node.type === "Identifier") return;
  }
  for (const [key, child] of Object.entries(node)) {
    if (node.type === "CallExpression" && key === "callee") continue;
    if (node.type === "MemberExpression" && key === "property" && !node.computed) continue;
    for (const c of Array.isArray(child) ? child : [child]) {
      if (c !== null && typeof c === "object" && typeof (c as Node).type === "string") expressionReferences(c as Node, out);
    }
  }
}
