/**
 * Kubernetes' `$(VAR)` expansion for command, args and env values: a reference to a defined
 * variable is replaced, an undefined one is left as written, and `$$` escapes a `$`.
 * Runs every launch, so it copies the text between `$`s in slices rather than char by char.
 */
export function expand(input: string, lookup: (name: string) => string | undefined): string {
  let i = input.indexOf("$");
  if (i < 0) return input;
  let out = "";
  let from = 0; // input before `from` is in `out` already
  while (i >= 0 && i + 1 < input.length) {
    const next = input[i + 1];
    if (next === "$") {
      out += input.slice(from, i + 1);
      from = i + 2;
      i = input.indexOf("$", from);
    } else if (next === "(") {
      const close = input.indexOf(")", i + 2);
      if (close < 0) break; // unclosed: the rest stays as written
      const name = input.slice(i + 2, close);
      out += input.slice(from, i) + (lookup(name) ?? `$(${name})`);
      from = close + 1;
      i = input.indexOf("$", from);
    } else i = input.indexOf("$", i + 1);
  }
  return out + input.slice(from);
}
