import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { stringify } from "yaml";
import type { Diagnostic } from "../spec/index.js";

/** Files `baton run` imports as code instead of reading as YAML. */
const MODULE_EXTENSIONS = [".ts", ".mts", ".js", ".mjs"];

export function isModuleFile(path: string): boolean {
  return MODULE_EXTENSIONS.some((ext) => path.endsWith(ext));
}

/** The generated YAML and the label its diagnostics carry: their lines are lines of that YAML. */
export type LoadedModule = { ok: true; file: string; text: string } | { ok: false; diagnostic: Diagnostic };

/**
 * Imports a TypeScript or JavaScript file and turns its default export — a manifest, a list of
 * manifests, or a function returning either (or a promise of it) — into YAML text, so that the one
 * loader validates and defaults it exactly as it would the same YAML.
 */
export async function loadModule(path: string): Promise<LoadedModule> {
  const fail = (message: string, line = 1, column = 1): LoadedModule => ({ ok: false, diagnostic: { severity: "error", file: path, line, column, path: "", message } });
  if (!existsSync(path)) return fail("cannot read the file: no such file");
  const absolute = resolve(path);
  const url = pathToFileURL(absolute).href;
  let value: unknown;
  try {
    // tsx (and esbuild behind it) loads only when a module file is given: YAML runs start sooner.
    const { tsImport } = await import("tsx/esm/api");
    const module = (await tsImport(url, { parentURL: import.meta.url })) as Record<string, unknown>;
    // A file that Node reads as CommonJS (no "type": "module" above it) arrives wrapped once more.
    value = isRecord(module.default) && "__esModule" in module.default ? module.default.default : module.default;
    if (value === undefined) return fail(NO_DEFAULT);
    if (typeof value === "function") value = await (value as () => unknown)();
    else value = await value;
  } catch (error) {
    const at = locationIn(error, [url, absolute]);
    return fail(`cannot load the file: ${firstLines(error)}`, at?.line, at?.column);
  }
  const manifests = Array.isArray(value) ? value : [value];
  const wrong = manifests.findIndex((m) => !isManifest(m));
  if (wrong >= 0 || manifests.length === 0) {
    const what = manifests.length === 0 ? "an empty list" : describe(manifests[wrong]);
    const where = Array.isArray(value) && wrong >= 0 ? ` (item ${wrong})` : "";
    return fail(`the default export${where} is not a manifest: expected an object with apiVersion and kind, such as workflow(), job() or pod() make, or a list of them (got ${what})`);
  }
  const text = manifests.map((m) => stringify(m, { aliasDuplicateObjects: false, lineWidth: 0 })).join("---\n");
  return { ok: true, file: `${path} (default export)`, text };
}

const NO_DEFAULT = "has no default export: `export default` a workflow, Job or Pod, a list of them, or a function that returns them";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isManifest(value: unknown): boolean {
  return isRecord(value) && typeof value.apiVersion === "string" && typeof value.kind === "string";
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") {
    const keys = Object.keys(value);
    return keys.length === 0 ? "an empty object" : `an object with ${keys.slice(0, 4).join(", ")}${keys.length > 4 ? ", …" : ""}`;
  }
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** Compilers' messages run over several lines; one line is what a diagnostic holds. */
function firstLines(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const lines = message.split("\n").map((l) => l.trim()).filter((l) => l.length > 0);
  return lines.slice(0, 2).join(" ");
}

/** Where in the user's file the error was thrown, from the (source-mapped) stack, when it says. */
function locationIn(error: unknown, names: string[]): { line: number; column: number } | undefined {
  const stack = error instanceof Error ? (error.stack ?? "") : "";
  for (const name of names) {
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const match = new RegExp(`${escaped}(?:\\?[^:]*)?:(\\d+):(\\d+)`).exec(stack);
    if (match) return { line: Number(match[1]), column: Number(match[2]) };
  }
  return undefined;
}
