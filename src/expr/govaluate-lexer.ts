import { ExprError } from "./errors.js";

/**
 * A govaluate token. Argo turns every variable into a string before evaluating a `when`, so bare words
 * (`heads`, `Succeeded`, `[any text]`) arrive here already as strings.
 */
export type Token =
  | { kind: "number"; value: number; at: number }
  | { kind: "string"; value: string; at: number }
  | { kind: "bool"; value: boolean; at: number }
  | { kind: "op"; value: string; at: number }
  | { kind: "(" | ")" | ","; at: number };

const symbols = new Set(["==", "!=", ">", ">=", "<", "<=", "=~", "!~", "&&", "||", "+", "-", "*", "/", "%", "**",
  "&", "|", "^", ">>", "<<", "!", "~", "?", ":", "??"]);
const wordChar = /[\p{L}\p{Nd}_.]/u;
const letter = /\p{L}/u;
const digitOrDot = /[0-9.]/;
// A symbol is a run of anything that is not a letter, digit, space, bracket or quote: `==-1` is one (invalid) token.
const symbolChar = /[^\p{L}\p{Nd}\s()[\]'"]/u;

function readWhile(text: string, from: number, test: RegExp): number {
  let end = from;
  while (end < text.length && test.test(text[end]!)) end++;
  return end;
}

function readQuoted(text: string, start: number): [string, number] {
  const quote = text[start]!;
  let value = "";
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i]!;
    if (c === quote) return [value, i + 1];
    if (c === "\\" && i + 1 < text.length) value += text[++i]!;
    else value += c;
  }
  throw new ExprError(`unclosed string literal at column ${start + 1}`);
}

function readNumber(text: string, start: number): [number, number] {
  if (text.startsWith("0x", start)) {
    const end = readWhile(text, start + 2, /[0-9a-fA-F]/);
    return [Number.parseInt(text.slice(start + 2, end), 16), end];
  }
  const end = readWhile(text, start, digitOrDot);
  const raw = text.slice(start, end);
  if (!/^(\d+\.?\d*|\.\d+)$/.test(raw)) throw new ExprError(`cannot parse number "${raw}" at column ${start + 1}`);
  return [Number(raw), end];
}

/** Splits a `when` into tokens with govaluate's rules. */
export function lexGovaluate(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const at = i;
    if (/\s/.test(c)) {
      i++;
    } else if (digitOrDot.test(c)) {
      const [value, end] = readNumber(text, i);
      tokens.push({ kind: "number", value, at });
      i = end;
    } else if (c === "(" || c === ")" || c === ",") {
      tokens.push({ kind: c, at });
      i++;
    } else if (c === "[") {
      const close = text.indexOf("]", i);
      if (close < 0) throw new ExprError(`unclosed "[" at column ${i + 1}`);
      tokens.push({ kind: "string", value: text.slice(i + 1, close), at });
      i = close + 1;
    } else if (c === "'" || c === '"') {
      const [value, end] = readQuoted(text, i);
      tokens.push({ kind: "string", value, at });
      i = end;
    } else if (letter.test(c)) {
      const end = readWhile(text, i, wordChar);
      const word = text.slice(i, end);
      if (word === "true" || word === "false") tokens.push({ kind: "bool", value: word === "true", at });
      else if (word === "in" || word === "IN") tokens.push({ kind: "op", value: "in", at });
      else tokens.push({ kind: "string", value: word, at });
      i = end;
    } else {
      const end = readWhile(text, i, symbolChar);
      const symbol = text.slice(i, end);
      if (!symbols.has(symbol)) throw new ExprError(`invalid token "${symbol}" at column ${i + 1}`);
      tokens.push({ kind: "op", value: symbol, at });
      i = end;
    }
  }
  return tokens;
}
