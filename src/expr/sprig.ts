import { castToFloat, castToInt } from "./conversions.js";
import { ExprError } from "./errors.js";
import { fn, type ExprFunction } from "./function-table.js";
import { expectArray, expectString, formatValue, isMap, trimChars } from "./values.js";

// Sprig puts the value being worked on last (`replace old new s`), so the string is the final argument.
const str = (args: unknown[], i: number, name: string) => expectString(args[i], `${name}()`);

/** Sprig's `empty`: nil, "", 0, false and empty lists and maps. */
function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === "" || value === 0 || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  return isMap(value) && Object.keys(value).length === 0;
}

function substr(start: number, end: number, s: string): string {
  if (start < 0) return s.slice(0, end);
  if (end < 0 || end > s.length) return s.slice(start);
  return s.slice(start, end);
}

function trunc(n: number, s: string): string {
  if (n < 0) return -n < s.length ? s.slice(s.length + n) : s;
  return s.slice(0, n);
}

function arithmetic(name: string, apply: (a: number, b: number) => number): ExprFunction {
  return fn(2, 2, ([a, b]) => {
    const [x, y] = [castToInt(a), castToInt(b)];
    if ((name === "div" || name === "mod") && y === 0) throw new ExprError(`sprig.${name}(): integer divide by zero`);
    return apply(x, y);
  });
}

/**
 * The deterministic string, conversion and integer-math functions of Sprig, called as `sprig.name(…)`.
 * Functions of time, randomness, the environment and crypto are left out on purpose: a workflow re-run must
 * substitute the same text.
 */
export const sprigFunctions: Readonly<Record<string, ExprFunction>> = {
  trim: fn(1, 1, (args, name) => str(args, 0, name).trim()),
  trimAll: fn(2, 2, (args, name) => trimChars(str(args, 1, name), str(args, 0, name))),
  trimPrefix: fn(2, 2, (args, name) => {
    const [prefix, s] = [str(args, 0, name), str(args, 1, name)];
    return s.startsWith(prefix) ? s.slice(prefix.length) : s;
  }),
  trimSuffix: fn(2, 2, (args, name) => {
    const [suffix, s] = [str(args, 0, name), str(args, 1, name)];
    return suffix !== "" && s.endsWith(suffix) ? s.slice(0, -suffix.length) : s;
  }),
  upper: fn(1, 1, (args, name) => str(args, 0, name).toUpperCase()),
  lower: fn(1, 1, (args, name) => str(args, 0, name).toLowerCase()),
  title: fn(1, 1, (args, name) => str(args, 0, name).replace(/(^|\s)(\S)/g, (_m, space: string, c: string) => space + c.toUpperCase())),
  replace: fn(3, 3, (args, name) => str(args, 2, name).replaceAll(str(args, 0, name), str(args, 1, name))),
  contains: fn(2, 2, (args, name) => str(args, 1, name).includes(str(args, 0, name))),
  hasPrefix: fn(2, 2, (args, name) => str(args, 1, name).startsWith(str(args, 0, name))),
  hasSuffix: fn(2, 2, (args, name) => str(args, 1, name).endsWith(str(args, 0, name))),
  // Sprig's `split` returns a map with keys _0, _1, …; `splitList` returns the list.
  split: fn(2, 2, (args, name) =>
    Object.fromEntries(str(args, 1, name).split(str(args, 0, name)).map((part, i) => [`_${i}`, part]))),
  splitList: fn(2, 2, (args, name) => str(args, 1, name).split(str(args, 0, name))),
  join: fn(2, 2, (args, name) => expectArray(args[1], `${name}()`).map(formatValue).join(str(args, 0, name))),
  repeat: fn(2, 2, (args, name) => str(args, 1, name).repeat(Math.max(0, castToInt(args[0])))),
  substr: fn(3, 3, (args, name) => substr(castToInt(args[0]), castToInt(args[1]), str(args, 2, name))),
  trunc: fn(2, 2, (args, name) => trunc(castToInt(args[0]), str(args, 1, name))),
  nospace: fn(1, 1, (args, name) => str(args, 0, name).replace(/\s+/g, "")),
  default: fn(1, 2, ([fallback, value]) => (isEmpty(value) ? fallback : value)),
  empty: fn(1, 1, ([value]) => isEmpty(value)),
  coalesce: fn(0, Infinity, (args) => args.find((v) => !isEmpty(v)) ?? null),
  quote: fn(0, Infinity, (args) => args.filter((v) => v != null).map((v) => JSON.stringify(formatValue(v))).join(" ")),
  squote: fn(0, Infinity, (args) => args.filter((v) => v != null).map((v) => `'${formatValue(v)}'`).join(" ")),
  int: fn(1, 1, ([v]) => castToInt(v)),
  int64: fn(1, 1, ([v]) => castToInt(v)),
  atoi: fn(1, 1, ([v]) => (typeof v === "string" && /^[+-]?\d+$/.test(v) ? Number(v) : 0)),
  float64: fn(1, 1, ([v]) => castToFloat(v)),
  toString: fn(1, 1, ([v]) => formatValue(v)),
  add: fn(0, Infinity, (args) => args.reduce<number>((sum, v) => sum + castToInt(v), 0)),
  add1: fn(1, 1, ([v]) => castToInt(v) + 1),
  sub: arithmetic("sub", (a, b) => a - b),
  mul: fn(0, Infinity, (args) => args.reduce<number>((product, v) => product * castToInt(v), 1)),
  div: arithmetic("div", (a, b) => Math.trunc(a / b)),
  mod: arithmetic("mod", (a, b) => a % b),
  max: fn(1, Infinity, (args) => Math.max(...args.map(castToInt))),
  min: fn(1, Infinity, (args) => Math.min(...args.map(castToInt))),
};
