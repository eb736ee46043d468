import jsep from "jsep";
import { cachedBy } from "./cache.js";
import { ExprError } from "./errors.js";

/** A predicate or mapper `{ # > 1 }` passed to `filter`, `map`, `all`…; `#` is the element. */
export interface ClosureExpression extends jsep.Expression {
  type: "Closure";
  body: jsep.Expression;
}

export type Node = jsep.Expression;

/**
 * jsep is one shared instance, so the expr-lang grammar is set up once, here, at load. Operators and precedences
 * follow expr-lang (or 10, and 15, comparisons 20, + - 30, * / % 60, ** ^ 100 right, ?? 500); JavaScript's
 * bitwise and strict-equality operators are removed so they fail to parse, as they do in expr-lang.
 */
function configure(): void {
  jsep.removeAllBinaryOps();
  jsep.removeAllUnaryOps();
  const levels: [number, string[]][] = [
    [1, ["||", "or"]],
    [2, ["&&", "and"]],
    [3, ["==", "!=", "<", ">", "<=", ">=", "in", "not in", "matches", "contains", "startsWith", "endsWith"]],
    [4, ["+", "-"]],
    [5, ["*", "/", "%"]],
    [7, ["??"]],
  ];
  for (const [precedence, ops] of levels) for (const op of ops) jsep.addBinaryOp(op, precedence);
  jsep.addBinaryOp("**", 6, true);
  jsep.addBinaryOp("^", 6, true);
  for (const op of ["-", "+", "!", "not"]) jsep.addUnaryOp(op);
  jsep.removeLiteral("null");
  jsep.addLiteral("nil", null);
  jsep.addIdentifierChar("#");
  jsep.hooks.add("gobble-token", function gobbleClosure(env) {
    if (this.code !== 123 /* { */) return;
    this.index++;
    const body = this.gobbleExpression();
    this.gobbleSpaces();
    if (this.expr.charCodeAt(this.index) !== 125 /* } */) this.throwError('expected "}"');
    this.index++;
    const closure: ClosureExpression = { type: "Closure", body };
    env.node = closure;
  });
}
configure();

/** Parses an expr-lang expression; the result is shared between callers and must not be changed. */
export const parseExpression = cachedBy((source: string): Node => {
  if (source.trim() === "") throw new ExprError("empty expression");
  try {
    return jsep(source);
  } catch (error) {
    const description = (error as { description?: string }).description ?? String(error);
    const index = (error as { index?: number }).index;
    const where = index === undefined ? "" : ` at column ${index + 1}`;
    throw new ExprError(`invalid expression "${source}": ${description}${where}`, { cause: error });
  }
});
