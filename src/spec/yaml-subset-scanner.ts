import { doubleQuotedValue, plainScalarValue } from "./yaml-subset-scalars.js";

/**
 * The character-level half of the YAML subset reader (yaml-subset.ts): spaces, comments, scalars on one
 * line, and flow collections (`[a, b]`, `{k: v}`, JSON), which may span lines. Every method either reads
 * exactly what the `yaml` library would read, or throws OutsideSubset.
 */

/** Thrown when the text uses YAML this reader leaves to the `yaml` library; caught by readYamlSubset. */
export class OutsideSubset extends Error {}

export const outside = (reason: string): never => {
  throw new OutsideSubset(reason);
};

export const Char = {
  tab: 9,
  newline: 10,
  space: 32,
  doubleQuote: 34,
  hash: 35,
  singleQuote: 39,
  comma: 44,
  dash: 45,
  colon: 58,
  openBracket: 91,
  backslash: 92,
  closeBracket: 93,
  openBrace: 123,
  pipe: 124,
  closeBrace: 125,
} as const;

const isFlowIndicator = (c: number): boolean =>
  c === Char.comma || c === Char.openBracket || c === Char.closeBracket || c === Char.openBrace || c === Char.closeBrace;

/** True for NaN (the end of the text), a line break or a space: what must follow `-`, `:` or `---`. */
export const isBlankOrEnd = (c: number): boolean => c === Char.space || c === Char.newline || Number.isNaN(c);

/** Characters that may not start a plain scalar here, or start what this reader does not read (anchors, tags, …). */
const refusedStarts = new Set([..."#&*!|>%@`,[]{}?:'\""].map((c) => c.charCodeAt(0)));

export class Scanner {
  /** Offset of the next character to read. */
  protected pos = 0;
  /** Offset of the start of the line that holds `pos`. */
  protected lineStart = 0;

  constructor(protected readonly text: string) {}

  protected at(ahead = 0): number {
    return this.text.charCodeAt(this.pos + ahead);
  }

  protected column(): number {
    return this.pos - this.lineStart;
  }

  protected spaces(): void {
    while (this.text.charCodeAt(this.pos) === Char.space) this.pos++;
  }

  /** Moves past the line break at `pos`. */
  protected newline(): void {
    this.pos++;
    this.lineStart = this.pos;
  }

  /** A `#` starts a comment only after a space or at the start of a line. */
  protected atComment(): boolean {
    return this.at() === Char.hash && (this.pos === this.lineStart || this.text.charCodeAt(this.pos - 1) === Char.space);
  }

  /** Moves to the start of the next line (or the end of the text). */
  protected skipLine(): void {
    const end = this.text.indexOf("\n", this.pos);
    if (end < 0) this.pos = this.text.length;
    else {
      this.pos = end;
      this.newline();
    }
  }

  /** After a value: only spaces and a comment may follow it on its line. Moves to the next line. */
  protected endOfLine(): void {
    this.spaces();
    const c = this.at();
    if (c === Char.newline) this.newline();
    else if (this.atComment()) this.skipLine();
    else if (!Number.isNaN(c)) outside("more after a value on its line");
  }

  /** A quoted scalar that ends on its line; `pos` is on the opening quote. */
  protected quoted(): string {
    const quote = this.at();
    const start = ++this.pos;
    let escaped = false;
    for (;;) {
      const c = this.at();
      if (c === quote) {
        if (quote === Char.doubleQuote || this.at(1) !== Char.singleQuote) break;
        escaped = true;
        this.pos += 2;
      } else if (c === Char.newline || Number.isNaN(c)) {
        outside("a quoted scalar over several lines");
      } else if (c === Char.backslash && quote === Char.doubleQuote) {
        if (this.at(1) === Char.newline) outside("an escaped line break");
        escaped = true;
        this.pos += 2;
      } else {
        this.pos++;
      }
    }
    const body = this.text.slice(start, this.pos++);
    if (!escaped) return body;
    if (quote === Char.singleQuote) return body.replaceAll("''", "'");
    return doubleQuotedValue(body) ?? outside("an escape the yaml library rejects");
  }

  /** Whether a plain scalar may start at `pos` (flow or block context alike, for what this reader accepts). */
  protected plainMayStart(): boolean {
    const c = this.at();
    if (refusedStarts.has(c) || c === Char.tab || Number.isNaN(c)) return false;
    return c !== Char.dash || !(isBlankOrEnd(this.at(1)) || isFlowIndicator(this.at(1)));
  }

  /** `text[start, pos)` without trailing spaces (YAML trims spaces and tabs; tabs never get here). */
  protected trimmedSince(start: number): string {
    let end = this.pos;
    while (end > start && this.text.charCodeAt(end - 1) === Char.space) end--;
    return this.text.slice(start, end);
  }

