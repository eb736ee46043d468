import type { Job } from "../model/index.js";
import { IntervalSet } from "./interval-set.js";

/**
 * Kubernetes' successPolicy for Indexed Jobs: a rule is met when all of its succeededIndexes
 * succeeded, or when succeededCount of them (or of all indexes, if none are listed) did.
 * Returns the condition message of the first rule met.
 */
export function matchSuccessPolicy(job: Job, succeeded: IntervalSet): string | undefined {
  const rules = job.spec.successPolicy?.rules ?? [];
  for (const [i, rule] of rules.entries()) {
    if (rule.succeededIndexes !== undefined) {
      const wanted = IntervalSet.parse(rule.succeededIndexes);
      let hits = 0;
      for (const [a, b] of wanted.toJSON()) for (let n = a; n <= b; n++) if (succeeded.has(n)) hits++;
      const need = rule.succeededCount ?? wanted.size;
      if (hits >= need) return `Matched rules at index ${i}`;
    } else if (rule.succeededCount !== undefined && succeeded.size >= rule.succeededCount) {
      return `Matched rules at index ${i}`;
    }
  }
  return undefined;
}
