import { cachedBy } from "./cache.js";
import { ExprError } from "./errors.js";
import { isMap, quoteShort } from "./values.js";

/** One step of a path: a key, a list index, or every element (`[*]`, `.*`). */
type Step = { key: string } | { index: number } | { all: true };

const keyChars = /[A-Za-z0-9_-]/;

/** Parses the subset Argo workflows use: `$`, `.key`, `['key']`, `["key"]`, `[n]` (negative from the end), `[*]`. */
const parsePath = cachedBy((path: string): Step[] => {
  const fail = (at: number): never => {
    throw new ExprError(`invalid JSONPath "${path}" at column ${at + 1}`);
  };
  if (!path.startsWith("$")) fail(0);
  const steps: Step[] = [];
  let i = 1;
  while (i < path.length) {
    if (path[i] === "." && path[i + 1] === "*") {
      steps.push({ all: true });
      i += 2;
    } else if (path[i] === ".") {
      let end = i + 1;
      while (end < path.length && keyChars.test(path[end]!)) end++;
      if (end === i + 1) fail(i + 1);
      steps.push({ key: path.slice(i + 1, end) });
      i = end;
    } else if (path[i] === "[") {
      const close = path.indexOf("]", i);
      if (close < 0) fail(i);
      steps.push(bracketStep(path.slice(i + 1, close).trim()) ?? fail(i + 1));
      i = close + 1;
    } else {
      fail(i);
    }
  }
  return steps;
}, 1_000);

function bracketStep(inner: string): Step | undefined {
  if (inner === "*") return { all: true };
  if (/^-?\d+$/.test(inner)) return { index: Number(inner) };
  const quoted = /^'([^']*)'$|^"([^"]*)"$/.exec(inner);
  return quoted ? { key: quoted[1] ?? quoted[2] ?? "" } : undefined;
}

function apply(step: Step, value: unknown, path: string): unknown[] {
  const missing = (): never => {
    throw new ExprError(`JSONPath "${path}" finds nothing: ${"key" in step ? `no key "${step.key}"` : "no such element"}`);
  };
  if ("all" in step) return Array.isArray(value) ? value : isMap(value) ? Object.values(value) : missing();
  if ("index" in step) {
    if (!Array.isArray(value)) return missing();
    const at = step.index < 0 ? value.length + step.index : step.index;
    return at >= 0 && at < value.length ? [value[at]] : missing();
  }
  return isMap(value) && Object.hasOwn(value, step.key) ? [value[step.key]] : missing();
}

/** Argo's `jsonpath(json, path)`: a single match is returned as is, a path with `[*]` returns the list of matches. */
export function jsonpath(json: string, path: string): unknown {
  let document: unknown;
  try {
    document = JSON.parse(json) as unknown;
  } catch (error) {
    throw new ExprError(`jsonpath(): not valid JSON: ${quoteShort(json)}`, { cause: error });
  }
  const steps = parsePath(path);
  let matches: unknown[] = [document];
  for (const step of steps) matches = matches.flatMap((value) => apply(step, value, path));
  return steps.some((s) => "all" in s) ? matches : matches[0];
}
