import { LineCounter, parseAllDocuments, type YAMLError } from "yaml";
import type { Diagnostic } from "./diagnostic.js";
import { DeferredSourceMap, SourceMap, type SourcePositions } from "./source-map.js";
import { readYamlSubset } from "./yaml-subset.js";

/** One non-empty YAML document of a file, as a plain value and a map back to the text. */
export interface YamlDocument {
  index: number;
  value: unknown;
  sourceMap: SourcePositions;
}

/**
 * Splits a file into its YAML documents (JSON is YAML too). Syntax errors become diagnostics at their
 * line; a document with errors yields no value, the others still do. Empty documents are skipped.
 *
 * Most manifests are in the subset of YAML that readYamlSubset reads, many times faster than the
 * `yaml` library and without positions; the library then parses the file only if a diagnostic needs a
 * position. Everything else (and every file with a syntax error) is read by the library directly.
 */
export function parseYamlDocuments(text: string, file: string): { documents: YamlDocument[]; diagnostics: Diagnostic[] } {
  const subset = readYamlSubset(text);
  if (subset === undefined) return parseWithLibrary(text, file);
  let parsed: ReturnType<typeof parseWithPositions> | undefined;
  const mapOf = (index: number): SourceMap => {
    parsed ??= parseWithPositions(text);
    const document = parsed.documents[index] as (typeof parsed.documents)[number];
    return new SourceMap(document, document.contents, parsed.lineCounter);
  };
  const documents = subset.map(({ index, value, line, column }) => ({
    index,
    value: dropNulls(value),
    sourceMap: new DeferredSourceMap(() => mapOf(index), { line, column }),
  }));
  return { documents, diagnostics: [] };
}

function parseWithPositions(text: string) {
  const lineCounter = new LineCounter();
  return { documents: parseAllDocuments(text, { lineCounter, merge: true, prettyErrors: false }), lineCounter };
}

function parseWithLibrary(text: string, file: string): { documents: YamlDocument[]; diagnostics: Diagnostic[] } {
  const { documents: parsed, lineCounter } = parseWithPositions(text);
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

/**
 * Kubernetes reads `field: null` (and an empty `field:`) as an unset field. The value is fresh from the
 * parser and shared with nothing, so a list or map without nulls below it is kept rather than copied.
 */
function dropNulls(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) value[i] = dropNulls(item);
    return value;
  }
  const record = value as Record<string, unknown>;
  let hasNull = false;
  for (const key in record) {
    if (record[key] === null) hasNull = true;
    else record[key] = dropNulls(record[key]);
  }
  if (!hasNull) return record;
  const result: Record<string, unknown> = {};
  for (const key in record) if (record[key] !== null) result[key] = record[key];
  return result;
}
