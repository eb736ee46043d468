import type { TemplateManifest } from "./manifest.js";

/**
 * The template objects a step, task or template refers to. The manifest itself only records
 * `template: name`; this side table lets `workflow()` collect every template that is used, without
 * putting anything that is not Argo's into the manifest.
 */
const referenced = new WeakMap<object, TemplateManifest[]>();

export function recordReferences(from: object, templates: readonly TemplateManifest[]): void {
  if (templates.length === 0) return;
  referenced.set(from, [...(referenced.get(from) ?? []), ...templates]);
}

export function referencesOf(from: object): TemplateManifest[] {
  return referenced.get(from) ?? [];
}
