import { describe, expect, it } from "vitest";
import { container, dag, parallel, sequence, step, steps, suspend, task, workflow } from "./index.js";

const a = container("a", { command: ["echo", "a"] });
const b = container("b", { command: ["echo", "b"] });
const c = container("c", { command: ["echo", "c"] });
const notify = container("notify", { command: ["echo", "{{workflow.status}}"] });

describe("workflow", () => {
  it("is an Argo Workflow manifest; the entrypoint defaults to the first template", () => {
    expect(workflow({ generateName: "hello-", templates: [a] })).toStrictEqual({
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Workflow",
      metadata: { generateName: "hello-" },
      spec: { entrypoint: "a", templates: [a] },
    });
  });

  it("collects every template the listed ones call, depth first, each once", () => {
    const main = sequence("main", a, parallel("both", b, c), step("a-again", a));
    const w = workflow({ name: "w", templates: [main] });
    expect(w.spec.templates?.map((t) => t.name)).toEqual(["main", "a", "both", "b", "c"]);
  });

  it("collects from the entrypoint and onExit when they are template objects", () => {
    const main = dag("main", [task("A", a), task("B", b, { dependencies: ["A"] })]);
    const w = workflow({ name: "w", entrypoint: main, onExit: notify });
    expect(w.spec).toMatchObject({ entrypoint: "main", onExit: "notify" });
    expect(w.spec.templates?.map((t) => t.name)).toEqual(["main", "a", "b", "notify"]);
  });

  it("keeps the order of the given templates, each followed by what it calls", () => {
    const main = steps("main", [[step("b", b)], [step("a", a)]]);
    const w = workflow({ name: "w", templates: [a, main] });
    expect(w.spec.templates?.map((t) => t.name)).toEqual(["a", "main", "b"]);
    expect(w.spec.entrypoint).toBe("a");
  });

  it("collects exit handlers of steps", () => {
    const main = steps("main", [[step("a", a, { onExit: notify })]]);
    expect(workflow({ name: "w", templates: [main] }).spec.templates?.map((t) => t.name)).toEqual(["main", "a", "notify"]);
  });

  it.each([
    { given: { region: "eu", count: 3 }, written: [{ name: "region", value: "eu" }, { name: "count", value: 3 }] },
    { given: [{ name: "region", value: "eu", description: "where" }], written: [{ name: "region", value: "eu", description: "where" }] },
  ])("takes arguments by name or as Argo's list: $given", ({ given, written }) => {
    expect(workflow({ name: "w", arguments: { parameters: given }, templates: [a] }).spec.arguments).toStrictEqual({ parameters: written });
  });

  it("accepts a template equal to one already there (the same builder called twice)", () => {
    const main = sequence("main", container("x", { command: ["true"] }), suspend("s"));
    const again = container("x", { command: ["true"] });
    expect(workflow({ name: "w", templates: [main, again] }).spec.templates?.map((t) => t.name)).toEqual(["main", "x", "s"]);
  });

  it.each([
    { what: "two different templates of one name", options: { name: "w", templates: [a, container("a", { command: ["false"] })] }, error: 'two different templates are named "a"' },
    { what: "no template", options: { name: "w", templates: [] }, error: "a workflow needs at least one template" },
  ])("refuses $what", ({ options, error }) => {
    expect(() => workflow(options)).toThrow(error);
  });

  it("keeps spec fields and metadata as given", () => {
    const w = workflow({ name: "w", namespace: "etl", labels: { team: "data" }, parallelism: 2, activeDeadlineSeconds: 600, retryStrategy: { limit: 1 }, templates: [a] });
    expect(w.metadata).toStrictEqual({ name: "w", namespace: "etl", labels: { team: "data" } });
    expect(w.spec).toStrictEqual({ entrypoint: "a", parallelism: 2, activeDeadlineSeconds: 600, retryStrategy: { limit: 1 }, templates: [a] });
  });
});
