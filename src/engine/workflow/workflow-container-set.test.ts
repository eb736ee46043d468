import { describe, expect, it } from "vitest";
import { send, simulate, workflow, type Run } from "../../testing/workflow-harness.js";

/**
 * Argo's containerSet template (docs/container-set-template.md, executeContainerSet): the containers
 * of one pod run as a graph — a container starts once those it depends on exited 0 — each with a
 * node of type Container; outputs come from the container named `main`; `retryStrategy` runs a
 * failed container again in place. Deterministic Simulation: each container runs `[run, <label>]`.
 */

const runs = (r: Run) => r.launches.map((l) => `${l.label}@${l.at}`);

function containerSet(containers: string, extra = ""): string {
  return workflow(
    "  entrypoint: main",
    `  - name: main
    containerSet:
      containers:
${containers}${extra}`,
  );
}

const diamond = containerSet(`      - {name: a, image: busybox, command: [run, a]}
      - {name: b, image: busybox, command: [run, b], dependencies: [a]}
      - {name: c, image: busybox, command: [run, c], dependencies: [a]}
      - {name: main, image: busybox, command: [run, main], dependencies: [b, c]}`);

describe("containerSet", () => {
  it("runs its containers as a graph in one pod; each has a Container node, linked as Argo links them", () => {
    const r = simulate(diamond, { a: { stdout: "x" }, main: { stdout: "done" } });
    expect(runs(r)).toEqual(["a@0", "b@1000", "c@1000", "main@2000"]);
    expect(r.phases()).toEqual({ wf: "Succeeded", "wf.a": "Succeeded", "wf.b": "Succeeded", "wf.c": "Succeeded", "wf.main": "Succeeded" });
    const id = (name: string) => r.node(name)!.id;
    expect(r.node("wf")).toMatchObject({ type: "Pod", children: [id("wf.a")], outputs: { result: "done", exitCode: "0" } });
    expect(r.node("wf.a")).toMatchObject({ type: "Container", displayName: "a", boundaryID: id("wf"), children: [id("wf.b"), id("wf.c")] });
    expect(r.node("wf.b")!.children).toEqual([id("wf.main")]);
    expect(r.node("wf.c")!.children).toEqual([id("wf.main")]);
    // One pod: the containers share it.
    const pods = [...r.sim.state.entries.values()].filter((e) => e.kind === "Pod");
    expect(pods).toHaveLength(1);
  });

  it("a failed container stops what depends on it: those end in Error with exit code 64, and the pod fails", () => {
    const r = simulate(diamond, { b: { exit: 3 } });
    expect(runs(r)).toEqual(["a@0", "b@1000", "c@1000"]);
    expect(r.phases()).toMatchObject({ wf: "Failed", "wf.a": "Succeeded", "wf.b": "Failed", "wf.c": "Succeeded", "wf.main": "Error" });
    expect(r.node("wf.b")!.message).toBe("Error (exit code 3)");
    expect(r.node("wf.main")!.message).toBe('Error (exit code 64): dependency "b" exited with non-zero code: 3');
    expect(r.node("wf")!.message).toBe("Error (exit code 3)");
  });

  it("the workflow's outbound nodes are the last containers, and a following step hangs under them", () => {
    const r = simulate(
      workflow(
        "  entrypoint: flow",
        `  - name: flow
    steps:
    - - {name: set, template: set}
    - - {name: after, template: run, arguments: {parameters: [{name: n, value: after}]}}
  - name: set
    containerSet:
      containers:
      - {name: a, image: busybox, command: [run, a]}
      - {name: b, image: busybox, command: [run, b]}
      - {name: c, image: busybox, command: [run, c], dependencies: [a]}`,
      ),
    );
    expect(runs(r)).toEqual(["a@0", "b@0", "c@1000", "after@2000"]);
    const id = (name: string) => r.node(name)!.id;
    // Argo's getOutboundNodes of a containerSet's pod: its containers that nothing depends on.
    expect(r.node("wf[1]")).toBeDefined();
    expect(r.node("wf[0].set.c")!.children).toEqual([id("wf[1]")]);
    expect(r.node("wf[0].set.b")!.children).toEqual([id("wf[1]")]);
    expect(r.node("wf")!.outboundNodes).toEqual([id("wf[1].after")]);
  });

  it("outputs come from the container named main: result, exitCode and parameters from its files", () => {
    const r = simulate(
      containerSet(
        `      - {name: a, image: busybox, command: [run, a]}
      - {name: main, image: busybox, command: [run, main], dependencies: [a]}`,
        `
    outputs:
      parameters: [{name: word, valueFrom: {path: /tmp/word, default: none}}]`,
      ),
      { a: { stdout: "not me" }, main: { stdout: "me" } },
    );
    expect(r.node("wf")!.outputs).toEqual({ result: "me", exitCode: "0", parameters: [{ name: "word", value: "none" }] });
  });

  it("retryStrategy runs a failed container again in place, after its duration, within its retries", () => {
    const r = simulate(
      containerSet(
        `      - {name: a, image: busybox, command: [run, a]}
      - {name: main, image: busybox, command: [run, main], dependencies: [a]}`,
        `
      retryStrategy: {retries: "2", duration: "5s"}`,
      ),
      { a: [{ exit: 1 }, { exit: 1 }, { exit: 0 }] },
    );
    expect(runs(r)).toEqual(["a@0", "a@6000", "a@12000", "main@13000"]);
    expect(r.phases()).toMatchObject({ wf: "Succeeded", "wf.a": "Succeeded", "wf.main": "Succeeded" });
    const pod = [...r.sim.state.entries.values()].find((e) => e.kind === "Pod")!;
    expect(pod.kind === "Pod" && pod.object.status.containerStatuses[0]!.restartCount).toBe(2);
  });

  it("retries run out: the container fails, and so does the pod", () => {
    const r = simulate(
      containerSet(`      - {name: main, image: busybox, command: [run, main]}`, `
      retryStrategy: {retries: 1}`),
      { main: { exit: 2 } },
    );
    expect(runs(r)).toEqual(["main@0", "main@1000"]);
    expect(r.phases()).toMatchObject({ wf: "Failed", "wf.main": "Failed" });
  });

  it("a stop ends the containers still waiting: their nodes fail with the pod's message", () => {
    const r = simulate(
      containerSet(`      - {name: a, image: busybox, command: [run, a]}
      - {name: main, image: busybox, command: [run, main], dependencies: [a]}`),
      { a: { ms: 10_000 } },
      { commands: [{ at: 2000, command: { verb: "stop" } }] },
    );
    expect(runs(r)).toEqual(["a@0"]);
    expect(r.phases()).toMatchObject({ wf: "Failed", "wf.a": "Failed", "wf.main": "Failed" });
    expect(r.node("wf.main")!.message).toContain("Stopped with strategy 'Stop'");
  });

  it("`retry` of the workflow runs the whole pod again, with its container nodes made anew", () => {
    const r = simulate(diamond, { c: [{ exit: 1 }, { exit: 0 }] });
    expect(r.phases()).toMatchObject({ wf: "Failed", "wf.c": "Failed", "wf.main": "Error" });
    send(r, { verb: "retry" }, { at: 9000 });
    expect(runs(r)).toEqual(["a@0", "b@1000", "c@1000", "a@9000", "b@10000", "c@10000", "main@11000"]);
    expect(r.phases()).toEqual({ wf: "Succeeded", "wf.a": "Succeeded", "wf.b": "Succeeded", "wf.c": "Succeeded", "wf.main": "Succeeded" });
  });
});
