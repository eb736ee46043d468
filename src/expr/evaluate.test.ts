import { describe, expect, it } from "vitest";
import { ExprError, evaluate } from "./index.js";

const variables = (values: Record<string, string>) => (name: string) => (Object.hasOwn(values, name) ? values[name] : undefined);

function failure(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ExprError) return error.message;
    throw error;
  }
  throw new Error("expected an ExprError");
}

const none = variables({});
const scope = variables({
  "inputs.parameters.x": "3",
  "inputs.parameters.my-param": "hello",
  "steps.flip-coin.outputs.result": "heads",
  "lastRetry.exitCode": "2",
  "workflow.parameters.json": '[{"name":"a","value":"true"},{"name":"b","value":"false"}]',
  item: '{"key":"k1","tags":["x","y"]}',
  "item.key": "from-scope",
});

describe("evaluate: literals and operators (expr-lang)", () => {
  it.each([
    ["1 + 2", 3],
    ["7 / 2", 3.5],
    ["7 % 3", 1],
    ["2 ** 10", 1024],
    ["2 ^ 3 ^ 2", 512],
    ["1.5 * 2", 3],
    ["-(1 + 2)", -3],
    ["'ab' + \"cd\"", "abcd"],
    ["[1, 2] + [3]", [1, 2, 3]],
    ["1 == 1.0", true],
    ["1 == '1'", false],
    ["[1, 'a'] == [1, 'a']", true],
    ["'abc' < 'abd'", true],
    ["10 > 9", true],
    ["true && !false", true],
    ["true and not false", true],
    ["false or true", true],
    ["1 > 2 ? 'yes' : 'no'", "no"],
    ["2 in [1, 2]", true],
    ["3 not in [1, 2]", true],
    ["'foobar' contains 'oba'", true],
    ["'foobar' startsWith 'foo'", true],
    ["'foobar' endsWith 'bar'", true],
    ["'v1.2.3' matches '^v\\\\d+'", true],
    ["nil ?? 'fallback'", "fallback"],
    ["'set' ?? 'fallback'", "set"],
    ["1 + 2 * 3 == 7 && 'a' in ['a']", true],
  ])("%s is %j", (source, value) => {
    expect(evaluate(source, none)).toEqual(value);
  });

  it.each([
    ["'a' + 1", "invalid operation: string + int"],
    ["1 - 'a'", "invalid operation: int - string"],
    ["'a' < 1", "invalid operation: string < int"],
    ["1 && true", "&& expects a bool, got int"],
    ["!'x'", "! expects a bool, got string"],
    ["5 % 0", "integer divide by zero"],
    ["1.5 % 1", "invalid operation: % needs integers, got 1.5 % 1"],
    ["'a' matches '('", 'invalid regular expression "("'],
    ["1 === 1", 'invalid expression "1 === 1": Expected expression after == at column 5'],
    ["1 | 2", 'invalid expression "1 | 2": Unexpected "|" at column 3'],
    ["", "empty expression"],
    ["foo(1)", 'unknown function "foo"'],
    ["{# > 1}", "a predicate {…} is only allowed as the last argument of filter, map, all, any, none, one or count"],
    ["#", "# is only defined inside a predicate {…}"],
  ])("%s fails: %s", (source, message) => {
    expect(failure(() => evaluate(source, none))).toBe(message);
  });
});

describe("evaluate: variables are strings read by path", () => {
  it.each([
    ["inputs.parameters.x", "3"],
    ["asInt(inputs.parameters.x) + 1", 4],
    ["inputs.parameters['my-param']", "hello"],
    ["steps['flip-coin'].outputs.result == 'heads'", true],
    ["asInt(lastRetry.exitCode) >= 2", true],
    ["lastRetry.exitCode != '2'", false],
    ["item.key", "from-scope"],
    ["item.tags[1]", "y"],
    ["item.missing", null],
    ["workflow.parameters.json", '[{"name":"a","value":"true"},{"name":"b","value":"false"}]'],
    ["fromJson(workflow.parameters.json)[0].value", "true"],
    ["map(fromJson(workflow.parameters.json), {#.name})", ["a", "b"]],
    ["workflow.parameters.nope ?? 'default'", "default"],
  ])("%s is %j", (source, value) => {
    expect(evaluate(source, scope)).toEqual(value);
  });

  it.each([
    ["inputs.parameters.nope", 'unknown variable "inputs.parameters.nope"'],
    ["inputs.parameters.my-param", 'unknown variable "inputs.parameters.my"'],
    ["inputs.parameters.x + 1", "invalid operation: string + int"],
    ["item.tags[5]", "index 5 out of range (length 2)"],
    ["item.key.first", 'cannot read "first" from string'],
    ["item.tags.name", 'cannot read "name" from array'],
  ])("%s fails: %s", (source, message) => {
    expect(failure(() => evaluate(source, scope))).toBe(message);
  });

  it("asks for the whole path first and for no more prefixes than needed", () => {
    const asked: string[] = [];
    evaluate("steps.a.outputs.result", (name) => (asked.push(name), name === "steps.a.outputs.result" ? "ok" : undefined));
    expect(asked).toEqual(["steps.a.outputs.result"]);
  });
});

describe("evaluate: predicates with # as the element", () => {
  it.each([
    ["filter([1, 2], { # > 1 })", [2]],
    ["map([1, 2], { # * 2 })", [2, 4]],
    ["filter([1, 2, 3], # % 2 == 1)", [1, 3]],
    ["all([2, 4], {# % 2 == 0})", true],
    ["any([1, 2], {# > 1})", true],
    ["none([1, 2], {# > 5})", true],
    ["one([1, 2], {# > 1})", true],
    ["count(['a', 'bb', 'cc'], {len(#) == 2})", 2],
    ["map(filter([1, 2, 3], {# > 1}), {# * 10})", [20, 30]],
  ])("%s is %j", (source, value) => {
    expect(evaluate(source, none)).toEqual(value);
  });

  it.each([
    ["filter([1], {# + 1})", "the predicate of filter() expects a bool, got int"],
    ["filter('x', {true})", "filter() expects an array, got string"],
    ["filter([1])", "filter() takes 2 arguments, got 1"],
  ])("%s fails: %s", (source, message) => {
    expect(failure(() => evaluate(source, none))).toBe(message);
  });
});
