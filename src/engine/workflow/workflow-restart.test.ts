import { describe, expect, it } from "vitest";
import { call, simulate, workflow } from "../../testing/workflow-harness.js";

/**
 * Argo Workflows' documented behaviour, driven through the deterministic Simulation (fake clock, fake
 * executor): an engine killed and restarted in the middle. The harness is src/testing/workflow-harness.ts.
 */

describe("engine restart", () => {
  const withPause = (kind: "steps" | "dag") =>
    workflow(
      "  entrypoint: main",
      (kind === "steps"
        ? `  - name: main
    steps:
    - - ${call("A")}
    - - {name: pause, template: pause}
    - - ${call("C")}`
        : `  - name: main
    dag:
      tasks:
      - ${call("A")}
      - {name: pause, template: pause, depends: A}
      - ${call("C", "depends: pause")}`) +
        `
  - name: pause
    suspend: {duration: "10s"}`,
    );

  it("steps: after a crash during a suspend, finished nodes are not run again and the workflow completes", () => {
    const r = simulate(withPause("steps"), {}, { persist: true, until: 5000 });
    r.sim.restart();
    r.sim.run();
    expect(r.labels()).toEqual(["A", "C"]);
    expect(r.wf.status.phase).toBe("Succeeded");
  });

  // Once a bug: counts rebuilt after a restart already saw `pause` as finished and were decremented again.
  it("dag: after a crash during a suspend, the dependents still run and the workflow completes", () => {
    const r = simulate(withPause("dag"), {}, { persist: true, until: 5000 });
    expect(r.sim.restart()).toEqual([]);
    r.sim.run();
    expect(r.launches.map((l) => `${l.label}@${l.at}`)).toEqual(["A@0", "C@11000"]);
    expect(r.node("wf.C")!.phase).toBe("Succeeded");
    expect(r.wf.status.phase).toBe("Succeeded");
  });

  // Once a bug: the group running now was changed on the Steps node without being written, so a
  // restart re-ran the group. It is now found from the group nodes themselves.
  it("steps: a crash during a suspend loses nothing and the suspend is not restarted", () => {
    const r = simulate(withPause("steps"), {}, { persist: true, until: 5000 });
    expect(r.sim.restart()).toEqual([]);
    r.sim.run();
    expect(r.launches.map((l) => `${l.label}@${l.at}`)).toEqual(["A@0", "C@11000"]);
  });

  // The DAG counts its running tasks in memory, and again from its task nodes after a restart. Once a
  // bug: counted again, the task that just ended no longer counted while its dependents started, so
  // its Omitted dependent (B) ended the DAG before C could start.
  it("dag: a task that ends after a crash keeps its DAG running until all its dependents started", () => {
    const yaml = workflow(
      "  entrypoint: main",
      `  - name: main
    dag:
      tasks:
      - {name: pause, template: pause}
      - ${call("B", "depends: pause.Failed")}
      - ${call("C", "depends: pause")}
  - name: pause
    suspend: {duration: "10s"}`,
    );
    const r = simulate(yaml, {}, { persist: true, until: 5000 });
    expect(r.sim.restart()).toEqual([]);
    r.sim.run();
    expect(r.launches.map((l) => `${l.label}@${l.at}`)).toEqual(["C@10000"]);
    expect(r.node("wf.B")!.phase).toBe("Omitted");
    expect(r.node("wf.C")!.phase).toBe("Succeeded");
    // The DAG ended with C, its outbound nodes naming both leaves.
    expect(r.node("wf")!.finishedAt).toBe(r.node("wf.C")!.finishedAt);
    expect(r.node("wf")!.outboundNodes).toEqual([r.node("wf.B")!.id, r.node("wf.C")!.id]);
    expect(r.wf.status.phase).toBe("Succeeded");
  });

  it("a crash while a pod runs: finished steps are not run again; the lost pod's step fails", () => {
    const r = simulate(
      workflow(
        "  entrypoint: main",
        `  - name: main
    steps:
    - - ${call("A")}
    - - ${call("B")}
    - - ${call("C")}`,
      ),
      { B: { ms: 2000 } },
      { persist: true, until: 1500 },
    );
    expect(r.labels()).toEqual(["A", "B"]);
    r.sim.restart();
    r.sim.run();
    // Baton's processes die with the engine (pod.ts resumePod): the pod ends with exit 137.
    expect(r.labels()).toEqual(["A", "B"]);
    expect(r.node("wf[0].A")!.phase).toBe("Succeeded");
    expect(r.node("wf[1].B")!.phase).toBe("Failed");
    expect(r.wf.status.phase).toBe("Failed");
  });
});
