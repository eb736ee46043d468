import { describe, expect, it } from "vitest";
import { ExprError } from "./errors.js";
import { jsonpath } from "./jsonpath.js";

const doc = JSON.stringify({ a: { b: [10, 20, 30] }, "my-key": "v", list: [{ name: "x" }, { name: "y" }] });

describe("jsonpath", () => {
  it.each([
    ["$", JSON.parse(doc) as unknown],
    ["$.a.b[0]", 10],
    ["$.a.b[-1]", 30],
    ["$['my-key']", "v"],
    ['$["a"]["b"][1]', 20],
    ["$.list[*].name", ["x", "y"]],
    ["$.list.*.name", ["x", "y"]],
    ["$.a.b[*]", [10, 20, 30]],
  ])("%s", (path, value) => {
    expect(jsonpath(doc, path)).toEqual(value);
  });

  it("reads a top-level list, as in Argo's conditional example", () => {
    expect(jsonpath('[{"name":"should-print","value":"true"}]', "$[0].value")).toBe("true");
  });

  it.each([
    [doc, "a.b", 'invalid JSONPath "a.b" at column 1'],
    [doc, "$.a.b[x]", 'invalid JSONPath "$.a.b[x]" at column 7'],
    [doc, "$.a.b[3]", 'JSONPath "$.a.b[3]" finds nothing: no such element'],
    [doc, "$.nope", 'JSONPath "$.nope" finds nothing: no key "nope"'],
    ["not json", "$", 'jsonpath(): not valid JSON: "not json"'],
  ])("%s %s fails", (json, path, message) => {
    expect(() => jsonpath(json, path)).toThrow(new ExprError(message));
  });
});
