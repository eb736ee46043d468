// Tests may read the examples and the shared conformance cases from disk.
// eslint-disable-next-line no-restricted-imports
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { LineCounter, parseAllDocuments, stringify } from "yaml";
import { readYamlSubset, type SubsetDocument } from "./yaml-subset.js";

/** What the `yaml` library reads, in the reader's terms; "invalid" when it reports any error or warning. */
function library(text: string): SubsetDocument[] | "invalid" {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter, merge: true, prettyErrors: false });
  const found: SubsetDocument[] = [];
  for (const [index, document] of [...documents].entries()) {
    if (document.errors.length > 0 || document.warnings.length > 0) return "invalid";
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: 100 });
    } catch {
      return "invalid";
    }
    if (value === null || value === undefined) continue;
    const { line, col } = lineCounter.linePos(document.contents?.range[0] ?? 0);
    found.push({ index, value, line, column: col });
  }
  return found;
}

const values = (text: string) => readYamlSubset(text)?.map((d) => d.value);

describe("the YAML subset reader reads what manifests are written in", () => {
  test.each([
    { name: "Kubernetes style, a list at its key's indentation", text: "spec:\n  containers:\n  - name: a\n    command: [sh, -c, 'echo hi']\n  - name: b\n", expected: { spec: { containers: [{ name: "a", command: ["sh", "-c", "echo hi"] }, { name: "b" }] } } },
    { name: "nested lists", text: "steps:\n- - name: a\n  - name: b\n- - name: c\n", expected: { steps: [[{ name: "a" }, { name: "b" }], [{ name: "c" }]] } },
    { name: "flow maps and lists, over lines", text: "tasks: [{name: a, dependencies: [b,\n    c]}, {}]\n", expected: { tasks: [{ name: "a", dependencies: ["b", "c"] }, {}] } },
    { name: "JSON", text: '{\n  "kind": "Pod",\n  "n": [1, 2.5, -3, true, null]\n}\n', expected: { kind: "Pod", n: [1, 2.5, -3, true, null] } },
    { name: "core schema scalars", text: "a: 0x1F\nb: 0o17\nc: 1e3\nd: .5\ne: ~\nf: Null\ng: FALSE\nh: 012\ni: 1_000\nj: nope\nk: '1'\n", expected: { a: 31, b: 15, c: 1000, d: 0.5, e: null, f: null, g: false, h: 12, i: "1_000", j: "nope", k: "1" } },
    { name: "quotes and escapes", text: "a: \"t\\tb \\u00e9 \\\"q\\\"\"\nb: 'it''s'\nc: a#b\nd: x # comment\n", expected: { a: 't\tb é "q"', b: "it's", c: "a#b", d: "x" } },
    { name: "block scalars", text: "a: |\n  line 1\n\n    indented\nb: |-\n  no newline\nc: x\n", expected: { a: "line 1\n\n  indented\n", b: "no newline", c: "x" } },
    { name: "empty values", text: "a:\nb: # nothing\nc:\n- \n- x\n", expected: { a: null, b: null, c: [null, "x"] } },
  ])("$name", ({ text, expected }) => {
    expect(values(text)).toEqual([expected]);
  });

  test("documents are numbered as the library numbers them, empty ones included, with where each starts", () => {
    expect(readYamlSubset("# head\n---\na: 1\n---\n---\n  b: 2\n")).toEqual([
      { index: 0, value: { a: 1 }, line: 3, column: 1 },
      { index: 2, value: { b: 2 }, line: 6, column: 3 },
    ]);
  });
});

describe("anything else is left to the yaml library", () => {
  test.each([
    ["an anchor and an alias", "a: &x 1\nb: *x\n"],
    ["a tag", "a: !!str 1\n"],
    ["a merge key", "<<: {a: 1}\n"],
    ["a folded scalar", "a: >\n  text\n"],
    ["a kept block scalar", "a: |+\n  text\n"],
    ["a plain scalar over two lines", "a: one\n  two\n"],
    ["a quoted scalar over two lines", 'a: "one\n  two"\n'],
    ["a tab", "a:\tb\n"],
    ["Windows line ends", "a: b\r\n"],
    ["a byte order mark", "\ufeffa: b\n"],
    ["an explicit key", "? a\n: b\n"],
    ["a document end marker", "a: b\n...\n"],
    ["a directive", "%YAML 1.2\n---\na: b\n"],
    ["a duplicate key (an error)", "a: 1\na: 2\n"],
    ["a map on the line of a key (an error)", "a: b: c\n"],
    ["a comment without a space (an error)", 'a: "b"#c\n'],
    ["a line indented too far (an error)", "a: 1\n  b: 2\n"],
    ["a root that is a scalar", "just text\n"],
  ])("%s", (_name, text) => {
    expect(readYamlSubset(text)).toBeUndefined();
  });
});

