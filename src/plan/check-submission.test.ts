import { describe, expect, test } from "vitest";
import { formatDiagnostic, loadManifests } from "../spec/index.js";
import { checkSubmission, dependenciesOf, findCycles } from "./index.js";

/** A Job manifest as YAML; `dependsOn` becomes its baton.dev/depends-on annotation. */
function job(name: string, dependsOn?: string, namespace?: string, kind: "Job" | "Pod" = "Job"): string {
  const annotations = dependsOn === undefined ? "" : `  annotations:\n    baton.dev/depends-on: "${dependsOn}"\n`;
  const ns = namespace === undefined ? "" : `  namespace: ${namespace}\n`;
  const spec =
    kind === "Job"
      ? `spec:\n  template:\n    spec:\n      containers: [{name: main, command: ["true"]}]\n      restartPolicy: Never\n`
      : `spec:\n  containers: [{name: main, command: ["true"]}]\n`;
  const apiVersion = kind === "Job" ? "batch/v1" : "v1";
  return `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${name}\n${ns}${annotations}${spec}`;
}

function check(...manifests: string[]): string[] {
  const { resources, diagnostics } = loadManifests(manifests.join("---\n"), "run.yaml");
  expect(diagnostics).toEqual([]);
  return checkSubmission(resources).map(formatDiagnostic);
}

describe("names", () => {
  test("a name used twice by one kind in one namespace", () => {
    expect(check(job("a"), job("a"))).toEqual(['run.yaml:14:9 metadata.name: Job "a" is defined twice (first at run.yaml:4)']);
  });

  test.each([
    { name: "in other namespaces", manifests: [job("a", undefined, "one"), job("a", undefined, "two")] },
    { name: "by other kinds", manifests: [job("a"), job("a", undefined, undefined, "Pod")] },
  ])("a name may be reused $name", ({ manifests }) => {
    expect(check(...manifests)).toEqual([]);
  });
});

describe("depends-on", () => {
  test("names that exist are fine, across kinds", () => {
    expect(check(job("a"), job("b", "a"), job("c", "a, b", undefined, "Pod"))).toEqual([]);
  });

  test("an unknown name is reported at the annotation, with the names that exist", () => {
    expect(check(job("extract"), job("load", "transfrom"))).toEqual([
      'run.yaml:16:27 metadata.annotations[baton.dev/depends-on]: depends on "transfrom", which is not defined in this submission in namespace "default"; it defines "extract"',
    ]);
  });

  test("a name in another namespace does not count", () => {
    expect(check(job("a", undefined, "other"), job("b", "a"))).toEqual([
      'run.yaml:17:27 metadata.annotations[baton.dev/depends-on]: depends on "a", which is not defined in this submission in namespace "default"; it defines nothing else',
    ]);
  });
});

describe("cycles", () => {
  const cycleMessages = (...manifests: string[]) => check(...manifests).map((line) => line.replace(/^.*: dependency cycle/, "dependency cycle"));

  test.each([
    { name: "a resource that depends on itself", manifests: [job("a", "a")], expected: ["dependency cycle: a → a"] },
    { name: "two resources", manifests: [job("a", "b"), job("b", "a")], expected: ["dependency cycle: a → b → a"] },
    { name: "three resources", manifests: [job("a", "c"), job("b", "a"), job("c", "b")], expected: ["dependency cycle: a → c → b → a"] },
    {
      name: "two separate cycles, each once",
      manifests: [job("a", "b"), job("b", "a"), job("c", "d"), job("d", "c"), job("e", "a")],
      expected: ["dependency cycle: a → b → a", "dependency cycle: c → d → c"],
    },
    { name: "a diamond is no cycle", manifests: [job("a"), job("b", "a"), job("c", "a"), job("d", "b,c")], expected: [] },
  ])("$name", ({ manifests, expected }) => {
    expect(cycleMessages(...manifests)).toEqual(expected);
  });

  test("a cycle is reported at the depends-on of its first resource", () => {
    expect(check(job("a", "b"), job("b", "a"))).toEqual(["run.yaml:6:27 metadata.annotations[baton.dev/depends-on]: dependency cycle: a → b → a"]);
  });

  test("a long chain is no trouble", () => {
    const length = 100_000;
    const edges = Array.from({ length }, (_, i) => [i === 0 ? length - 1 : i - 1]);
    const [cycle] = findCycles(edges);
    expect(cycle).toHaveLength(length + 1);
    expect(cycle?.slice(0, 3)).toEqual([0, length - 1, length - 2]);
  });
});

describe("dependenciesOf", () => {
  test.each([
    { annotation: undefined, expected: [] },
    { annotation: "a", expected: ["a"] },
    { annotation: "a, b,c", expected: ["a", "b", "c"] },
  ])("$annotation", ({ annotation, expected }) => {
    const [sourced] = loadManifests(job("x", annotation), "x.yaml").resources;
    expect(sourced && dependenciesOf(sourced.resource)).toEqual(expected);
  });
});

describe("order in the file does not matter", () => {
  test("Jobs chained out of order, as in conformance case 007, check clean", () => {
    expect(check(job("extract"), job("load", "transform"), job("transform", "extract"))).toEqual([]);
  });
});
