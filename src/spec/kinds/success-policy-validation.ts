import type { FieldPath } from "../field-path.js";
import type { IssueList } from "../issue.js";
import { message } from "../messages.js";
import type { RawJobSpec } from "./job-schema.js";

/** Kubernetes' validateSuccessPolicy; the caller has checked the Job is Indexed. */
const maxRules = 20;
const maxSucceededIndexesLength = 64 * 1024;

export function validateSuccessPolicy(spec: RawJobSpec, path: FieldPath, issues: IssueList): void {
  const rules = spec.successPolicy?.rules ?? [];
  const rulesPath = [...path, "rules"];
  if (rules.length === 0) issues.error(rulesPath, message.required("at least one rule must be specified when the successPolicy is specified"));
  if (rules.length > maxRules) issues.error(rulesPath, message.tooMany(rules.length, maxRules));
  const completions = spec.completions;
  for (const [i, rule] of rules.entries()) {
    const at = [...rulesPath, i];
    if (rule.succeededIndexes === undefined && rule.succeededCount === undefined) {
      issues.error(at, message.required("at least one of succeededCount or succeededIndexes must be specified"));
    }
    let totalIndexes: number | undefined;
    if (rule.succeededIndexes !== undefined && completions !== undefined) {
      const indexesPath = [...at, "succeededIndexes"];
      if (rule.succeededIndexes.length > maxSucceededIndexesLength) {
        issues.error(indexesPath, message.tooLong(rule.succeededIndexes.length, maxSucceededIndexesLength));
      }
      const parsed = countIndexes(rule.succeededIndexes, completions);
      if (typeof parsed === "string") issues.error(indexesPath, message.invalid(rule.succeededIndexes, `error parsing succeededIndexes: ${parsed}`));
      else totalIndexes = parsed;
    }
    if (rule.succeededCount !== undefined) {
      const countPath = [...at, "succeededCount"];
      const count = rule.succeededCount;
      if (count < 0) issues.error(countPath, message.atLeast(0, count));
      if (completions !== undefined && count > completions) {
        issues.error(countPath, message.invalid(count, `must be less than or equal to ${completions} (the number of specified completions)`));
      }
      if (totalIndexes !== undefined && count > totalIndexes) {
        issues.error(countPath, message.invalid(count, `must be less than or equal to ${totalIndexes} (the number of indexes in the specified succeededIndexes field)`));
      }
    }
  }
}

/**
 * The number of indexes in an interval list such as "0,2-5" with every index in [0, completions), or
 * why it is not one (Kubernetes' validateIndexesFormat).
 */
export function countIndexes(text: string, completions: number): number | string {
  if (text === "") return 0;
  let last: number | undefined;
  let total = 0;
  for (const interval of text.split(",")) {
    const limits = interval.split("-");
    if (limits.length > 2) return `the fragment ${JSON.stringify(interval)} violates the requirement that an index interval can have at most two parts separated by '-'`;
    const [first = "", second] = limits;
    const x = parseIndex(first);
    if (x === undefined) return `cannot convert string to integer for index: ${JSON.stringify(first)}`;
    if (x >= completions) return `too large index: ${JSON.stringify(first)}`;
    let y = x;
    if (second !== undefined) {
      const parsed = parseIndex(second);
      if (parsed === undefined) return `cannot convert string to integer for index: ${JSON.stringify(second)}`;
      if (parsed >= completions) return `too large index: ${JSON.stringify(second)}`;
      if (x >= parsed) return `non-increasing order, previous: ${x}, current: ${parsed}`;
      y = parsed;
    }
    if (last !== undefined && last >= x) return `non-increasing order, previous: ${last}, current: ${x}`;
    total += y - x + 1;
    last = y;
  }
  return total;
}

function parseIndex(text: string): number | undefined {
  return /^[0-9]+$/.test(text) ? Number(text) : undefined;
}
