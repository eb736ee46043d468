import { describe, expect, it } from "vitest";
import { call, simulate, workflow } from "../../testing/workflow-harness.js";

/**
 * Argo Workflows' documented behaviour, driven through the deterministic Simulation (fake clock, fake
 * executor): steps, DAGs and loops. The harness is src/testing/workflow-harness.ts.
 */

describe("steps", () => {
  it("runs the outer list in order and each inner list in parallel", () => {
    const r = simulate(
      workflow(
        "  entrypoint: main",
        `  - name: main
    steps:
    - - ${call("A")}
    - - ${call("B1")}
      - ${call("B2")}
    - - ${call("C")}`,
      ),
      { B1: { ms: 3000 } },
    );
    expect(r.launches.map((l) => `${l.label}@${l.at}`)).toEqual(["A@0", "B1@1000", "B2@1000", "C@4000"]);
    expect(r.wf.status.phase).toBe("Succeeded");
    expect(r.phases()).toEqual({
      wf: "Succeeded",
      "wf[0]": "Succeeded",
      "wf[0].A": "Succeeded",
      "wf[1]": "Succeeded",
      "wf[1].B1": "Succeeded",
      "wf[1].B2": "Succeeded",
      "wf[2]": "Succeeded",
      "wf[2].C": "Succeeded",
    });
    expect(r.node("wf")!.type).toBe("Steps");
    expect(r.node("wf[1]")!.type).toBe("StepGroup");
    expect(r.node("wf[1].B1")!.type).toBe("Pod");
  });

  const failing = [
    {
      name: "a failing step fails its group, later groups never start, and the workflow Fails",
      extra: "",
      expectNodes: { "wf[0].A": "Failed", "wf[0].A2": "Succeeded", "wf[0]": "Failed", wf: "Failed" },
      launched: ["A", "A2"],
      phase: "Failed",
    },
    {
      name: "continueOn.failed lets the next group run and the workflow Succeeds",
      extra: "continueOn: {failed: true}",
      expectNodes: { "wf[0].A": "Failed", "wf[0].A2": "Succeeded", "wf[0]": "Succeeded", "wf[1].B": "Succeeded", wf: "Succeeded" },
      launched: ["A", "A2", "B"],
      phase: "Succeeded",
    },
  ];
  it.each(failing)("$name", ({ extra, expectNodes, launched, phase }) => {
    const r = simulate(
      workflow(
        "  entrypoint: main",
        `  - name: main
    steps:
    - - ${call("A", extra)}
      - ${call("A2")}
    - - ${call("B")}`,
      ),
      { A: { exit: 1 }, A2: { ms: 2000 } },
    );
    expect(r.labels()).toEqual(launched);
    expect(r.phases()).toMatchObject(expectNodes);
    expect(r.node("wf[0].A")!.message).toBe("Error (exit code 1)");
    expect(r.wf.status.phase).toBe(phase);
    if (phase === "Failed") {
      expect(r.node("wf[1]")).toBeUndefined();
      // Argo: the step group fails with "child '<id of the failed step>' failed", and so does the workflow.
      expect(r.node("wf[0]")!.message).toBe(`child '${r.node("wf[0].A")!.id}' failed`);
      expect(r.wf.status.message).toBe(`child '${r.node("wf[0].A")!.id}' failed`);
    }
  });

  it("when on a previous step's outputs.result runs one branch and skips the other", () => {
    const r = simulate(
      workflow(
        "  entrypoint: main",
        `  - name: main
    steps:
    - - ${call("flip")}
    - - ${call("heads", `when: "{{steps.flip.outputs.result}} == heads"`)}
      - ${call("tails", `when: "{{steps.flip.outputs.result}} == tails"`)}`,
      ),
      { flip: { stdout: "heads\n" } },
    );
    expect(r.labels()).toEqual(["flip", "heads"]);
    expect(r.node("wf[0].flip")!.outputs?.result).toBe("heads");
    expect(r.node("wf[1].heads")!.phase).toBe("Succeeded");
    expect(r.node("wf[1].tails")!.phase).toBe("Skipped");
    expect(r.node("wf[1].tails")!.message).toBe("when 'heads == tails' evaluated false");
    expect(r.wf.status.phase).toBe("Succeeded");
  });
});

