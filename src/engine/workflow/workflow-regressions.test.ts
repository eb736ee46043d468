import { describe, expect, it } from "vitest";
import { call, send, simulate, workflow } from "../../testing/workflow-harness.js";

/**
 * Bugs the random-workflow simulation (workflow-simulation.test.ts) found, each as the smallest
 * workflow that showed it, with the seed that found it.
 */
describe("found by the workflow simulation", () => {
  // Seed 20261154: a Retry node whose attempt was killed by a shutdown started new attempts, each
  // failing at once ("Stopped with strategy …"); without a limit, without end (a stack overflow).
  const retrying = (limit: string) =>
    workflow(
      "  entrypoint: main",
      `  - name: main
    steps:
    - - {name: flaky, template: flaky}
  - name: flaky
    retryStrategy: {${limit}retryPolicy: Always}
    container: {image: busybox, command: [run, flaky]}`,
    );
  it.each([{ limit: 'limit: "3", ' }, { limit: "" }])("a shutdown ends a Retry node with its running attempt ($limit)", ({ limit }) => {
    const r = simulate(retrying(limit), { flaky: { ms: 5000 } }, { commands: [{ at: 1000, command: { verb: "stop" } }] });
    expect(r.labels()).toEqual(["flaky"]);
    expect(r.phases()).toEqual({ wf: "Failed", "wf[0]": "Failed", "wf[0].flaky": "Failed", "wf[0].flaky(0)": "Failed" });
    expect(r.node("wf[0].flaky")!.message).toBe("Stopped with strategy 'Stop'");
  });
  it("the workflow's deadline ends a Retry node without a limit with its running attempt", () => {
    const r = simulate(retrying("").replace("  entrypoint: main", "  entrypoint: main\n  activeDeadlineSeconds: 1"), { flaky: { ms: 5000 } });
    expect(r.labels()).toEqual(["flaky"]);
    expect(r.node("wf[0].flaky")).toMatchObject({ phase: "Failed", message: "Step exceeded its deadline" });
  });

  // Seed 20261234: a DAG task that ends as it starts (skipped by `when`, an empty loop) ran its
  // dependents from within the DAG's start, and the start then ran them a second time.
  const roots = [
    { name: "skipped by when", a: call("A", 'when: "1 == 2"') },
    { name: "an empty loop", a: call("A", "withItems: []") },
  ];
  it.each(roots)("a DAG root that ends at once ($name) runs its dependents once", ({ a }) => {
    const r = simulate(
      workflow(
        "  entrypoint: main",
        `  - name: main
    dag:
      tasks:
      - ${a}
      - ${call("B", "depends: A")}
      - ${call("C", "depends: B")}`,
      ),
    );
    expect(r.launches.map((l) => `${l.label}@${l.at}`)).toEqual(["B@0", "C@1000"]);
    expect(r.wf.status.phase).toBe("Succeeded");
  });

  // Seed 40000204: a step that got its boundary's parallelism slot while the workflow was suspended
  // was held without its row being written, so a restart forgot the slot it held.
  it("a held step's parallelism slot survives a restart", () => {
    const r = simulate(
      workflow(
        "  entrypoint: main",
        `  - name: main
    parallelism: 1
    steps:
    - - ${call("A")}
      - ${call("B")}`,
      ),
      {},
      { persist: true, commands: [{ at: 500, command: { verb: "suspend" } }], until: 5000 },
    );
    expect(r.node("wf[0].B")!.phase).toBe("Pending");
    expect(r.sim.restart()).toEqual([]);
    send(r, { verb: "resume" });
    expect(r.launches.map((l) => `${l.label}@${l.at}`)).toEqual(["A@0", "B@5000"]);
    expect(r.wf.status.phase).toBe("Succeeded");
  });

  // Seed 30001608: when a task's dependent ended at once, that dependent's own dependents ran before
  // the task had counted down its other dependents — unless a restart had rebuilt the counts. With
  // failFast, which tasks ran then depended on whether the engine had restarted.
  it("a DAG decides the same with and without a restart in between", () => {
    const yaml = workflow(
      "  entrypoint: main",
      `  - name: main
    dag:
      tasks:
      - {name: X, template: pause}
      - ${call("Y", 'depends: X, when: "1 == 2"')}
      - ${call("Z", 'depends: "X && Y", withParam: "[not json"')}
      - ${call("W", "depends: Y")}
  - name: pause
    suspend: {duration: "10s"}`,
    );
    const plain = simulate(yaml);
    const restarted = simulate(yaml, {}, { persist: true, until: 5000 });
    expect(restarted.sim.restart()).toEqual([]);
    restarted.sim.run();
    expect(restarted.phases()).toEqual(plain.phases());
    expect(plain.phases()).toEqual({ wf: "Error", "wf.X": "Succeeded", "wf.Y": "Skipped", "wf.Z": "Error" });
    expect(plain.labels()).toEqual([]);
  });

  // Seed 40001211: counts rebuilt after a restart took a task whose exit hook still ran for ended,
  // and its dependents then never ran (the count went below zero when the hook ended).
  it("after a restart, a task's dependents still wait for its exit hook, then run", () => {
    const yaml = workflow(
      "  entrypoint: main",
      `  - name: main
    dag:
      tasks:
      - ${call("A", "hooks: {exit: {template: wait5}}")}
      - {name: pause, template: wait2}
      - ${call("B", "depends: A")}
  - name: wait5
    suspend: {duration: "5s"}
  - name: wait2
    suspend: {duration: "2s"}`,
    );
    const plain = simulate(yaml);
    // A ends at 1 s and its hook waits until 6 s; `pause` ends at 2 s, after the restart, and the
    // DAG's counts are rebuilt then, while the hook still waits.
    const restarted = simulate(yaml, {}, { persist: true, until: 1500 });
    expect(restarted.sim.restart()).toEqual([]);
    restarted.sim.run();
    expect(plain.launches.map((l) => `${l.label}@${l.at}`)).toEqual(["A@0", "B@6000"]);
    expect(restarted.launches).toEqual(plain.launches);
    expect(restarted.phases()).toEqual(plain.phases());
  });
});
