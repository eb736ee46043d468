import { describe, expect, test } from "vitest";
import { parseDependsOn } from "./baton-annotations.js";
import { parseDuration } from "./duration.js";

describe("parseDuration", () => {
  test.each([
    ["100ms", 100],
    ["2s", 2000],
    ["1m", 60_000],
    ["1h", 3_600_000],
    ["1m30s", 90_000],
    ["1h2m3s4ms", 3_723_004],
    ["1.5s", 1500],
    ["0s", 0],
    ["-2s", -2000],
  ])("%s is %d ms", (text, expected) => {
    expect(parseDuration(text)).toBe(expected);
  });

  test.each(["", "2", "s", "2 s", "2sec", "1d", "100ns", "1.2.3s", "s2"])("%j is not a duration", (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe("parseDependsOn", () => {
  test.each([
    ["a", ["a"]],
    ["a,b", ["a", "b"]],
    [" a , b ,", ["a", "b"]],
    ["a,a", ["a"]],
    ["", []],
  ])("%j", (text, expected) => {
    expect(parseDependsOn(text)).toEqual(expected);
  });
});
