/**
 * Scalar values as the `yaml` library resolves them under YAML 1.2's core schema, its default: the same
 * patterns and the same number parsing (yaml/dist/schema/core/*.js, schema/common/null.js), and the
 * escapes of a double-quoted scalar (yaml/dist/compose/resolve-flow-scalar.js), so that the subset
 * reader and the library give one value for one text.
 */

const nullPattern = /^(?:[Nn]ull|NULL)$/;
const boolPattern = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const intPattern = /^[-+]?[0-9]+$/;
const intOctPattern = /^0o[0-7]+$/;
const intHexPattern = /^0x[0-9a-fA-F]+$/;
const floatPattern = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
const floatExpPattern = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const floatNaNPattern = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;

/** The value of a non-empty plain (unquoted) scalar: null, a boolean, a number or the text itself. */
export function plainScalarValue(text: string): unknown {
  const first = text.charCodeAt(0);
  // Most scalars are names: the first character alone rules out every other type.
  if ((first >= 48 && first <= 57) || first === 43 || first === 45 || first === 46) return numberOrText(text); // 0-9 + - .
  // Then the length: "noop" is tested against the null pattern, "nginx" never is.
  const length = text.length;
  if (first === 126) return length === 1 ? null : text; // ~
  if (first === 110 || first === 78) return length === 4 && nullPattern.test(text) ? null : text; // n N
  if (first === 116 || first === 84) return length === 4 && boolPattern.test(text) ? true : text; // t T
  if (first === 102 || first === 70) return length === 5 && boolPattern.test(text) ? false : text; // f F
  return text;
}

function numberOrText(text: string): unknown {
  if (intPattern.test(text)) return parseInt(text, 10);
  if (floatPattern.test(text) || floatExpPattern.test(text)) return parseFloat(text);
  if (intHexPattern.test(text)) return parseInt(text.substring(2), 16);
  if (intOctPattern.test(text)) return parseInt(text.substring(2), 8);
  if (floatNaNPattern.test(text)) {
    if (text.slice(-3).toLowerCase() === "nan") return NaN;
    return text[0] === "-" ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  return text;
}

const escapes: Record<string, string> = {
  "0": "\0",
  a: "\x07",
  b: "\b",
  e: "\x1b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  N: "\u0085",
  _: "\u00a0",
  L: "\u2028",
  P: "\u2029",
  " ": " ",
  '"': '"',
  "/": "/",
  "\\": "\\",
  "\t": "\t",
};
const hexLengths: Record<string, number> = { x: 2, u: 4, U: 8 };
const hexDigits = /^[0-9a-fA-F]+$/;

/**
 * The value of a double-quoted scalar written on one line, from the text between its quotes;
 * undefined for an escape the library rejects.
 */
export function doubleQuotedValue(body: string): string | undefined {
  let value = "";
  let from = 0;
  for (let i = body.indexOf("\\"); i >= 0; i = body.indexOf("\\", from)) {
    value += body.slice(from, i);
    const next = body[i + 1] ?? "";
    const length = hexLengths[next];
    if (length === undefined) {
      const escaped = escapes[next];
      if (escaped === undefined) return undefined;
      value += escaped;
      from = i + 2;
      continue;
    }
    const digits = body.substr(i + 2, length);
    const code = digits.length === length && hexDigits.test(digits) ? parseInt(digits, 16) : NaN;
    if (!(code <= 0x10ffff)) return undefined;
    value += String.fromCodePoint(code);
    from = i + 2 + length;
  }
  return value + body.slice(from);
}
