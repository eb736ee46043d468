import type { FieldPath } from "./field-path.js";

/**
 * A problem found inside one manifest, before it has a file position. `at: "key"` points at the field's
 * name (unknown fields), `"value"` at its value; a missing field points at its nearest existing parent.
 */
export interface Issue {
  severity: "error" | "warning";
  path: FieldPath;
  message: string;
  at: "key" | "value";
}

/** Collects the issues of one manifest; validators append to it and never stop at the first. */
export class IssueList {
  readonly items: Issue[] = [];

  error(path: FieldPath, message: string, at: "key" | "value" = "value"): void {
    this.items.push({ severity: "error", path, message, at });
  }

  warning(path: FieldPath, message: string, at: "key" | "value" = "value"): void {
    this.items.push({ severity: "warning", path, message, at });
  }

  add(issue: Issue): void {
    this.items.push(issue);
  }

  get hasErrors(): boolean {
    return this.items.some((i) => i.severity === "error");
  }
}
