import { ExprError, UnknownVariableError } from "./errors.js";
import { callFunction, type ExprFunction } from "./function-table.js";
import { functions } from "./functions.js";
import { binaryOperators } from "./operators.js";
import { indexInto, memberPath, resolvePath, type Lookup } from "./paths.js";
import { predicates } from "./predicates.js";
import { sprigFunctions } from "./sprig.js";
import { parseExpression, type Node } from "./syntax.js";
import { expectBoolean, expectNumber } from "./values.js";

/** What an expression can see: the variables, and inside a predicate `{…}` the current element `#`. */
interface Scope {
  readonly lookup: Lookup;
  readonly element?: { value: unknown };
}

/** Evaluates an expr-lang expression (`{{= }}`, retryStrategy.expression, valueFrom.expression); variables are strings. */
export function evaluate(source: string, lookup: Lookup): unknown {
  return evaluateNode(parseExpression(source), { lookup });
}

function evaluateNode(node: Node, scope: Scope): unknown {
  switch (node.type) {
    case "Literal":
      return node.value;
    case "Identifier":
    case "MemberExpression":
      return read(node, scope);
    case "ArrayExpression":
      return (node.elements as (Node | null)[]).map((e) => {
        if (e === null) throw new ExprError("empty element in array literal");
        return evaluateNode(e, scope);
      });
    case "UnaryExpression":
      return unary(node.operator as string, evaluateNode(node.argument as Node, scope));
    case "BinaryExpression":
      return binary(node.operator as string, node.left as Node, node.right as Node, scope);
    case "ConditionalExpression":
      return expectBoolean(evaluateNode(node.test as Node, scope), "?:")
        ? evaluateNode(node.consequent as Node, scope)
        : evaluateNode(node.alternate as Node, scope);
    case "CallExpression":
      return call(node, scope);
    case "Closure":
      throw new ExprError("a predicate {…} is only allowed as the last argument of filter, map, all, any, none, one or count");
    default:
      throw new ExprError(`unsupported syntax (${node.type}); write one expression`);
  }
}

function read(node: Node, scope: Scope): unknown {
  if (node.type === "Identifier" && node.name === "#") {
    if (!scope.element) throw new ExprError("# is only defined inside a predicate {…}");
    return scope.element.value;
  }
  const path = memberPath(node);
  if (path) return resolvePath(path, scope.lookup);
  const object = evaluateNode(node.object as Node, scope);
  if (node.optional && (object === null || object === undefined)) return null;
  const property = node.property as Node;
  return indexInto(object, node.computed ? evaluateNode(property, scope) : property.name);
}

function unary(op: string, value: unknown): unknown {
  if (op === "!" || op === "not") return !expectBoolean(value, op);
  const n = expectNumber(value, `unary ${op}`);
  return op === "-" ? -n : n;
}

function binary(op: string, left: Node, right: Node, scope: Scope): unknown {
  switch (op) {
    case "&&":
    case "and":
      return expectBoolean(evaluateNode(left, scope), op) && expectBoolean(evaluateNode(right, scope), op);
    case "||":
    case "or":
      return expectBoolean(evaluateNode(left, scope), op) || expectBoolean(evaluateNode(right, scope), op);
    case "??":
      return coalesce(left, right, scope);
  }
  const apply = binaryOperators[op];
  if (!apply) throw new ExprError(`unsupported operator "${op}"`);
  return apply(evaluateNode(left, scope), evaluateNode(right, scope));
}

/** `a ?? b`: b when a is nil or a variable that does not exist. */
function coalesce(left: Node, right: Node, scope: Scope): unknown {
  try {
    const value = evaluateNode(left, scope);
    if (value !== null && value !== undefined) return value;
  } catch (error) {
    if (!(error instanceof UnknownVariableError)) throw error;
  }
  return evaluateNode(right, scope);
}

function functionName(callee: Node): string | undefined {
  if (callee.type === "Identifier") return callee.name as string;
  const path = memberPath(callee);
  return path?.length === 2 && path[0] === "sprig" ? `sprig.${path[1]}` : undefined;
}

function call(node: Node, scope: Scope): unknown {
  const name = functionName(node.callee as Node);
  if (name === undefined) throw new ExprError("only named functions can be called");
  const args = node.arguments as Node[];
  const predicate = Object.hasOwn(predicates, name) ? predicates[name] : undefined;
  if (predicate) {
    if (args.length !== 2) throw new ExprError(`${name}() takes 2 arguments, got ${args.length}`);
    const body = args[1]!.type === "Closure" ? (args[1]!.body as Node) : args[1]!;
    return predicate(evaluateNode(args[0]!, scope), (value) => evaluateNode(body, { lookup: scope.lookup, element: { value } }), name);
  }
  const table: Readonly<Record<string, ExprFunction>> = name.startsWith("sprig.") ? sprigFunctions : functions;
  const key = name.startsWith("sprig.") ? name.slice(6) : name;
  const f = Object.hasOwn(table, key) ? table[key] : undefined;
  if (!f) throw new ExprError(`unknown function "${name}"`);
  return callFunction(name, f, args.map((a) => evaluateNode(a, scope)));
}
