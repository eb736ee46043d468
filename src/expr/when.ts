import { cachedBy } from "./cache.js";
import { ExprError } from "./errors.js";
import { lexGovaluate, type Token } from "./govaluate-lexer.js";
import { compileRegExp, isEqual } from "./values.js";

type Value = number | string | boolean | null | Value[];

/** Binary operators by precedence, loosest first, as govaluate plans them; every level is left-associative. */
const levels: readonly (readonly string[])[] = [
  ["?", ":", "??"],
  ["||"],
  ["&&"],
  ["==", "!=", ">", ">=", "<", "<=", "=~", "!~", "in"],
  ["&", "|", "^"],
  ["<<", ">>"],
  ["+", "-"],
  ["*", "/", "%"],
  ["**"],
];

const describe = (v: Value): string => (v === null ? "nil" : Array.isArray(v) ? "a list" : `${typeof v} ${JSON.stringify(v)}`);

function numbers(op: string, a: Value, b: Value): [number, number] {
  if (typeof a === "number" && typeof b === "number") return [a, b];
  throw new ExprError(`"${op}" needs numbers, got ${describe(a)} and ${describe(b)}`);
}

function bool(op: string, v: Value): boolean {
  if (typeof v === "boolean") return v;
  throw new ExprError(`"${op}" needs booleans, got ${describe(v)}`);
}

function compare(op: string, a: Value, b: Value): boolean {
  const ordered = (typeof a === "string" && typeof b === "string") || (typeof a === "number" && typeof b === "number");
  if (!ordered) throw new ExprError(`cannot compare ${describe(a)} with ${describe(b)} using "${op}"`);
  const [x, y] = [a as number | string, b as number | string];
  return op === ">" ? x > y : op === ">=" ? x >= y : op === "<" ? x < y : x <= y;
}

function regex(op: string, a: Value, b: Value): boolean {
  if (typeof a !== "string" || typeof b !== "string") throw new ExprError(`"${op}" needs strings, got ${describe(a)} and ${describe(b)}`);
  return compileRegExp(b).test(a) === (op === "=~");
}

function applyBinary(op: string, a: Value, b: Value): Value {
  switch (op) {
    case "?": return bool(op, a) ? b : null;
    case ":": return a !== null ? a : b;
    case "??": return a !== null ? a : b;
    case "&&": return bool(op, a) && bool(op, b);
    case "||": return bool(op, a) || bool(op, b);
    case "==": return isEqual(a, b);
    case "!=": return !isEqual(a, b);
    case ">": case ">=": case "<": case "<=": return compare(op, a, b);
    case "=~": case "!~": return regex(op, a, b);
    case "in":
      if (!Array.isArray(b)) throw new ExprError(`"in" needs a list like ('a', 'b') on its right, got ${describe(b)}`);
      return b.some((x) => isEqual(x, a));
    case "+":
      if (typeof a === "string" || typeof b === "string") return `${String(a)}${String(b)}`;
      return numbers(op, a, b).reduce((x, y) => x + y);
    case "-": return numbers(op, a, b).reduce((x, y) => x - y);
    case "*": return numbers(op, a, b).reduce((x, y) => x * y);
    case "/": return numbers(op, a, b).reduce((x, y) => x / y);
    case "%": return numbers(op, a, b).reduce((x, y) => x % y);
    case "**": return numbers(op, a, b).reduce((x, y) => x ** y);
  }
  throw new ExprError(`operator "${op}" is not supported`);
}

/** A recursive-descent evaluator over govaluate tokens; `&&` and `||` short-circuit as in govaluate. */
class WhenParser {
  private next = 0;
  constructor(private readonly tokens: Token[], private readonly text: string) {}

  run(): Value {
    const value = this.binary(0);
    if (this.next < this.tokens.length) this.unexpected();
    return value;
  }

  private peekOp(level: readonly string[]): string | undefined {
    const t = this.tokens[this.next];
    return t?.kind === "op" && level.includes(t.value) ? t.value : undefined;
  }

  private binary(level: number): Value {
    if (level === levels.length) return this.prefix();
    let left = this.binary(level + 1);
    for (let op = this.peekOp(levels[level]!); op !== undefined; op = this.peekOp(levels[level]!)) {
      this.next++;
      if (op === "&&" && left === false) return this.skip(level, false);
      if (op === "||" && left === true) return this.skip(level, true);
      left = applyBinary(op, left, this.binary(level + 1));
    }
    return left;
  }

  /** Short-circuit: parse (for errors) but ignore the rest of this level's chain. */
  private skip(level: number, value: boolean): Value {
    this.binary(level + 1);
    while (this.peekOp(levels[level]!) !== undefined) {
      this.next++;
      this.binary(level + 1);
    }
    return value;
  }

  private prefix(): Value {
    const t = this.tokens[this.next];
    if (t?.kind === "op" && (t.value === "!" || t.value === "-")) {
      this.next++;
      const v = this.prefix();
      if (t.value === "!") return !bool("!", v);
      if (typeof v !== "number") throw new ExprError(`"-" needs a number, got ${describe(v)}`);
      return -v;
    }
    return this.primary();
  }

  private primary(): Value {
    const t = this.tokens[this.next++];
    if (t === undefined) throw new ExprError("unexpected end of expression");
    if (t.kind === "number" || t.kind === "string" || t.kind === "bool") return t.value;
    if (t.kind !== "(") return this.unexpected(this.next - 1);
    const items = [this.binary(0)];
    while (this.tokens[this.next]?.kind === ",") {
      this.next++;
      items.push(this.binary(0));
    }
    if (this.tokens[this.next]?.kind !== ")") return this.unexpected();
    this.next++;
    return items.length === 1 ? items[0]! : items;
  }

  private unexpected(index = this.next): never {
    const t = this.tokens[index];
    if (!t) throw new ExprError("unexpected end of expression");
    const end = this.tokens[index + 1]?.at ?? this.text.length;
    throw new ExprError(`unexpected "${this.text.slice(t.at, end).trim()}" at column ${t.at + 1}`);
  }
}

/**
 * Argo's `when`, after `{{…}}` substitution: govaluate with every bare word read as a string, so
 * `heads == heads` is true. Results are cached by text, since the same conditions repeat across loop items.
 */
export const evaluateWhen = cachedBy((text: string): boolean => {
  if (text.trim() === "") return true;
  let value: Value;
  try {
    value = new WhenParser(lexGovaluate(text), text).run();
  } catch (error) {
    if (!(error instanceof ExprError)) throw error;
    throw new ExprError(`invalid "when" expression "${text}": ${error.message}`, { cause: error });
  }
  if (typeof value !== "boolean") throw new ExprError(`expected a boolean from "${text}", got ${describe(value)}`);
  return value;
});
