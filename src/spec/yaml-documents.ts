import { LineCounter, parseAllDocuments, type YAMLError } from "yaml";
import type { Diagnostic } from "./diagnostic.js";
import { SourceMap } from "./source-map.js";

/** One non-empty YAML document of a file, as a plain value and a map back to the text. */
export interface YamlDocument {
  index: number;
  value: unknown;
  sourceMap: SourceMap;
}

/**
 * Splits a file into its YAML documents (JSON is YAML too). Syntax errors become diagnostics at their
 * line; a document with errors yields no value, the others still do. Empty documents are skipped.
 */
export function parseYamlDocuments(text: string, file: string): { documents: YamlDocument[]; diagnostics: Diagnostic[] } {
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter, merge: true, prettyErrors: false });
  const documents: YamlDocument[] = [];
  const diagnostics: Diagnostic[] = [];
  const toDiagnostic = (severity: Diagnostic["severity"], error: YAMLError): Diagnostic => {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    return { severity, file, line, column: col, path: "", message: `YAML: ${firstLine(error.message)}` };
  };
  for (const [index, document] of parsed.entries()) {
    diagnostics.push(...document.errors.map((e) => toDiagnostic("error", e)));
    diagnostics.push(...document.warnings.map((w) => toDiagnostic("warning", w)));
    if (document.errors.length > 0) continue;
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: 100 });
    } catch (cause) {
      const { line, col } = lineCounter.linePos(document.range[0]);
      const message = cause instanceof Error ? cause.message : String(cause);
      diagnostics.push({ severity: "error", file, line, column: col, path: "", message: `YAML: ${message}` });
      continue;
    }
    if (value === null || value === undefined) continue;
    documents.push({ index, value: dropNulls(value), sourceMap: new SourceMap(document, document.contents, lineCounter) });
  }
  return { documents, diagnostics };
}

function firstLine(message: string): string {
  return (message.split("\n")[0] ?? message).replace(/ at line \d+, column \d+:?$/, "");
}

/** Kubernetes reads `field: null` (and an empty `field:`) as an unset field. */
function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNulls);
  if (typeof value !== "object" || value === null) return value;
  const result: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (field !== null) result[key] = dropNulls(field);
  }
  return result;
}
