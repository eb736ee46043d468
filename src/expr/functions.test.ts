import { describe, expect, it } from "vitest";
import { ExprError, evaluate } from "./index.js";

const scope = (name: string) =>
  ({ "inputs.parameters.my-int-param": "42", "inputs.parameters.my-float-param": "2.5", "inputs.parameters.json": '{"some":{"path":"found"}}' })[name];

function failure(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ExprError) return error.message;
    throw error;
  }
  throw new Error("expected an ExprError");
}

describe("functions from Argo's variables reference", () => {
  it.each([
    ["asInt(inputs.parameters['my-int-param'])", 42],
    ["asFloat(inputs.parameters['my-float-param'])", 2.5],
    ["string(1)", "1"],
    ["toJson([1, 2])", "[1,2]"],
    ["jsonpath(inputs.parameters.json, '$.some.path')", "found"],
    ["sprig.trim('  my-string-param  ')", "my-string-param"],
  ])("%s is %j", (source, value) => {
    expect(evaluate(source, scope)).toEqual(value);
  });
});

describe("expr-lang builtins", () => {
  it.each([
    ["int('7')", 7],
    ["int(7.9)", 7],
    ["float('1e3')", 1000],
    ["len('héllo')", 5],
    ["len([1, 2, 3])", 3],
    ["len(fromJson('{\"a\":1}'))", 1],
    ["lower('ABC') + upper('def')", "abcDEF"],
    ["trim('  x  ')", "x"],
    ["trim('--x--', '-')", "x"],
    ["trimPrefix('v1.2', 'v')", "1.2"],
    ["trimSuffix('file.txt', '.txt')", "file"],
    ["split('a,b,c', ',')", ["a", "b", "c"]],
    ["join(['a', 'b'], '-')", "a-b"],
    ["replace('a-b-c', '-', '+')", "a+b+c"],
    ["contains('foobar', 'oba')", true],
    ["startsWith('foobar', 'foo') && endsWith('foobar', 'bar')", true],
    ["fromJson('{\"a\":[1,2]}').a[1]", 2],
    ["toJson(fromJson('{\"a\":true}'))", '{"a":true}'],
    ["max(1, 5, 3) - min([4, 2])", 3],
    ["abs(-2) + ceil(1.2) + floor(1.8) + round(1.5)", 7],
    ["keys(fromJson('{\"a\":1,\"b\":2}'))", ["a", "b"]],
    ["first([1, 2]) + last([1, 2])", 3],
  ])("%s is %j", (source, value) => {
    expect(evaluate(source, scope)).toEqual(value);
  });

  it.each([
    ["asInt('1.5')", 'asInt(): cannot parse "1.5" as an integer'],
    ["asFloat('abc')", 'asFloat(): cannot parse "abc" as a number'],
    ["asInt(true)", "asInt(): cannot convert bool to int"],
    ["fromJson('{')", 'fromJson(): not valid JSON: "{"'],
    ["len(1)", "len() expects a string, array or map, got int"],
    ["lower(1)", "lower() expects a string, got int"],
    ["upper()", "upper() takes 1 argument, got 0"],
    ["trim('a', 'b', 'c')", "trim() takes 1 to 2 arguments, got 3"],
    ["now()", 'unknown function "now"'],
  ])("%s fails: %s", (source, message) => {
    expect(failure(() => evaluate(source, scope))).toBe(message);
  });
});

describe("sprig functions, value last", () => {
  it.each([
    ["sprig.upper('a') + sprig.lower('B')", "Ab"],
    ["sprig.replace('-', '_', 'a-b-c')", "a_b_c"],
    ["sprig.trimPrefix('v', 'v1.0')", "1.0"],
    ["sprig.trimSuffix('.tgz', 'pkg.tgz')", "pkg"],
    ["sprig.trimAll('$', '$5.00$')", "5.00"],
    ["sprig.contains('cat', 'catch')", true],
    ["sprig.hasPrefix('ca', 'cat') && sprig.hasSuffix('at', 'cat')", true],
    ["sprig.split('$', 'foo$bar$baz')", { _0: "foo", _1: "bar", _2: "baz" }],
    ["sprig.splitList(',', 'a,b')", ["a", "b"]],
    ["sprig.join('-', [1, 'b'])", "1-b"],
    ["sprig.default('foo', '')", "foo"],
    ["sprig.default('foo', 'bar')", "bar"],
    ["sprig.empty('') && sprig.empty(0) && sprig.empty([]) && !sprig.empty('x')", true],
    ["sprig.quote('a', 1)", '"a" "1"'],
    ["sprig.squote('a')", "'a'"],
    ["sprig.int('12') + sprig.int('abc') + sprig.int(2.9)", 14],
    ["sprig.atoi('7') + sprig.atoi('7.5')", 7],
    ["sprig.float64('1.5') + sprig.float64('x')", 1.5],
    ["sprig.toString(5)", "5"],
    ["sprig.repeat(3, 'ab')", "ababab"],
    ["sprig.substr(1, 3, 'hello')", "el"],
    ["sprig.substr(2, 99, 'hello')", "llo"],
    ["sprig.trunc(3, 'hello') + sprig.trunc(-2, 'hello')", "hello"],
    ["sprig.title('hello argo world')", "Hello Argo World"],
    ["sprig.nospace('a b  c')", "abc"],
    ["sprig.add(1, '2', 3) + sprig.sub(10, 4) + sprig.mul(2, 3) + sprig.div(7, 2) + sprig.mod(7, 2)", 22],
    ["sprig.add1(retries ?? '0')", 1],
  ])("%s is %j", (source, value) => {
    expect(evaluate(source, scope)).toEqual(value);
  });

  it.each([
    ["sprig.randAlphaNum(5)", 'unknown function "sprig.randAlphaNum"'],
    ["sprig.now()", 'unknown function "sprig.now"'],
    ["sprig.uuidv4()", 'unknown function "sprig.uuidv4"'],
    ["sprig.div(1, 0)", "sprig.div(): integer divide by zero"],
    ["sprig.upper(1)", "sprig.upper() expects a string, got int"],
  ])("%s fails: %s", (source, message) => {
    expect(failure(() => evaluate(source, scope))).toBe(message);
  });
});
