import { stringify } from "yaml";

/** Manifests as YAML text, one document each, as `baton run` reads them. */
export function toYaml(manifests: object | readonly object[]): string {
  const list = Array.isArray(manifests) ? manifests : [manifests];
  // No aliases: a template used twice must be written out twice, as a person would.
  return list.map((m) => stringify(m, { aliasDuplicateObjects: false, lineWidth: 0 })).join("---\n");
}
