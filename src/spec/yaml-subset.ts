import { Char, checkNewKey, isBlankOrEnd, OutsideSubset, outside, Scanner } from "./yaml-subset-scanner.js";
import { plainScalarValue } from "./yaml-subset-scalars.js";

/**
 * A fast reader for the YAML that manifests are written in: block maps and lists, flow collections
 * (and so JSON), plain and quoted scalars on one line, `|` and `|-` block scalars, comments and `---`.
 * The `yaml` library builds a syntax tree with positions for every token, which costs ~45 µs per
 * line of a big workflow (4.5 s for 100,000 DAG tasks); this reader builds only the plain values.
 *
 * It is exact or silent: for a text it accepts, it gives the values, document numbers and start
 * positions that the `yaml` library gives, and that library reports no error or warning for it. For
 * anything else (anchors, tags, `>` folding, multi-line scalars, tabs, CRLF, ...) it returns undefined
 * and the caller reads the file with the library. yaml-subset.test.ts compares the two.
 */

export interface SubsetDocument {
  /** 0-based number of the document, counting empty ones, as the `yaml` library counts them. */
  index: number;
  value: unknown;
  /** 1-based line and column where the document's value starts. */
  line: number;
  column: number;
}

/** Characters the `yaml` library treats specially (line breaks, BOM, controls): left to it. */
// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const unusualCharacters = /[\r\ufeff\u2028\u2029\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/;

/** The non-empty documents of `text`, or undefined when the text is not in the subset. */
export function readYamlSubset(text: string): SubsetDocument[] | undefined {
  if (unusualCharacters.test(text)) return undefined;
  try {
    return new SubsetReader(text).documents();
  } catch (error) {
    if (error instanceof OutsideSubset) return undefined;
    throw error;
  }
}

/** nextContent's answer at a `---` line or the end of the text. */
const end = -1;

class SubsetReader extends Scanner {
  documents(): SubsetDocument[] {
    const found: { index: number; value: unknown; offset: number }[] = [];
    let index = 0;
    let opened = false; // a `---` started a document that has no content yet
    for (;;) {
      const column = this.nextContent();
      if (column !== end) {
        this.pos += column;
        found.push({ index, offset: this.pos, value: this.root(column) });
        if (this.nextContent() !== end) outside("content after the document's value");
        index++;
        opened = false;
      } else if (this.pos < this.text.length) {
        if (opened) index++; // an empty document between two markers
        opened = true;
        this.pos += 3;
        this.endOfLine();
      } else {
        return withPositions(this.text, found);
      }
    }
  }

  /** The value at the top of a document. */
  private root(column: number): unknown {
    const c = this.at();
    if (c !== Char.openBracket && c !== Char.openBrace) return this.blockNode(column);
    const value = this.flow(-1);
    this.endOfLine();
    return value;
  }

  /**
   * Skips blank and comment lines from the start of a line. Returns the column of the next line with
   * content, leaving `pos` at that line's start; or `end` at a `---` line or the end of the text.
   */
  protected nextContent(): number {
    for (;;) {
      const start = this.pos;
      this.spaces();
      const c = this.at();
      if (Number.isNaN(c)) return end;
      if (c === Char.newline) this.newline();
      else if (c === Char.hash) this.skipLine();
      else if (c === Char.tab) outside("a tab in indentation");
      else {
        const column = this.pos - start;
        this.pos = start;
        if (column === 0 && (this.text.startsWith("---", start) || this.text.startsWith("...", start))) {
          if (this.at() === Char.dash && isBlankOrEnd(this.at(3))) return end;
          outside("a document end marker, or a scalar that looks like one");
        }
        return column;
      }
    }
  }

  /** A map or list that starts on a line of its own, at `column`. */
  private blockNode(column: number): unknown {
    if (this.atSeqEntry()) return this.blockSeq(column);
    const c = this.at();
    if (c === Char.openBracket || c === Char.openBrace || c === Char.pipe) outside("a value on a line of its own");
    if (!this.blockToken()) outside("a scalar on a line of its own");
    return this.blockMap(column, this.tokenKey());
  }

