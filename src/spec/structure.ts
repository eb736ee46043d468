import type { z } from "zod";
import type { FieldPath } from "./field-path.js";
import type { Issue } from "./issue.js";

/**
 * Parses a manifest against its kind's zod schema and keeps going past the first problem: every value
 * that fails is reported, then removed (or, inside a list, replaced by an empty value of the expected
 * type) and the rest parsed again, so that the rule validators still see every field that is well formed.
 */
export interface StructureResult<T> {
  data?: T;
  issues: Issue[];
  /** Paths whose values were wrong: rule checks at or below them would only repeat the problem. */
  brokenPaths: FieldPath[];
}

const maxPasses = 10;

export function parseStructure<T>(schema: z.ZodType<T>, manifest: unknown): StructureResult<T> {
  // zod never changes its input, so a manifest without problems is parsed as it is; only the repairs
  // below change the value, and they work on a copy.
  let value = manifest;
  const issues: Issue[] = [];
  const brokenPaths: FieldPath[] = [];
  for (let pass = 0; pass < maxPasses; pass++) {
    const result = schema.safeParse(value, { reportInput: true });
    if (result.success) return { data: result.data, issues, brokenPaths };
    if (pass === 0) value = structuredClone(manifest);
    let repaired = true;
    for (const zodIssue of result.error.issues) {
      for (const issue of toIssues(zodIssue)) {
        issues.push(issue);
        if (issue.severity === "error") brokenPaths.push(issue.path);
        repaired = removeValue(value, issue.path, expectedOf(zodIssue)) && repaired;
      }
    }
    if (!repaired) break;
  }
  return { issues, brokenPaths };
}

function toIssues(issue: z.core.$ZodIssue): Issue[] {
  const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => ({
      severity: "warning" as const,
      path: [...path, key],
      message: `unknown field "${key}"`,
      at: "key" as const,
    }));
  }
  if (issue.code === "custom" && issue.params?.["severity"] === "warning") {
    return [{ severity: "warning", path, message: issue.message, at: "key" }];
  }
  return [{ severity: "error", path, message: describeIssue(issue), at: "value" }];
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const got = issue.input === undefined ? "" : ` (got ${describeValue(issue.input)})`;
  switch (issue.code) {
    case "invalid_type":
      return `${expectedPhrase(issue.expected)}${got}`;
    case "too_big":
    case "too_small":
      return `must be a 32-bit integer${got}`;
    default:
      return issue.message;
  }
}

function expectedPhrase(expected: string): string {
  switch (expected) {
    case "string":
      return "must be a string";
    case "number":
    case "int":
      return "must be an integer";
    case "boolean":
      return "must be true or false";
    case "array":
      return "must be a list";
    case "object":
    case "record":
      return "must be a map of fields";
    default:
      return `must be of type ${expected}`;
  }
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (value === null) return "null";
  if (typeof value === "object") return "a map";
  if (typeof value === "string") return JSON.stringify(value);
  return String(value);
}

function expectedOf(issue: z.core.$ZodIssue): string | undefined {
  return issue.code === "invalid_type" ? issue.expected : undefined;
}

const emptyValues: Record<string, () => unknown> = {
  object: () => ({}),
  record: () => ({}),
  array: () => [],
  string: () => "",
  number: () => 0,
  int: () => 0,
  boolean: () => false,
};

/** Removes the value at `path`; false when that is impossible (the whole manifest, or a list item of unknown type). */
function removeValue(root: unknown, path: FieldPath, expected: string | undefined): boolean {
  if (path.length === 0) return false;
  let parent: unknown = root;
  for (const segment of path.slice(0, -1)) {
    if (typeof parent !== "object" || parent === null) return true; // already gone
    parent = (parent as Record<string | number, unknown>)[segment];
  }
  const last = path[path.length - 1] as string | number;
  if (Array.isArray(parent) && typeof last === "number") {
    const empty = expected === undefined ? undefined : emptyValues[expected];
    if (empty === undefined) return false;
    parent[last] = empty();
    return true;
  }
  if (typeof parent === "object" && parent !== null) delete (parent as Record<string, unknown>)[String(last)];
  return true;
}
