import type { LabelSelector } from "../../model/index.js";

/** Kubernetes' LabelSelectorAsSelector().Matches: every matchLabels pair and every expression hold. */
export function matchesSelector(labels: Record<string, string>, selector: LabelSelector | undefined): boolean {
  if (selector === undefined) return true;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) if (labels[key] !== value) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, e.key);
    const inValues = has && (e.values ?? []).includes(labels[e.key]!);
    const holds = e.operator === "In" ? inValues : e.operator === "NotIn" ? !inValues : e.operator === "Exists" ? has : !has;
    if (!holds) return false;
  }
  return true;
}
