import { cachedBy } from "./cache.js";
import { ExprError } from "./errors.js";

/** The results a `depends` expression can ask of a task (Argo's enhanced depends logic). */
export const dependsResults = ["Succeeded", "Failed", "Errored", "Skipped", "Omitted", "Daemoned", "AnySucceeded", "AllFailed"] as const;
export type DependsResult = (typeof dependsResults)[number];

type DependsNode =
  | { kind: "or" | "and"; items: DependsNode[] }
  | { kind: "not"; item: DependsNode }
  | { kind: "task"; task: string; result?: DependsResult };

/** A parsed `depends`; opaque to callers. */
export interface DependsExpr {
  readonly root: DependsNode;
  readonly tasks: readonly string[];
}

const isResult = (word: string): word is DependsResult => (dependsResults as readonly string[]).includes(word);

type Token = { text: string; at: number };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s+|&&|\|\||[()!]|[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]*)?|./gy;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) if (!/^\s/.test(m[0])) tokens.push({ text: m[0], at: m.index });
  return tokens;
}

class DependsParser {
  private next = 0;
  readonly tasks = new Set<string>();
  constructor(private readonly tokens: Token[], private readonly text: string) {}

  parse(): DependsNode {
    if (this.tokens.length === 0) throw new ExprError("empty depends expression");
    const root = this.list("or", "||");
    if (this.next < this.tokens.length) this.fail(this.tokens[this.next]!, "expected && or ||");
    return root;
  }

  private list(kind: "or" | "and", op: string): DependsNode {
    const items = [kind === "or" ? this.list("and", "&&") : this.unary()];
    while (this.tokens[this.next]?.text === op) {
      this.next++;
      items.push(kind === "or" ? this.list("and", "&&") : this.unary());
    }
    return items.length === 1 ? items[0]! : { kind, items };
  }

  private unary(): DependsNode {
    const token = this.tokens[this.next++];
    if (!token) throw new ExprError(`unexpected end of depends "${this.text}"`);
    if (token.text === "!") return { kind: "not", item: this.unary() };
    if (token.text === "(") {
      const inner = this.list("or", "||");
      const close = this.tokens[this.next++];
      if (close?.text !== ")") return close ? this.fail(close, 'expected ")"') : this.fail(token, 'unclosed "("');
      return inner;
    }
    return this.operand(token);
  }

  private operand(token: Token): DependsNode {
    if (!/^[A-Za-z0-9_-]/.test(token.text)) return this.fail(token, "expected a task name");
    const [task, result] = token.text.split(".") as [string, string | undefined];
    this.tasks.add(task);
    if (result === undefined) return { kind: "task", task };
    if (!isResult(result)) {
      throw new ExprError(`unknown task result "${result}" at column ${token.at + task.length + 2} in depends "${this.text}"; ` +
        `valid results are ${dependsResults.join(", ")}`);
    }
    return { kind: "task", task, result };
  }

  private fail(token: Token, expected: string): never {
    throw new ExprError(`unexpected "${token.text}" at column ${token.at + 1} in depends "${this.text}": ${expected}`);
  }
}

/** Parses an enhanced `depends` expression such as `(A.Succeeded || B.Failed) && !C.Skipped`; cached by text. */
export const parseDepends = cachedBy((text: string): DependsExpr => {
  const parser = new DependsParser(tokenize(text), text);
  const root = parser.parse();
  return Object.freeze({ root, tasks: Object.freeze([...parser.tasks]) });
});

/** The tasks an expression names, once each, in order of appearance. */
export function dependsTasks(expr: DependsExpr): string[] {
  return [...expr.tasks];
}

function holdsFor(node: DependsNode, holds: (task: string, result: DependsResult) => boolean): boolean {
  switch (node.kind) {
    case "or":
      for (const item of node.items) if (holdsFor(item, holds)) return true;
      return false;
    case "and":
      for (const item of node.items) if (!holdsFor(item, holds)) return false;
      return true;
    case "not":
      return !holdsFor(node.item, holds);
    case "task": // a bare `A` is Argo's expansion `(A.Succeeded || A.Skipped || A.Daemoned)`
      if (node.result) return holds(node.task, node.result);
      return holds(node.task, "Succeeded") || holds(node.task, "Skipped") || holds(node.task, "Daemoned");
  }
}

/** Whether the expression holds, given which results each task has. */
export function evaluateDepends(expr: DependsExpr, holds: (task: string, result: DependsResult) => boolean): boolean {
  return holdsFor(expr.root, holds);
}

/** The `depends` equivalent of a `dependencies` list: ["a", "b"] is "a && b". */
export function dependsFromDependencies(names: string[]): DependsExpr {
  const items: DependsNode[] = names.map((task) => ({ kind: "task", task }));
  const root: DependsNode = items.length === 1 ? items[0]! : { kind: "and", items };
  return Object.freeze({ root, tasks: Object.freeze([...new Set(names)]) });
}
