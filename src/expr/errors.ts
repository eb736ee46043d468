/** A mistake in user-written text: a template, an expression, a `when` or a `depends`. The message is shown as is. */
export class ExprError extends Error {
  override name = "ExprError";
}

/** An expression read a variable that the lookup does not know; `substitute` with keepUnknown leaves such tags for a later pass. */
export class UnknownVariableError extends ExprError {
  override name = "UnknownVariableError";
  constructor(readonly variable: string) {
    super(`unknown variable "${variable}"`);
  }
}

/** "at column 5", or "at line 2, column 3" when the text has several lines; `index` counts from 0. */
export function positionOf(text: string, index: number): string {
  const lineStart = text.lastIndexOf("\n", index - 1) + 1;
  const column = index - lineStart + 1;
  if (lineStart === 0) return `column ${column}`;
  let line = 1;
  for (let i = 0; i < lineStart; i++) if (text.charCodeAt(i) === 10) line++;
  return `line ${line}, column ${column}`;
}