  // --- flow collections ------------------------------------------------------------------------

  /** `[…]` or `{…}` at `pos`; continuation lines must be indented more than `indent` (-1 at the top). */
  protected flow(indent: number): unknown {
    return this.at() === Char.openBracket ? this.flowSeq(indent) : this.flowMap(indent);
  }

  private flowSeq(indent: number): unknown[] {
    this.pos++;
    const items: unknown[] = [];
    this.flowSpace(indent);
    if (this.at() === Char.closeBracket) {
      this.pos++;
      return items;
    }
    for (;;) {
      items.push(this.flowValue(indent));
      if (this.flowSeparator(Char.closeBracket, indent)) return items;
    }
  }

  private flowMap(indent: number): Record<string, unknown> {
    this.pos++;
    const map: Record<string, unknown> = {};
    this.flowSpace(indent);
    if (this.at() === Char.closeBrace) {
      this.pos++;
      return map;
    }
    for (;;) {
      const key = this.flowKey();
      checkNewKey(map, key);
      this.flowSpace(indent);
      if (this.at() === Char.comma || this.at() === Char.closeBrace) outside("a flow map entry without a value");
      map[key] = this.flowValue(indent);
      if (this.flowSeparator(Char.closeBrace, indent)) return map;
    }
  }

  /** After an item: `,` (then maybe the end, YAML allows a trailing comma) or the end. True at the end. */
  private flowSeparator(close: number, indent: number): boolean {
    this.flowSpace(indent);
    if (this.at() === Char.comma) {
      this.pos++;
      this.flowSpace(indent);
      if (this.at() !== close) return false;
    }
    if (this.at() !== close) outside("a flow collection item not followed by , or its end");
    this.pos++;
    return true;
  }

  /** A key and its `:`, on one line. */
  private flowKey(): string {
    let key: unknown;
    if (this.at() === Char.doubleQuote || this.at() === Char.singleQuote) {
      key = this.quoted();
      this.spaces();
    } else {
      if (!this.plainMayStart()) outside("a flow map key that is not a scalar");
      key = plainScalarValue(this.flowPlain());
    }
    if (this.at() !== Char.colon) outside("a flow map key without a value");
    this.pos++;
    return typeof key === "string" ? key : outside("a key that is not a string");
  }

  private flowValue(indent: number): unknown {
    const c = this.at();
    if (c === Char.openBracket || c === Char.openBrace) return this.flow(indent);
    if (c === Char.doubleQuote || c === Char.singleQuote) return this.quoted();
    if (!this.plainMayStart()) outside("a flow value that starts with an indicator");
    return plainScalarValue(this.flowPlain());
  }

  /** A plain scalar in a flow collection: up to `,`, a bracket, `: `, ` #` or the line's end. */
  private flowPlain(): string {
    const start = this.pos;
    for (;;) {
      const c = this.at();
      if (c === Char.newline || Number.isNaN(c) || isFlowIndicator(c)) break;
      if (c === Char.colon) {
        const next = this.at(1);
        if (isBlankOrEnd(next) || isFlowIndicator(next)) break;
      }
      if (this.atComment()) break;
      if (c === Char.tab) outside("a tab in a plain scalar");
      this.pos++;
    }
    return this.trimmedSince(start);
  }

  /** Spaces, line breaks and comments between flow tokens. */
  private flowSpace(indent: number): void {
    for (;;) {
      const c = this.at();
      if (c === Char.space) this.pos++;
      else if (c === Char.newline) this.flowLine(indent);
      else if (this.atComment()) this.pos = this.lineEnd();
      else if (c === Char.tab) outside("a tab between flow tokens");
      else return;
    }
  }

  /** A new line inside a flow collection: no document marker, and content indented more than `indent`. */
  private flowLine(indent: number): void {
    this.newline();
    if (this.text.startsWith("---", this.pos) || this.text.startsWith("...", this.pos)) {
      outside("a document marker inside a flow collection");
    }
    this.spaces();
    const c = this.at();
    if (c !== Char.newline && !Number.isNaN(c) && this.column() <= indent) outside("a flow collection line indented too little");
  }

  private lineEnd(): number {
    const end = this.text.indexOf("\n", this.pos);
    return end < 0 ? this.text.length : end;
  }
}

/** The `yaml` library reports duplicate keys as errors and treats `<<` (merge) and `__proto__` specially. */
export function checkNewKey(map: Record<string, unknown>, key: string): void {
  if (key === "<<" || key === "__proto__" || Object.hasOwn(map, key)) outside("a duplicate or special key");
}
