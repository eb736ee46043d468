/**
 * Kubernetes' `$(VAR)` expansion for command, args and env values: a reference to a defined
 * variable is replaced, an undefined one is left as written, and `$$` escapes a `$`.
 */
export function expand(input: string, lookup: (name: string) => string | undefined): string {
  if (!input.includes("$")) return input;
  let out = "";
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (c !== "$" || i + 1 >= input.length) {
      out += c;
      continue;
    }
    const next = input[i + 1];
    if (next === "$") {
      out += "$";
      i++;
    } else if (next === "(") {
      const close = input.indexOf(")", i + 2);
      if (close < 0) {
        out += input.slice(i);
        break;
      }
      const name = input.slice(i + 2, close);
      const value = lookup(name);
      out += value ?? `$(${name})`;
      i = close;
    } else out += c;
  }
  return out;
}
