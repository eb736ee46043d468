import { cachedBy } from "./cache.js";
import { ExprError } from "./errors.js";

/** The expr-lang name of a value's type, for error messages. */
export function typeName(value: unknown): string {
  if (value === null || value === undefined) return "nil";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  if (typeof value === "object") return "map";
  return typeof value === "boolean" ? "bool" : typeof value;
}

/** Deep equality as expr-lang's `==`: numbers by value, lists and maps element by element, never across types. */
export function isEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => isEqual(x, b[i]));
  if (isMap(a) && isMap(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && isEqual(a[k], b[k]));
  }
  return false;
}

export function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** How a value is written into text: strings as they are, integers without ".0", lists and maps as JSON. */
export function formatValue(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === null || value === undefined) return "nil";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** Removes the characters of `chars` from both ends, or white space when `chars` is undefined. */
export function trimChars(s: string, chars: string | undefined): string {
  if (chars === undefined) return s.trim();
  let start = 0;
  let end = s.length;
  while (start < end && chars.includes(s[start]!)) start++;
  while (end > start && chars.includes(s[end - 1]!)) end--;
  return s.slice(start, end);
}

/** A value quoted for an error message, cut to 40 characters. */
export function quoteShort(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

export function expectString(value: unknown, what: string): string {
  if (typeof value !== "string") throw new ExprError(`${what} expects a string, got ${typeName(value)}`);
  return value;
}

export function expectNumber(value: unknown, what: string): number {
  if (typeof value !== "number") throw new ExprError(`${what} expects a number, got ${typeName(value)}`);
  return value;
}

export function expectBoolean(value: unknown, what: string): boolean {
  if (typeof value !== "boolean") throw new ExprError(`${what} expects a bool, got ${typeName(value)}`);
  return value;
}

export function expectArray(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new ExprError(`${what} expects an array, got ${typeName(value)}`);
  return value;
}

/** A regular expression from user text; Go's RE2 syntax is close enough to JavaScript's for the patterns people write. */
export const compileRegExp = cachedBy((pattern: string): RegExp => {
  try {
    return new RegExp(pattern);
  } catch (error) {
    throw new ExprError(`invalid regular expression "${pattern}"`, { cause: error });
  }
}, 1_000);
