import { ExprError } from "./errors.js";
import { typeName } from "./values.js";

const integerText = /^[+-]?\d+$/;
const floatText = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Go's strconv.ParseInt: digits only, no spaces, no fraction. */
export function parseInteger(text: string, what: string): number {
  if (!integerText.test(text)) throw new ExprError(`${what}: cannot parse "${text}" as an integer`);
  return Number(text);
}

/** Go's strconv.ParseFloat for decimal text. */
export function parseFloatText(text: string, what: string): number {
  if (!floatText.test(text)) throw new ExprError(`${what}: cannot parse "${text}" as a number`);
  return Number(text);
}

/** Argo's `asInt` and expr-lang's `int`: numbers are truncated, strings must hold an integer. */
export function toInteger(value: unknown, what: string): number {
  if (typeof value === "number") return Math.trunc(value);
  if (typeof value === "string") return parseInteger(value, what);
  throw new ExprError(`${what}: cannot convert ${typeName(value)} to int`);
}

/** Argo's `asFloat` and expr-lang's `float`. */
export function toFloat(value: unknown, what: string): number {
  if (typeof value === "number") return value;
  if (typeof value === "string") return parseFloatText(value, what);
  throw new ExprError(`${what}: cannot convert ${typeName(value)} to float`);
}

/** spf13/cast as sprig uses it: whatever cannot be read as a number becomes 0. */
export function castToInt(value: unknown): number {
  if (typeof value === "number") return Math.trunc(value);
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value !== "string") return 0;
  const text = value.replace(/\.0*$/, "");
  if (integerText.test(text)) return Number(text);
  return /^0[xX][0-9a-fA-F]+$/.test(text) ? Number.parseInt(text, 16) : 0;
}

export function castToFloat(value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  return typeof value === "string" && floatText.test(value) ? Number(value) : 0;
}
