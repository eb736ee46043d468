import { describe, expect, it } from "vitest";
import { ExprError, dependsFromDependencies, dependsTasks, evaluateDepends, parseDepends, type DependsResult } from "./index.js";

function failure(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ExprError) return error.message;
    throw error;
  }
  throw new Error("expected an ExprError");
}

/** `holds` for tasks that each have exactly one result. */
const results = (of: Record<string, DependsResult>) => (task: string, result: DependsResult) => of[task] === result;

describe("parseDepends and evaluateDepends (Argo's enhanced depends)", () => {
  it.each<[string, Record<string, DependsResult>, boolean]>([
    ["task-1.Succeeded", { "task-1": "Succeeded" }, true],
    ["task-1.Succeeded", { "task-1": "Failed" }, false],
    // A bare name means (task.Succeeded || task.Skipped || task.Daemoned).
    ["task", { task: "Succeeded" }, true],
    ["task", { task: "Skipped" }, true],
    ["task", { task: "Daemoned" }, true],
    ["task", { task: "Failed" }, false],
    ["task", { task: "Omitted" }, false],
    ["task || task-2.Failed", { task: "Errored", "task-2": "Failed" }, true],
    ["(task-2.Succeeded || task-2.Skipped) && !task-3.Failed", { "task-2": "Skipped", "task-3": "Succeeded" }, true],
    ["(task-2.Succeeded || task-2.Skipped) && !task-3.Failed", { "task-2": "Skipped", "task-3": "Failed" }, false],
    ["task-1.AnySucceeded || task-2.AllFailed", { "task-2": "AllFailed" }, true],
    ["A && B && C", { A: "Succeeded", B: "Skipped", C: "Succeeded" }, true],
    ["A && B && C", { A: "Succeeded", B: "Skipped", C: "Errored" }, false],
    ["A || B && C", { A: "Succeeded", B: "Failed" }, true],
    ["!!A.Omitted", { A: "Omitted" }, true],
    ["  my_task.Errored  ", { my_task: "Errored" }, true],
  ])("%s with %j is %s", (text, of, value) => {
    expect(evaluateDepends(parseDepends(text), results(of))).toBe(value);
  });

  it.each([
    ["task || task-2.Failed", ["task", "task-2"]],
    ["(B.Succeeded || A) && !B.Failed", ["B", "A"]],
  ])("dependsTasks(%s) is %j", (text, tasks) => {
    expect(dependsTasks(parseDepends(text))).toEqual(tasks);
  });

  it.each([
    ["", "empty depends expression"],
    ["A.Succeded", 'unknown task result "Succeded" at column 3 in depends "A.Succeded"; valid results are Succeeded, Failed, Errored, Skipped, Omitted, Daemoned, AnySucceeded, AllFailed'],
    ["A & B", 'unexpected "&" at column 3 in depends "A & B": expected && or ||'],
    ["A B", 'unexpected "B" at column 3 in depends "A B": expected && or ||'],
    ["(A || B", 'unexpected "(" at column 1 in depends "(A || B": unclosed "("'],
    ["A && ", 'unexpected end of depends "A && "'],
    ["&& A", 'unexpected "&&" at column 1 in depends "&& A": expected a task name'],
  ])("%j fails", (text, message) => {
    expect(failure(() => parseDepends(text))).toBe(message);
  });

  it("caches parsed expressions by text", () => {
    expect(parseDepends("A && B")).toBe(parseDepends("A && B"));
  });
});

describe("dependsFromDependencies", () => {
  it('turns ["A", "B", "C"] into "A && B && C"', () => {
    const expr = dependsFromDependencies(["A", "B", "C"]);
    expect(dependsTasks(expr)).toEqual(["A", "B", "C"]);
    expect(evaluateDepends(expr, results({ A: "Succeeded", B: "Skipped", C: "Daemoned" }))).toBe(true);
    expect(evaluateDepends(expr, results({ A: "Succeeded", B: "Skipped", C: "Failed" }))).toBe(false);
  });

  it("holds for an empty list", () => {
    expect(evaluateDepends(dependsFromDependencies([]), () => false)).toBe(true);
  });
});
