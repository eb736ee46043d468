import { ExprError, UnknownVariableError } from "./errors.js";
import { isMap, typeName } from "./values.js";
import type { Node } from "./syntax.js";

export type Lookup = (name: string) => string | undefined;

const memo = new WeakMap<Node, string[] | null>();

/**
 * The segments of a pure member chain — `inputs.parameters.x`, `steps['flip-coin'].outputs.result`, `a.list[0]` —
 * or undefined when the node reads something else (a call, a computed key, the closure element `#`). Parsed
 * expressions are cached and shared, so the answer is remembered per node.
 */
export function memberPath(node: Node): string[] | undefined {
  let path = memo.get(node);
  if (path === undefined) {
    path = computePath(node) ?? null;
    memo.set(node, path);
  }
  return path ?? undefined;
}

function computePath(node: Node): string[] | undefined {
  if (node.type === "Identifier") {
    const name = node.name as string;
    return name.startsWith("#") ? undefined : [name];
  }
  if (node.type !== "MemberExpression") return undefined;
  const property = node.property as Node;
  let segment: string | undefined;
  if (!node.computed && property.type === "Identifier") segment = property.name as string;
  else if (node.computed && property.type === "Literal" && ["string", "number"].includes(typeof property.value)) segment = String(property.value);
  if (segment === undefined) return undefined;
  const head = memberPath(node.object as Node);
  return head && [...head, segment];
}

/**
 * Reads a variable path. The longest known prefix wins: the whole path is asked first, then shorter ones; when a
 * prefix holds a JSON object or array, the remaining segments index into it (`item.name` where `item` is `{"name":…}`).
 */
export function resolvePath(segments: readonly string[], lookup: Lookup): unknown {
  const full = segments.length === 1 ? segments[0]! : segments.join(".");
  const whole = lookup(full);
  if (whole !== undefined) return whole;
  for (let length = segments.length - 1; length > 0; length--) {
    const text = lookup(segments.slice(0, length).join("."));
    if (text === undefined) continue;
    const parsed = parseJsonContainer(text);
    if (parsed === undefined) continue;
    return segments.slice(length).reduce<unknown>((value, key) => indexInto(value, key), parsed);
  }
  throw new UnknownVariableError(full);
}

function parseJsonContainer(text: string): unknown {
  const first = text.trimStart()[0];
  if (first !== "{" && first !== "[") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** expr-lang's member access: a missing key of a map reads as nil; an index past the end of a list is an error. */
export function indexInto(value: unknown, key: unknown): unknown {
  if ((Array.isArray(value) || typeof value === "string") && /^-?\d+$/.test(String(key))) {
    const index = Number(key);
    const at = index < 0 ? value.length + index : index;
    if (at < 0 || at >= value.length) {
      throw new ExprError(`index ${String(key)} out of range (length ${value.length})`);
    }
    return value[at];
  }
  if (isMap(value)) return Object.hasOwn(value, String(key)) ? value[String(key)] : null;
  throw new ExprError(`cannot read ${JSON.stringify(key)} from ${typeName(value)}`);
}