// --- the same answer as the library, on generated and real texts ------------------------------------

function random(seed: number): () => number {
  let state = seed;
  return () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

/** Lines of random pieces of YAML, valid or not: the reader must read exactly what the library reads, or refuse. */
function soup(next: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  const indents = ["", "", " ", "  ", "  ", "    ", "      "];
  const starts = ["", "", "- ", "- ", "- - ", "-", "key: ", "key: ", "k2:", '"q": ', "'s': ", "a b: ", "x.y/z: ", "? "];
  const ends = ["a", "1", "-1", "1.5", "0x1F", ".inf", "true", "null", "~", "", "", '"x\\ty"', '"\\q"', "'it''s'", "[a, b]", "[]", "{}",
    "{a: 1, b: [2]}", "[a, {b: c}]", "|", "|-", "|+", ">", "# c", "a #c", "a#c", "a: b", "[", "]", "{a: [", "x]}", "&a x", "*a", "!t x",
    "---", "...", "\t", "a\tb", "http://x", "a:b", "a:", "- x", "-x", ":x", "@x", '"a" b', "{a: 1}: x", "[a,]", "[a, , b]", "{a: }", "[a: 1]", "é"];
  const lines = Array.from({ length: 1 + Math.floor(next() * 8) }, () => pick(indents) + pick(starts) + pick(ends) + pick(["", "", "", " ", " # t"]));
  return lines.join("\n") + (next() < 0.7 ? "\n" : "");
}

/** Random values written by the library in its various styles: mostly valid YAML, much of it in the subset. */
function written(next: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  const value = (depth: number): unknown => {
    const r = next();
    if (depth > 3 || r < 0.4) return pick(["a", "b c", 1, -2.5, true, null, "true", "1", "", " x", "a: b", "# x", "- y", "two\nlines", "é", "[x]", "'q'", '"d"', "~", "---"]);
    if (r < 0.7) return Array.from({ length: Math.floor(next() * 4) }, () => value(depth + 1));
    const map: Record<string, unknown> = {};
    for (let i = Math.floor(next() * 4); i > 0; i--) map[pick(["a", "b", "name", "x y", "1", "a:b", "k-1", "true", "#"])] = value(depth + 1);
    return map;
  };
  const documents = Array.from({ length: 1 + Math.floor(next() * 3) }, () =>
    stringify({ root: value(0) }, {
      indent: pick([2, 4]),
      indentSeq: next() < 0.5,
      collectionStyle: pick(["any", "any", "flow", "block"] as const),
      defaultStringType: pick(["PLAIN", "PLAIN", "QUOTE_DOUBLE", "QUOTE_SINGLE", "BLOCK_LITERAL"] as const),
    }),
  );
  return documents.join(pick(["---\n", "--- # c\n", "\n---\n"]));
}

describe("the subset reader agrees with the yaml library", () => {
  test.each([
    { generator: "random pieces", make: soup, seed: 1, count: 10_000 },
    { generator: "the library's own output", make: written, seed: 2, count: 3_000 },
  ])("on $count texts of $generator", ({ make, seed, count }) => {
    const next = random(seed);
    let read = 0;
    for (let i = 0; i < count; i++) {
      const text = make(next);
      const subset = readYamlSubset(text);
      if (subset === undefined) continue;
      read++;
      expect({ text, read: subset }).toEqual({ text, read: library(text) });
    }
    expect(read).toBeGreaterThan(300); // the comparison is not vacuous
  });

  test("on the examples and the conformance cases", () => {
    const examples = new URL("../../examples/", import.meta.url);
    const cases = new URL("../../../shared/conformance/cases/", import.meta.url);
    const files = [
      ...readdirSync(examples).filter((name) => name.endsWith(".yaml")).map((name) => new URL(name, examples)),
      ...(existsSync(cases) ? readdirSync(cases).map((name) => new URL(`${name}/spec.yaml`, cases)) : []),
    ];
    let read = 0;
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      const subset = readYamlSubset(text);
      if (subset === undefined) continue;
      read++;
      expect({ file: file.pathname, read: subset }).toEqual({ file: file.pathname, read: library(text) });
    }
    expect(read).toBeGreaterThan(files.length / 2);
  });
});
