import { describe, expect, it } from "vitest";
import { at, call, simulate, workflow } from "../../testing/workflow-harness.js";

/**
 * Argo Workflows' documented behaviour, driven through the deterministic Simulation (fake clock, fake
 * executor): retries, exit handlers and workflow limits. The harness is src/testing/workflow-harness.ts.
 */

describe("retryStrategy", () => {
  const flaky = (strategy: string) =>
    workflow(
      "  entrypoint: main",
      `  - name: main
    steps:
    - - {name: flaky, template: flaky}
  - name: flaky
    retryStrategy: ${strategy}
    container: {image: busybox, command: [run, flaky]}`,
    );

  it("limit 2 with OnFailure: 3 attempts under a Retry node, then Failed", () => {
    const r = simulate(flaky("{limit: \"2\", retryPolicy: OnFailure}"), { flaky: { exit: 1 } });
    expect(r.labels()).toEqual(["flaky", "flaky", "flaky"]);
    expect(r.node("wf[0].flaky")!.type).toBe("Retry");
    expect(r.phases()).toMatchObject({
      "wf[0].flaky": "Failed",
      "wf[0].flaky(0)": "Failed",
      "wf[0].flaky(1)": "Failed",
      "wf[0].flaky(2)": "Failed",
    });
    expect(r.node("wf[0].flaky(3)")).toBeUndefined();
    expect(r.wf.status.phase).toBe("Failed");
  });

  it("succeeds with the attempt that succeeds", () => {
    const r = simulate(flaky("{limit: \"2\", retryPolicy: OnFailure}"), { flaky: [{ exit: 1 }, { exit: 0 }] });
    expect(r.labels()).toEqual(["flaky", "flaky"]);
    expect(r.phases()).toMatchObject({ "wf[0].flaky": "Succeeded", "wf[0].flaky(0)": "Failed", "wf[0].flaky(1)": "Succeeded" });
    expect(r.wf.status.phase).toBe("Succeeded");
  });

  it("backoff: the next attempt starts only after duration × factor^n of fake time", () => {
    const r = simulate(flaky(`{limit: "2", retryPolicy: OnFailure, backoff: {duration: "10s", factor: "2"}}`), { flaky: { exit: 1 } });
    // attempt 0 at 0 s, fails at 1 s; back-off 10 s → 11 s, fails at 12 s; back-off 20 s → 32 s.
    expect(at(r, "flaky")).toEqual([0, 11_000, 32_000]);
    expect(r.wf.status.phase).toBe("Failed");
  });

  it("backoff: during the back-off the Retry node is Running and no attempt runs", () => {
    const r = simulate(flaky(`{limit: "1", retryPolicy: OnFailure, backoff: {duration: "10s"}}`), { flaky: { exit: 1 } }, { until: 5000 });
    expect(r.labels()).toEqual(["flaky"]);
    expect(r.sim.runningCount()).toBe(0);
    expect(r.node("wf[0].flaky")!.phase).toBe("Running");
    expect(r.wf.status.phase).toBe("Running");
    r.sim.run();
    expect(at(r, "flaky")).toEqual([0, 11_000]);
  });
});

describe("exit handlers", () => {
  it("workflow onExit runs after a failure and sees workflow.status", () => {
    const r = simulate(
      workflow(
        "  entrypoint: main\n  onExit: cleanup",
        `  - name: main
    steps:
    - - ${call("A")}
  - name: cleanup
    steps:
    - - ${call("exit", "", "exit-{{workflow.status}}")}`,
      ),
      { A: { exit: 1 } },
    );
    expect(r.labels()).toEqual(["A", "exit-Failed"]);
    expect(r.launches[1]!.at).toBe(1000);
    expect(r.node("wf.onExit")!.phase).toBe("Succeeded");
    expect(r.wf.status.phase).toBe("Failed");
  });

  it("a step's hooks.exit runs after the step, before the next group", () => {
    const r = simulate(
      workflow(
        "  entrypoint: main",
        `  - name: main
    steps:
    - - ${call("A", `hooks: {exit: {template: run, arguments: {parameters: [{name: n, value: A-exit}]}}}`)}
    - - ${call("B")}`,
      ),
      { A: { exit: 1 } },
    );
    // A fails: its hook still runs, and the failure stops the workflow.
    expect(r.labels()).toEqual(["A", "A-exit"]);
    expect(r.node("wf[0].A.onExit")!.phase).toBe("Succeeded");
    expect(r.node("wf[0].A")!.phase).toBe("Failed");
    expect(r.wf.status.phase).toBe("Failed");

    const ok = simulate(
      workflow(
        "  entrypoint: main",
        `  - name: main
    steps:
    - - ${call("A", `hooks: {exit: {template: run, arguments: {parameters: [{name: n, value: A-exit}]}}}`)}
    - - ${call("B")}`,
      ),
    );
    expect(ok.launches.map((l) => `${l.label}@${l.at}`)).toEqual(["A@0", "A-exit@1000", "B@2000"]);
    expect(ok.wf.status.phase).toBe("Succeeded");
  });
});

describe("workflow-level limits", () => {
  it("parallelism 1 runs pods one at a time", () => {
    const r = simulate(
      workflow(
        "  entrypoint: main\n  parallelism: 1",
        `  - name: main
    dag:
      tasks:
      - ${call("A")}
      - ${call("B")}
      - ${call("C")}`,
      ),
    );
    expect(r.maxRunning).toBe(1);
    expect(r.launches.map((l) => l.at)).toEqual([0, 1000, 2000]);
    expect(r.labels().sort()).toEqual(["A", "B", "C"]);
    expect(r.wf.status.phase).toBe("Succeeded");
  });

  it("activeDeadlineSeconds kills the running pod and fails the workflow", () => {
    const r = simulate(
      workflow(
        "  entrypoint: main\n  activeDeadlineSeconds: 5",
        `  - name: main
    steps:
    - - ${call("A")}
    - - ${call("slow")}
    - - ${call("never")}`,
      ),
      { slow: { ms: 60_000 } },
    );
    expect(r.labels()).toEqual(["A", "slow"]);
    expect(r.sim.runningCount()).toBe(0);
    expect(r.node("wf[0].A")!.phase).toBe("Succeeded");
    expect(r.node("wf[1].slow")!.phase).toBe("Failed");
    expect(r.node("wf[2]")).toBeUndefined();
    expect(r.wf.status.phase).toBe("Failed");
    expect(Date.parse(r.wf.status.finishedAt!)).toBe(5000);
  });
});
