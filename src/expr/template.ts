import { cachedBy } from "./cache.js";
import { ExprError, UnknownVariableError, positionOf } from "./errors.js";
import { evaluate } from "./evaluate.js";
import type { Lookup } from "./paths.js";
import { expressionReferences } from "./references.js";
import { parseExpression } from "./syntax.js";
import { formatValue } from "./values.js";

/** A `{{…}}` template split into parts: literal text, `{{ name }}` references and `{{= expression }}` tags. */
export type TemplatePart = { kind: "text"; text: string } | { kind: "ref"; name: string } | { kind: "expr"; source: string };

/** The parts, and beside them each tag exactly as written, so an unresolved tag can be put back untouched. */
interface Scanned {
  readonly parts: readonly TemplatePart[];
  readonly raws: readonly string[];
}

const scan = cachedBy((text: string): Scanned => {
  const parts: TemplatePart[] = [];
  const raws: string[] = [];
  const push = (part: TemplatePart, raw: string) => {
    parts.push(Object.freeze(part));
    raws.push(raw);
  };
  let at = 0;
  for (let open = text.indexOf("{{"); open >= 0; open = text.indexOf("{{", at)) {
    if (open > at) push({ kind: "text", text: text.slice(at, open) }, text.slice(at, open));
    const close = text.indexOf("}}", open + 2);
    if (close < 0) throw new ExprError(`unterminated "{{" at ${positionOf(text, open)}`);
    const tag = text.slice(open + 2, close).trim();
    const raw = text.slice(open, close + 2);
    push(tag.startsWith("=") ? { kind: "expr", source: tag.slice(1).trim() } : { kind: "ref", name: tag }, raw);
    at = close + 2;
  }
  if (at < text.length) push({ kind: "text", text: text.slice(at) }, text.slice(at));
  return { parts: Object.freeze(parts), raws };
});

/** Splits a template into parts; the result is cached and shared, so callers must not change it. Throws for an unterminated `{{`. */
export function parseTemplate(text: string): TemplatePart[] {
  return scan(text).parts as TemplatePart[];
}

/** Every variable a template uses, once each, in order: `{{name}}` as written and every path a `{{= }}` expression reads. */
export function templateReferences(text: string): string[] {
  if (!text.includes("{{")) return [];
  const names: string[] = [];
  for (const part of scan(text).parts) {
    if (part.kind === "ref") names.push(part.name);
    else if (part.kind === "expr") expressionReferences(parseExpression(part.source), names);
  }
  return [...new Set(names)];
}

export interface SubstituteOptions {
  /** Leave tags whose variables are unknown exactly as written, for a later pass (as Argo does), instead of throwing. */
  keepUnknown?: boolean;
}

/** Replaces the tags of a template with the values of their variables and expressions. */
export function substitute(text: string, lookup: Lookup, options?: SubstituteOptions): string {
  if (!text.includes("{{")) return text;
  const keepUnknown = options?.keepUnknown === true;
  const { parts, raws } = scan(text);
  let out = "";
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part.kind === "text") {
      out += part.text;
    } else if (part.kind === "ref") {
      const value = lookup(part.name);
      if (value !== undefined) out += value;
      else if (keepUnknown) out += raws[i]!;
      else throw new UnknownVariableError(part.name);
    } else {
      const value = evaluateTag(part.source, lookup, keepUnknown);
      out += value === undefined ? raws[i]! : value;
    }
  }
  return out;
}

/** The text of a `{{= }}` tag, or undefined when it must stay unresolved. */
function evaluateTag(source: string, lookup: Lookup, keepUnknown: boolean): string | undefined {
  let value: unknown;
  try {
    value = evaluate(source, lookup);
  } catch (error) {
    if (keepUnknown && error instanceof UnknownVariableError) return undefined;
    throw error;
  }
  if (value !== null && value !== undefined) return formatValue(value);
  if (keepUnknown) return undefined;
  throw new ExprError(`expression "${source}" evaluated to nil`);
}
