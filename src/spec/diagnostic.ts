/** A problem a user can fix, at the place in their file where it is. */
export interface Diagnostic {
  severity: "error" | "warning";
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** Kubernetes-style field path, `spec.template.spec.containers[1].command`; "" for the whole document. */
  path: string;
  message: string;
}

/** `job.yaml:14:7 spec.parallelism: must be >= 0 (got -2)`; warnings read `job.yaml:3:5 warning: spec.foo: …`. */
export function formatDiagnostic(d: Diagnostic): string {
  const location = `${d.file}:${d.line}:${d.column}`;
  const severity = d.severity === "warning" ? "warning: " : "";
  const path = d.path === "" ? "" : `${d.path}: `;
  return `${location} ${severity}${path}${d.message}`;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** File order: by file, then line, then column; errors and warnings interleaved as they occur. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column;
}
