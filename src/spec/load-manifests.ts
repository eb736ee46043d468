import type { Resource } from "../model/index.js";
import type { LoadOptions } from "./define-kind.js";
import { compareDiagnostics, type Diagnostic } from "./diagnostic.js";
import { formatFieldPath } from "./field-path.js";
import type { Issue } from "./issue.js";
import { findKind, kindsNamed, supportedKinds } from "./kind-registry.js";
import type { SourcePositions } from "./source-map.js";
import { parseYamlDocuments } from "./yaml-documents.js";

/** A loaded resource and where it came from, so that later checks can point into the file too. */
export interface SourcedResource {
  resource: Resource;
  file: string;
  /** 0-based index of the YAML document (items of one `kind: List` share their document's index). */
  documentIndex: number;
  line: number;
  column: number;
  /**
   * Line/column of a field path inside this manifest, e.g. ["metadata","annotations","baton.dev/depends-on"];
   * falls back to the nearest existing ancestor.
   */
  locate(path: (string | number)[]): { line: number; column: number };
}

/**
 * Reads every manifest of a file. All problems of all documents are reported together, in file order.
 * `resources` holds the manifests that have no error of their own; whenever `diagnostics` holds an error,
 * the caller must run nothing of the submission.
 */
export function loadManifests(
  text: string,
  file: string,
  options?: { requireCommand?: boolean },
): { resources: SourcedResource[]; diagnostics: Diagnostic[] } {
  const loadOptions: LoadOptions = { requireCommand: options?.requireCommand ?? true };
  const { documents, diagnostics } = parseYamlDocuments(text, file);
  const resources: SourcedResource[] = [];
  for (const document of documents) {
    for (const manifest of manifestsOf(document.value, document.sourceMap)) {
      const toDiagnostic = (issue: Issue): Diagnostic => {
        const { line, column } = manifest.sourceMap.locate(issue.path, issue.at);
        return { severity: issue.severity, file, line, column, path: formatFieldPath(issue.path), message: issue.message };
      };
      if (manifest.issue !== undefined) {
        diagnostics.push(toDiagnostic(manifest.issue));
        continue;
      }
      const { issues, resource } = loadManifest(manifest.value, loadOptions);
      diagnostics.push(...issues.map(toDiagnostic));
      if (resource === undefined) continue;
      const sourceMap = manifest.sourceMap;
      resources.push({
        resource,
        file,
        documentIndex: document.index,
        ...sourceMap.start(),
        locate: (path) => sourceMap.locate(path),
      });
    }
  }
  return { resources, diagnostics: diagnostics.sort(compareDiagnostics) };
}

interface Manifest {
  value: unknown;
  sourceMap: SourcePositions;
  /** Set when the value cannot be a manifest at all. */
  issue?: Issue;
}

/** A document is one manifest, or a `kind: List` of them, as kubectl reads it. */
function manifestsOf(value: unknown, sourceMap: SourcePositions): Manifest[] {
  if (!isRecord(value)) {
    return [{ value, sourceMap, issue: error([], "a manifest must be a map with apiVersion and kind") }];
  }
  if (value["kind"] !== "List") return [{ value, sourceMap }];
  const items = value["items"];
  if (!Array.isArray(items)) return [{ value, sourceMap, issue: error(["items"], "a List needs a list of items") }];
  return items.flatMap((item: unknown, i) => manifestsOf(item, sourceMap.child(["items", i])));
}

function loadManifest(manifest: unknown, options: LoadOptions): { issues: Issue[]; resource?: Resource } {
  const record = manifest as Record<string, unknown>;
  const { apiVersion, kind } = record;
  const loader = findKind(apiVersion, kind);
  if (loader !== undefined) return loader.load(manifest, options);
  if (kind === undefined || kind === "") return { issues: [error(["kind"], `Required value: ${supportedKinds()}`)] };
  const sameKind = kindsNamed(kind);
  if (sameKind.length > 0) {
    const expected = sameKind.map((k) => k.apiVersion).join(" or ");
    const given = apiVersion === undefined ? "no apiVersion" : `apiVersion ${String(apiVersion)}`;
    return { issues: [error(["apiVersion"], `${String(kind)} with ${given} is not supported; ${String(kind)} is ${expected} (${supportedKinds()})`)] };
  }
  return { issues: [error(["kind"], `${String(kind)} is not supported; ${supportedKinds()}`)] };
}

function error(path: Issue["path"], message: string): Issue {
  return { severity: "error", path, message, at: "value" };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
