import { ExprError, substitute } from "../../expr/index.js";
import type { Invocation } from "../../model/index.js";
import type { Lookup } from "./scope.js";

/** One iteration of a loop: the `item` variables and the label Argo puts in the node name. */
export interface Iteration {
  vars: Record<string, string>;
  label: string;
}

function itemText(item: unknown): string {
  return typeof item === "string" ? item : JSON.stringify(item);
}

function iteration(item: unknown): Iteration {
  const vars: Record<string, string> = { item: itemText(item) };
  let label = itemText(item);
  if (item !== null && typeof item === "object" && !Array.isArray(item)) {
    const entries = Object.entries(item).sort(([a], [b]) => a.localeCompare(b));
    for (const [k, v] of entries) vars[`item.${k}`] = itemText(v);
    label = entries.map(([k, v]) => `${k}:${itemText(v)}`).join(",");
  }
  return { vars, label };
}

/**
 * The iterations of withItems, withParam or withSequence; undefined when the invocation has no loop.
 * Throws ExprError when withParam is not a JSON list or a sequence is not made of integers.
 */
export function iterations(inv: Invocation, lookup: Lookup): Iteration[] | undefined {
  if (inv.withItems !== undefined) return inv.withItems.map((item) => iteration(typeof item === "string" ? substitute(item, lookup) : item));
  if (inv.withParam !== undefined) {
    const text = substitute(inv.withParam, lookup);
    let list: unknown;
    try {
      list = JSON.parse(text);
    } catch {
      throw new ExprError(`withParam value could not be parsed as a JSON list: ${text}`);
    }
    if (!Array.isArray(list)) throw new ExprError(`withParam value is not a JSON list: ${text}`);
    return list.map(iteration);
  }
  if (inv.withSequence !== undefined) {
    const s = inv.withSequence;
    const int = (text: string | undefined, field: string): number | undefined => {
      if (text === undefined) return undefined;
      const v = substitute(String(text), lookup);
      if (!/^-?\d+$/.test(v.trim())) throw new ExprError(`withSequence.${field} must be an integer (got "${v}")`);
      return Number(v);
    };
    const count = int(s.count, "count");
    const start = int(s.start, "start") ?? 0;
    const end = count !== undefined ? start + count - 1 : (int(s.end, "end") ?? start - 1);
    const out: Iteration[] = [];
    const step = end >= start ? 1 : -1;
    if (count === 0) return out;
    for (let i = start; step > 0 ? i <= end : i >= end; i += step) out.push(iteration(format(s.format, i)));
    return out;
  }
  return undefined;
}

/** Go's printf for one integer, the subset withSequence formats use: %d, %02d, %x, %s. */
function format(spec: string | undefined, n: number): string {
  if (spec === undefined) return String(n);
  return spec.replace(/%(0?)(\d*)([dsxX])/g, (_, zero: string, width: string, verb: string) => {
    let text = verb === "x" ? n.toString(16) : verb === "X" ? n.toString(16).toUpperCase() : String(n);
    if (width) text = text.padStart(Number(width), zero ? "0" : " ");
    return text;
  });
}