describe("dag", () => {
  it("runs a diamond: A, then B and C together, then D", () => {
    const r = simulate(
      workflow(
        "  entrypoint: main",
        `  - name: main
    dag:
      tasks:
      - ${call("A")}
      - ${call("B", "depends: A")}
      - ${call("C", "depends: A")}
      - ${call("D", `depends: "B && C"`)}`,
      ),
      { C: { ms: 2500 } },
    );
    expect(r.launches.map((l) => `${l.label}@${l.at}`)).toEqual(["A@0", "B@1000", "C@1000", "D@3500"]);
    expect(r.phases()).toEqual({ wf: "Succeeded", "wf.A": "Succeeded", "wf.B": "Succeeded", "wf.C": "Succeeded", "wf.D": "Succeeded" });
    expect(r.node("wf")!.type).toBe("DAG");
    expect(r.wf.status.phase).toBe("Succeeded");
  });

  it("enhanced depends: A.Failed runs, A.Succeeded is Omitted", () => {
    const r = simulate(
      workflow(
        "  entrypoint: main",
        `  - name: main
    dag:
      tasks:
      - ${call("A")}
      - ${call("onFail", `depends: "A.Failed"`)}
      - ${call("onSuccess", `depends: "A.Succeeded"`)}`,
      ),
      { A: { exit: 1 } },
    );
    expect(r.labels()).toEqual(["A", "onFail"]);
    expect(r.node("wf.A")!.phase).toBe("Failed");
    expect(r.node("wf.onFail")!.phase).toBe("Succeeded");
    expect(r.node("wf.onSuccess")!.phase).toBe("Omitted");
    expect(r.node("wf.onSuccess")!.message).toBe("omitted: depends condition not met");
    // Argo's assessDAGPhase: an omitted target inherits its branch's phase (A Failed), so the DAG fails.
    expect(r.wf.status.phase).toBe("Failed");
  });
});

describe("loops", () => {
  it("withItems under template parallelism 2 never runs more than 2 at once", () => {
    const r = simulate(
      workflow(
        "  entrypoint: main",
        `  - name: main
    parallelism: 2
    steps:
    - - {name: each, template: run, arguments: {parameters: [{name: n, value: "{{item}}"}]}, withItems: [a, b, c, d, e]}`,
      ),
      { a: { ms: 1000 }, b: { ms: 3000 }, c: { ms: 1000 }, d: { ms: 1000 }, e: { ms: 1000 } },
    );
    expect(r.labels()).toEqual(["a", "b", "c", "d", "e"]);
    expect(r.maxRunning).toBe(2);
    expect(r.launches.map((l) => `${l.label}@${l.at}`)).toEqual(["a@0", "b@0", "c@1000", "d@2000", "e@3000"]);
    expect(Object.keys(r.phases()).filter((n) => n.startsWith("wf[0].each")).sort()).toEqual([
      "wf[0].each(0:a)",
      "wf[0].each(1:b)",
      "wf[0].each(2:c)",
      "wf[0].each(3:d)",
      "wf[0].each(4:e)",
    ]);
    expect(r.wf.status.phase).toBe("Succeeded");
  });

  it("withSequence count runs count iterations, numbered from 0", () => {
    const r = simulate(
      workflow(
        "  entrypoint: main",
        `  - name: main
    steps:
    - - {name: seq, template: run, arguments: {parameters: [{name: n, value: "n{{item}}"}]}, withSequence: {count: "3"}}`,
      ),
    );
    expect(r.labels().sort()).toEqual(["n0", "n1", "n2"]);
    expect(r.node("wf[0].seq(2:2)")!.phase).toBe("Succeeded");
    expect(r.wf.status.phase).toBe("Succeeded");
  });

  it("withParam fans out over a JSON list from a previous step's output", () => {
    const r = simulate(
      workflow(
        "  entrypoint: main",
        `  - name: main
    steps:
    - - ${call("gen")}
    - - {name: each, template: run, arguments: {parameters: [{name: n, value: "p-{{item}}"}]}, withParam: "{{steps.gen.outputs.result}}"}`,
      ),
      { gen: { stdout: '["x", "y"]\n' } },
    );
    expect(r.labels()).toEqual(["gen", "p-x", "p-y"]);
    expect(r.node("wf[1].each(0:x)")!.phase).toBe("Succeeded");
    expect(r.node("wf[1].each(1:y)")!.phase).toBe("Succeeded");
    expect(r.wf.status.phase).toBe("Succeeded");
  });
});
