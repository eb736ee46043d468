import { describe, expect, it } from "vitest";
import { container, dag, parallel, sequence, step, steps, task } from "./index.js";

const a = container("a", { command: ["echo", "a"] });
const b = container("b", { command: ["echo", "b"] });
const c = container("c", { command: ["echo", "c"] });
const say = container("say", { command: ["echo", "{{inputs.parameters.message}}"], inputs: ["message"] });

describe("steps and dag", () => {
  it("records the template's name in each step; a single step is a group of one", () => {
    const main = steps("main", [step("first", a), [step("left", b), step("right", c, { when: "{{workflow.parameters.go}} == yes" })]]);
    expect(main).toStrictEqual({
      name: "main",
      steps: [
        [{ name: "first", template: "a" }],
        [{ name: "left", template: "b" }, { name: "right", template: "c", when: "{{workflow.parameters.go}} == yes" }],
      ],
    });
  });

  it("writes arguments by name as Argo's list, and keeps loops and exit handlers", () => {
    const s = step("hello", say, { arguments: { parameters: { message: "{{item}}" } }, withItems: ["x", "y"], onExit: a, continueOn: { failed: true } });
    expect(s).toStrictEqual({
      name: "hello",
      template: "say",
      arguments: { parameters: [{ name: "message", value: "{{item}}" }] },
      withItems: ["x", "y"],
      continueOn: { failed: true },
      onExit: "a",
    });
  });

  it("refers to templates by name when given a name", () => {
    expect(step("s", "elsewhere")).toStrictEqual({ name: "s", template: "elsewhere" });
  });

  it("names dependencies by task object or name", () => {
    const A = task("A", a);
    const main = dag("main", [A, task("B", b, { dependencies: [A] }), task("C", c, { depends: "A && B.Failed" })], { failFast: false });
    expect(main).toStrictEqual({
      name: "main",
      dag: {
        tasks: [
          { name: "A", template: "a" },
          { name: "B", template: "b", dependencies: ["A"] },
          { name: "C", template: "c", depends: "A && B.Failed" },
        ],
        failFast: false,
      },
    });
  });

  it("refuses two steps of one template with the same name", () => {
    expect(() => steps("main", [[step("x", a)], [step("x", b)]])).toThrow('steps template "main": two steps or tasks are named "x"');
    expect(() => dag("d", [task("x", a), task("x", b)])).toThrow('dag template "d": two steps or tasks are named "x"');
  });
});

describe("sequence and parallel (Brigade's ease, Argo's durable steps)", () => {
  it("sequence: one group per item, each step named after its template", () => {
    expect(sequence("main", a, b)).toStrictEqual({ name: "main", steps: [[{ name: "a", template: "a" }], [{ name: "b", template: "b" }]] });
  });

  it("parallel: one group with every item", () => {
    expect(parallel("both", b, c)).toStrictEqual({ name: "both", steps: [[{ name: "b", template: "b" }, { name: "c", template: "c" }]] });
  });

  it("nests: a parallel template is one step of the sequence; an array is a group in place", () => {
    expect(sequence("main", a, parallel("both", b, c))).toStrictEqual({
      name: "main",
      steps: [[{ name: "a", template: "a" }], [{ name: "both", template: "both" }]],
    });
    expect(sequence("main", a, [b, c])).toStrictEqual({
      name: "main",
      steps: [[{ name: "a", template: "a" }], [{ name: "b", template: "b" }, { name: "c", template: "c" }]],
    });
  });

  it("takes steps too, for arguments or conditions", () => {
    const main = sequence("main", a, step("hi", say, { arguments: { parameters: { message: "hi" } } }));
    expect(main.steps?.[1]).toStrictEqual([{ name: "hi", template: "say", arguments: { parameters: [{ name: "message", value: "hi" }] } }]);
  });
});
