import { describe, expect, it } from "vitest";
import { ExprError, evaluateWhen } from "./index.js";

function failure(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ExprError) return error.message;
    throw error;
  }
  throw new Error("expected an ExprError");
}

describe("evaluateWhen: govaluate with bare words as strings (Argo's shouldExecute)", () => {
  it.each([
    // Argo's coinflip example, after substitution of {{steps.flip-coin.outputs.result}}.
    ["heads == heads", true],
    ["tails == heads", false],
    ["foo != bar", true],
    ["Succeeded == Succeeded", true],
    // Numbers compare as numbers, quoted strings as strings.
    ["5 > 3", true],
    ["10 > 9", true],
    ["'10' > '9'", false],
    ["1.5 <= 1.5", true],
    ["1 == 1.0", true],
    ["5 == '5'", false],
    // Booleans, logic and grouping.
    ["true", true],
    ["false", false],
    ["true == true", true],
    ["1 == 1 && foo != bar", true],
    ["(2 > 1) || false", true],
    ["!(1 == 1)", false],
    ["!false && (a == b || c == c)", true],
    // Regular expressions, as the docs write them: quoted on the right.
    ["'hello' =~ '^hel'", true],
    ["hello =~ 'lo$'", true],
    ["'hello' !~ '^x'", true],
    // Arithmetic, concatenation, membership and the ternary.
    ["1 + 2 * 3 == 7", true],
    ["10 % 4 == 2 && 2 ** 3 == 8 && -1 < 0", true],
    ["a + b == ab", true],
    ["'x' in ('x', 'y')", true],
    ["3 in (1, 2)", false],
    ["(1 > 2 ? yes : no) == no", true],
    ["((1 > 2 ? yes) ?? ok) == ok", true],
    ["'flip-coin' == 'flip-coin'", true],
    // Words may hold digits, underscores and dots.
    ["v1_2 == v1_2", true],
    ["my.value == my.value", true],
    // An empty condition always runs.
    ["", true],
    ["   ", true],
  ])("%j is %s", (text, value) => {
    expect(evaluateWhen(text)).toBe(value);
  });

  it.each([
    // A hyphen is govaluate's minus, so hyphenated words need quotes.
    ["flip-coin == flip-coin", 'invalid "when" expression "flip-coin == flip-coin": "-" needs numbers, got string "flip" and string "coin"'],
    ["hello world == hello world", 'invalid "when" expression "hello world == hello world": unexpected "world" at column 7'],
    ["heads > 1", 'invalid "when" expression "heads > 1": cannot compare string "heads" with number 1 using ">"'],
    ["1 && true", 'invalid "when" expression "1 && true": "&&" needs booleans, got number 1'],
    ["a =~ '('", 'invalid "when" expression "a =~ \'(\'": invalid regular expression "("'],
    ["1.2.3 == 1", 'invalid "when" expression "1.2.3 == 1": cannot parse number "1.2.3" at column 1'],
    ["a ==- 1", 'invalid "when" expression "a ==- 1": invalid token "==-" at column 3'],
    ["(a == b", 'invalid "when" expression "(a == b": unexpected end of expression'],
    ["'open == x", 'invalid "when" expression "\'open == x": unclosed string literal at column 1'],
    ["a == ", 'invalid "when" expression "a == ": unexpected end of expression'],
    ["heads", 'expected a boolean from "heads", got string "heads"'],
    ["1 + 1", 'expected a boolean from "1 + 1", got number 2'],
  ])("%j fails", (text, message) => {
    expect(failure(() => evaluateWhen(text))).toBe(message);
  });
});