  /** A map whose keys sit at `indent`; its first key has been read. */
  private blockMap(indent: number, firstKey: string): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    for (let key = firstKey; ; key = this.tokenKey()) {
      checkNewKey(map, key);
      map[key] = this.mapValue(indent);
      const column = this.nextContent();
      if (column !== indent) {
        if (column > indent) outside("a line indented more than its map's keys");
        return map;
      }
      this.pos += column;
      if (!this.blockToken()) outside("a map line that is not key: value");
    }
  }

  /** The value after `key:` in a map at `indent`. */
  private mapValue(indent: number): unknown {
    this.spaces();
    if (!this.atLineEnd()) return this.inlineValue(indent);
    this.endOfLine();
    const column = this.nextContent();
    if (column > indent) {
      this.pos += column;
      return this.blockNode(column);
    }
    if (column === indent) {
      // Kubernetes style: a list at the same indentation as its key.
      this.pos += column;
      if (this.atSeqEntry()) return this.blockSeq(indent);
      this.pos = this.lineStart;
    }
    return null;
  }

  /** A list whose `-` sit at `indent`; `pos` is on the first `-`. */
  private blockSeq(indent: number): unknown[] {
    const items: unknown[] = [];
    for (;;) {
      this.pos++;
      this.spaces();
      items.push(this.seqItem(indent));
      const column = this.nextContent();
      if (column !== indent) {
        if (column > indent) outside("a line indented more than its list's items");
        return items;
      }
      this.pos += column;
      if (!this.atSeqEntry()) {
        this.pos = this.lineStart;
        return items;
      }
    }
  }

  /** What follows `- `: a value, a nested list or map starting on the same line, or one on the next lines. */
  private seqItem(indent: number): unknown {
    if (this.atLineEnd()) {
      this.endOfLine();
      const column = this.nextContent();
      if (column <= indent) return null;
      this.pos += column;
      return this.blockNode(column);
    }
    if (this.atSeqEntry()) return this.blockSeq(this.column());
    const c = this.at();
    if (c === Char.openBracket || c === Char.openBrace || c === Char.pipe) return this.inlineValue(indent);
    const column = this.column();
    if (this.blockToken()) return this.blockMap(column, this.tokenKey());
    return this.tokenValue();
  }

  /** A value on the line of its key or `-`, in a collection at `indent`. */
  private inlineValue(indent: number): unknown {
    const c = this.at();
    if (c === Char.pipe) return this.literalBlock(indent);
    if (c === Char.openBracket || c === Char.openBrace) {
      const value = this.flow(indent);
      this.endOfLine();
      return value;
    }
    if (this.blockToken()) outside("a map on the line of another key");
    return this.tokenValue();
  }

  private atSeqEntry(): boolean {
    return this.at() === Char.dash && isBlankOrEnd(this.at(1));
  }

  private atLineEnd(): boolean {
    const c = this.at();
    return c === Char.newline || Number.isNaN(c) || this.atComment();
  }

  // --- scalars in block context ------------------------------------------------------------------

  private token = "";
  private tokenPlain = false;

  /**
   * Reads a scalar on its line into `token`. True when a `:` follows, so that it is a key (then `pos`
   * is past the `:`); false when it is a value (then `pos` is just past it).
   */
  private blockToken(): boolean {
    const start = this.pos;
    const quote = this.at();
    if (quote === Char.doubleQuote || quote === Char.singleQuote) {
      this.token = this.quoted();
      this.tokenPlain = false;
      const after = this.pos;
      this.spaces();
      if (this.at() === Char.colon && isBlankOrEnd(this.at(1))) return this.keyEnd(start);
      this.pos = after;
      return false;
    }
    if (!this.plainMayStart()) outside("a scalar that starts with an indicator");
    this.tokenPlain = true;
    for (;;) {
      const c = this.at();
      if (c === Char.newline || Number.isNaN(c) || this.atComment()) break;
      if (c === Char.colon && isBlankOrEnd(this.at(1))) {
        this.token = this.trimmedSince(start);
        return this.keyEnd(start);
      }
      if (c === Char.tab) outside("a tab in a plain scalar");
      this.pos++;
    }
    this.token = this.trimmedSince(start);
    return false;
  }

  /** Past the `:` of a key; the `yaml` library refuses implicit keys over 1024 characters. */
  private keyEnd(start: number): boolean {
    if (this.pos - start > 1000) outside("a long key");
    this.pos++;
    return true;
  }

  private tokenKey(): string {
    const key = this.tokenPlain ? plainScalarValue(this.token) : this.token;
    return typeof key === "string" ? key : outside("a key that is not a string");
  }

  /** The value of the scalar just read, which must end its line. */
  private tokenValue(): unknown {
    const value = this.tokenPlain ? plainScalarValue(this.token) : this.token;
    this.endOfLine();
    return value;
  }

  /** `|` or `|-`: the more-indented lines that follow, verbatim (scripts, mostly). */
  private literalBlock(indent: number): string {
    this.pos++;
    const strip = this.at() === Char.dash;
    if (strip) this.pos++;
    this.endOfLine(); // `|+`, `|2` and the like end up here, and outside the subset
    const lines: string[] = [];
    let contentIndent = -1;
    let blankWidth = 0; // the widest blank line so far
    while (this.pos < this.text.length) {
      const start = this.pos;
      this.spaces();
      const width = this.pos - start;
      const c = this.at();
      if (c === Char.newline || Number.isNaN(c)) {
        blankWidth = Math.max(blankWidth, width);
        lines.push("");
        if (c === Char.newline) this.newline();
        continue;
      }
      if (contentIndent < 0) contentIndent = width;
      if (width < contentIndent || width <= indent) {
        this.pos = start;
        break;
      }
      this.pos = this.text.indexOf("\n", start);
      if (this.pos < 0) this.pos = this.text.length;
      lines.push(this.text.slice(start + contentIndent, this.pos));
      if (this.pos < this.text.length) this.newline();
    }
    // Blank lines with more spaces than the content hold spaces, and an empty block has no indentation to measure.
    if (contentIndent <= indent || blankWidth > contentIndent) outside("an empty block scalar, or spaces on blank lines");
    while (lines.at(-1) === "") lines.pop();
    return lines.join("\n") + (strip ? "" : "\n");
  }
}

/** Line and column of each document's start, from offsets in increasing order. */
function withPositions(text: string, found: { index: number; value: unknown; offset: number }[]): SubsetDocument[] {
  let line = 1;
  let lineStart = 0;
  return found.map(({ index, value, offset }) => {
    for (let i = text.indexOf("\n", lineStart); i >= 0 && i < offset; i = text.indexOf("\n", lineStart)) {
      line++;
      lineStart = i + 1;
    }
    return { index, value, line, column: offset - lineStart + 1 };
  });
}
