import { ExprError } from "./errors.js";
import { compileRegExp, isEqual, isMap, typeName } from "./values.js";

type Binary = (left: unknown, right: unknown) => unknown;

function mismatch(op: string, left: unknown, right: unknown): never {
  throw new ExprError(`invalid operation: ${typeName(left)} ${op} ${typeName(right)}`);
}

function numeric(op: string, apply: (a: number, b: number) => number): Binary {
  return (a, b) => (typeof a === "number" && typeof b === "number" ? apply(a, b) : mismatch(op, a, b));
}

/** `<`, `>`…: numbers with numbers, strings with strings. */
function ordered(op: string, test: (order: number) => boolean): Binary {
  return (a, b) => {
    if (typeof a === "number" && typeof b === "number") return test(a - b);
    if (typeof a === "string" && typeof b === "string") return test(a < b ? -1 : a > b ? 1 : 0);
    return mismatch(op, a, b);
  };
}

function strings(op: string, test: (a: string, b: string) => boolean): Binary {
  return (a, b) => (typeof a === "string" && typeof b === "string" ? test(a, b) : mismatch(op, a, b));
}

function membership(element: unknown, container: unknown): boolean {
  if (Array.isArray(container)) return container.some((x) => isEqual(x, element));
  if (isMap(container)) return typeof element === "string" && Object.hasOwn(container, element);
  return mismatch("in", element, container);
}

function add(a: unknown, b: unknown): unknown {
  if (typeof a === "number" && typeof b === "number") return a + b;
  if (typeof a === "string" && typeof b === "string") return a + b;
  if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  return mismatch("+", a, b);
}

function modulo(a: number, b: number): number {
  if (!Number.isInteger(a) || !Number.isInteger(b)) throw new ExprError(`invalid operation: % needs integers, got ${a} % ${b}`);
  if (b === 0) throw new ExprError("integer divide by zero");
  return a % b;
}

/** The binary operators of expr-lang that evaluate both sides; `&&`, `||` and `??` short-circuit in the evaluator. */
export const binaryOperators: Readonly<Record<string, Binary>> = {
  "+": add,
  "-": numeric("-", (a, b) => a - b),
  "*": numeric("*", (a, b) => a * b),
  "/": numeric("/", (a, b) => a / b),
  "%": numeric("%", modulo),
  "**": numeric("**", (a, b) => a ** b),
  "^": numeric("^", (a, b) => a ** b),
  "==": (a, b) => isEqual(a, b),
  "!=": (a, b) => !isEqual(a, b),
  "<": ordered("<", (o) => o < 0),
  ">": ordered(">", (o) => o > 0),
  "<=": ordered("<=", (o) => o <= 0),
  ">=": ordered(">=", (o) => o >= 0),
  in: membership,
  "not in": (a, b) => !membership(a, b),
  contains: strings("contains", (a, b) => a.includes(b)),
  startsWith: strings("startsWith", (a, b) => a.startsWith(b)),
  endsWith: strings("endsWith", (a, b) => a.endsWith(b)),
  matches: strings("matches", (a, b) => compileRegExp(b).test(a)),
};
