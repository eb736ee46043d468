import { toFloat, toInteger } from "./conversions.js";
import { ExprError } from "./errors.js";
import { fn, type ExprFunction } from "./function-table.js";
import { jsonpath } from "./jsonpath.js";
import { expectArray, expectNumber, expectString, formatValue, isMap, quoteShort, trimChars, typeName } from "./values.js";

const str = (args: unknown[], i: number, name: string) => expectString(args[i], `${name}()`);
const num = (args: unknown[], i: number, name: string) => expectNumber(args[i], `${name}()`);

function length(value: unknown): number {
  if (typeof value === "string") return [...value].length;
  if (Array.isArray(value)) return value.length;
  if (isMap(value)) return Object.keys(value).length;
  throw new ExprError(`len() expects a string, array or map, got ${typeName(value)}`);
}

function expectMap(value: unknown, what: string): Record<string, unknown> {
  if (!isMap(value)) throw new ExprError(`${what} expects a map, got ${typeName(value)}`);
  return value;
}

function fromJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ExprError(`fromJson(): not valid JSON: ${quoteShort(text)}`, { cause: error });
  }
}

function extreme(name: string, pick: (a: number, b: number) => number): ExprFunction {
  return fn(1, Infinity, (args) => {
    const values = args.length === 1 && Array.isArray(args[0]) ? args[0] : args;
    return values.map((v) => expectNumber(v, `${name}()`)).reduce((a, b) => pick(a, b));
  });
}

/** expr-lang's builtins and Argo's additions (`asInt`, `asFloat`, `jsonpath`), without `now`, `date` or randomness. */
export const functions: Readonly<Record<string, ExprFunction>> = {
  asInt: fn(1, 1, ([v], name) => toInteger(v, `${name}()`)),
  asFloat: fn(1, 1, ([v], name) => toFloat(v, `${name}()`)),
  int: fn(1, 1, ([v], name) => toInteger(v, `${name}()`)),
  float: fn(1, 1, ([v], name) => toFloat(v, `${name}()`)),
  string: fn(1, 1, ([v]) => formatValue(v)),
  toJson: fn(1, 1, ([v]) => JSON.stringify(v ?? null)),
  fromJson: fn(1, 1, (args, name) => fromJson(str(args, 0, name))),
  jsonpath: fn(2, 2, (args, name) => jsonpath(str(args, 0, name), str(args, 1, name))),
  len: fn(1, 1, ([v]) => length(v)),
  lower: fn(1, 1, (args, name) => str(args, 0, name).toLowerCase()),
  upper: fn(1, 1, (args, name) => str(args, 0, name).toUpperCase()),
  trim: fn(1, 2, (args, name) => trimChars(str(args, 0, name), args[1] === undefined ? undefined : str(args, 1, name))),
  trimPrefix: fn(2, 2, (args, name) => {
    const [s, prefix] = [str(args, 0, name), str(args, 1, name)];
    return s.startsWith(prefix) ? s.slice(prefix.length) : s;
  }),
  trimSuffix: fn(2, 2, (args, name) => {
    const [s, suffix] = [str(args, 0, name), str(args, 1, name)];
    return suffix !== "" && s.endsWith(suffix) ? s.slice(0, -suffix.length) : s;
  }),
  split: fn(2, 2, (args, name) => str(args, 0, name).split(str(args, 1, name))),
  join: fn(1, 2, (args, name) =>
    expectArray(args[0], `${name}()`).map((v) => expectString(v, `${name}()`)).join(args[1] === undefined ? "" : str(args, 1, name))),
  replace: fn(3, 3, (args, name) => str(args, 0, name).replaceAll(str(args, 1, name), str(args, 2, name))),
  repeat: fn(2, 2, (args, name) => str(args, 0, name).repeat(Math.max(0, num(args, 1, name)))),
  indexOf: fn(2, 2, (args, name) => str(args, 0, name).indexOf(str(args, 1, name))),
  contains: fn(2, 2, (args, name) => str(args, 0, name).includes(str(args, 1, name))),
  startsWith: fn(2, 2, (args, name) => str(args, 0, name).startsWith(str(args, 1, name))),
  endsWith: fn(2, 2, (args, name) => str(args, 0, name).endsWith(str(args, 1, name))),
  abs: fn(1, 1, (args, name) => Math.abs(num(args, 0, name))),
  ceil: fn(1, 1, (args, name) => Math.ceil(num(args, 0, name))),
  floor: fn(1, 1, (args, name) => Math.floor(num(args, 0, name))),
  round: fn(1, 1, (args, name) => Math.round(num(args, 0, name))),
  max: extreme("max", Math.max),
  min: extreme("min", Math.min),
  keys: fn(1, 1, ([v]) => Object.keys(expectMap(v, "keys()"))),
  values: fn(1, 1, ([v]) => Object.values(expectMap(v, "values()"))),
  first: fn(1, 1, ([v]) => expectArray(v, "first()")[0] ?? null),
  last: fn(1, 1, ([v]) => expectArray(v, "last()").at(-1) ?? null),
};
