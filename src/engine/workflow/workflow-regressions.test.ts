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

  // Seed 100036: after a `retry`, a steps node reset by it waited for its boundary's slot when the
  // deadline came; it failed, but the group under it, reset too and never started again, stayed
  // Pending in a finished workflow. Argo fails every pending node.
  it("a deadline after a retry fails the reset nodes under a node still waiting for its slot", () => {
    const r = simulate(
      workflow(
        "  entrypoint: main\n  activeDeadlineSeconds: 10",
        `  - name: main
    parallelism: 1
    steps:
    - - ${call("slow")}
      - {name: inner, template: inner}
  - name: inner
    steps:
    - - ${call("f")}`,
      ),
      { slow: [{ exit: 1 }, { ms: 60_000 }], f: { exit: 1 } },
    );
    expect(r.wf.status.phase).toBe("Failed");
    send(r, { verb: "retry" }, { at: 5000 });
    expect(r.labels()).toEqual(["slow", "f", "slow"]);
    expect(r.phases()).toMatchObject({ wf: "Failed", "wf[0].inner": "Failed", "wf[0].inner[0]": "Failed" });
    expect(r.node("wf[0].inner[0]")!.message).toBe("Step exceeded its deadline");
    expect(r.nodes().filter((n) => n.finishedAt === undefined)).toEqual([]);
  });

  // Seed 122651: a task that ended gave its parallelism slot to a waiting sibling before its DAG
  // heard of it; the sibling ended at once, and counts rebuilt after a restart then missed the first
  // task, so the DAG ended before that task's dependent (Omitted) was made.
  it("a DAG hears of a task before the task's slot goes to a sibling that ends at once", () => {
    const yaml = workflow(
      "  entrypoint: main",
      `  - name: main
    parallelism: 1
    dag:
      tasks:
      - {name: A, template: pause}
      - ${call("B", 'depends: "A.Failed"')}
      - {name: C, template: nothing}
  - name: pause
    suspend: {duration: "2s"}
  - name: nothing
    dag:
      tasks:
      - ${call("none", 'withSequence: {count: "0"}')}`,
    );
    const plain = simulate(yaml);
    const restarted = simulate(yaml, {}, { persist: true, until: 500 });
    expect(restarted.sim.restart()).toEqual([]);
    restarted.sim.run();
    expect(plain.phases()).toEqual({ wf: "Succeeded", "wf.A": "Succeeded", "wf.B": "Omitted", "wf.C": "Succeeded", "wf.C.none": "Succeeded" });
    expect(restarted.phases()).toEqual(plain.phases());
    expect(restarted.node("wf")!.outboundNodes).toEqual(plain.node("wf")!.outboundNodes);
    expect(plain.node("wf")!.outboundNodes).toEqual([plain.node("wf.B")!.id, plain.node("wf.C.none")!.id]);
  });

  // Seed 780273: whether a task whose `depends` failed was marked Omitted depended on the order in
  // which its DAG heard of its tasks (failFast stopped it when another task had failed first).
  it("a task whose depends is false is Omitted even after failFast saw a failure; nothing new starts", () => {
    const r = simulate(
      workflow(
        "  entrypoint: main",
        `  - name: main
    dag:
      tasks:
      - ${call("A")}
      - ${call("B")}
      - ${call("C", 'depends: "B.Failed"')}
      - ${call("D", "depends: B")}`,
      ),
      { A: { exit: 1 }, B: { ms: 3000 } },
    );
    expect(r.labels()).toEqual(["A", "B"]);
    expect(r.phases()).toEqual({ wf: "Failed", "wf.A": "Failed", "wf.B": "Succeeded", "wf.C": "Omitted" });
  });
});
