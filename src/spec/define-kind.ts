import type { z } from "zod";
import type { Resource } from "../model/index.js";
import type { FieldPath } from "./field-path.js";
import { IssueList, type Issue } from "./issue.js";
import { parseStructure } from "./structure.js";

export interface LoadOptions {
  /** Every container needs a `command`: the local engine cannot run an image's entrypoint. */
  requireCommand: boolean;
}

/** What the kind table holds: one loader per (apiVersion, kind). */
export interface KindLoader {
  readonly apiVersion: string;
  readonly kind: string;
  load(manifest: unknown, options: LoadOptions): { issues: Issue[]; resource?: Resource };
}

/** A kind in three steps, as Kubernetes does it: decode (zod), validate (rules), default (to the model type). */
export interface KindDefinition<Raw> {
  readonly apiVersion: string;
  readonly kind: string;
  /** Structure and types of the manifest as written; everything optional, as in the API. */
  readonly schema: z.ZodType<Raw>;
  /** Kubernetes' validation rules, on the manifest as written. */
  validate(raw: Raw, issues: IssueList, options: LoadOptions): void;
  /** Kubernetes' defaults; only called on a manifest without errors. */
  toResource(raw: Raw): Resource;
}

export function defineKind<Raw>(definition: KindDefinition<Raw>): KindLoader {
  return {
    apiVersion: definition.apiVersion,
    kind: definition.kind,
    load(manifest, options) {
      const structure = parseStructure(definition.schema, manifest);
      if (structure.data === undefined) return { issues: structure.issues };
      const rules = new IssueList();
      definition.validate(structure.data, rules, options);
      const issues = [...structure.issues, ...rules.items.filter((i) => !isUnder(i.path, structure.brokenPaths))];
      if (issues.some((i) => i.severity === "error")) return { issues };
      return { issues, resource: definition.toResource(structure.data) };
    },
  };
}

function isUnder(path: FieldPath, prefixes: readonly FieldPath[]): boolean {
  return prefixes.some((prefix) => prefix.length <= path.length && prefix.every((segment, i) => path[i] === segment));
}
