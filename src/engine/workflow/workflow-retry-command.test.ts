import { describe, expect, it } from "vitest";
import { at, call, send, simulate, workflow, type Run } from "../../testing/workflow-harness.js";

/**
 * Argo's `retry` (workflow/util/util.go FormulateRetryWorkflow): the failed nodes of a finished
 * workflow run again, with what is downstream of them; what succeeded is kept with its outputs;
 * `--node-field-selector` with `--restart-successful` re-runs a chosen node too. Deterministic
 * Simulation; scripts give each label's behaviour launch by launch.
 */

const runs = (r: Run) => r.launches.map((l) => `${l.label}@${l.at}`);

describe("retry a failed workflow", () => {
  const steps = workflow(
    "  entrypoint: main",
    `  - name: main
    steps:
    - - {name: A, template: say}
    - - ${call("B", "", "B-{{steps.A.outputs.result}}")}
      - ${call("B2")}
    - - ${call("C")}
  - name: say
    container: {image: busybox, command: [run, A]}`,
  );

  it("steps: the failed step runs again with the kept outputs, and the steps after it run", () => {
    const r = simulate(steps, { A: { stdout: "hello" }, "B-hello": [{ exit: 1 }, { exit: 0 }] });
    expect(r.wf.status.phase).toBe("Failed");
    send(r, { verb: "retry" }, { at: 9000 });
    expect(runs(r)).toEqual(["A@0", "B-hello@1000", "B2@1000", "B-hello@9000", "C@10000"]);
    expect(r.wf.status).toMatchObject({ phase: "Succeeded", startedAt: new Date(9000).toISOString() });
    expect(r.wf.status.message).toBeUndefined();
    expect(r.node("wf[0].A")!.outputs?.result).toBe("hello");
    expect(r.node("wf[0].A")!.finishedAt).toBe(new Date(1000).toISOString());
    expect(r.node("wf[1].B2")!.finishedAt).toBe(new Date(2000).toISOString());
  });

  const diamond = workflow(
    "  entrypoint: main",
    `  - name: main
    dag:
      tasks:
      - ${call("A")}
      - ${call("B", "depends: A")}
      - ${call("C", "depends: A")}
      - ${call("D", "depends: B && C")}`,
  );

  it("dag: the failed task runs again and then what depends on it; the others are kept", () => {
    const r = simulate(diamond, { C: [{ exit: 1 }, { exit: 0 }] });
    expect(r.phases()).toMatchObject({ "wf.C": "Failed", wf: "Failed" });
    // D never ran: its dependency C failed, so it is Omitted (Argo marks it before it assesses the DAG).
    expect(r.node("wf.D")).toMatchObject({ phase: "Omitted", message: "omitted: depends condition not met" });
    send(r, { verb: "retry" }, { at: 9000 });
    expect(runs(r)).toEqual(["A@0", "B@1000", "C@1000", "C@9000", "D@10000"]);
    expect(r.phases()).toMatchObject({ "wf.A": "Succeeded", "wf.B": "Succeeded", "wf.C": "Succeeded", "wf.D": "Succeeded", wf: "Succeeded" });
  });

  it("a Retry node runs again whole: its attempts start from the first, within its limit", () => {
    const r = simulate(
      workflow(
        "  entrypoint: main",
        `  - name: main
    steps:
    - - {name: flaky, template: flaky}
  - name: flaky
    retryStrategy: {limit: "1", retryPolicy: OnFailure}
    container: {image: busybox, command: [run, flaky]}`,
      ),
      { flaky: [{ exit: 1 }, { exit: 1 }, { exit: 1 }, { exit: 0 }] },
    );
    send(r, { verb: "retry" }, { at: 9000 });
    expect(at(r, "flaky")).toEqual([0, 1000, 9000, 10_000]);
    expect(r.phases()).toMatchObject({ "wf[0].flaky": "Succeeded", "wf[0].flaky(0)": "Failed", "wf[0].flaky(1)": "Succeeded" });
    expect(r.node("wf[0].flaky(2)")).toBeUndefined();
  });

  it("a loop runs again only its failed iterations; the aggregate keeps the items' order", () => {
    const r = simulate(
      workflow(
        "  entrypoint: main",
        `  - name: main
    steps:
    - - {name: each, template: echo, arguments: {parameters: [{name: n, value: "{{item}}"}]}, withItems: [a, b, c]}
    - - ${call("sum", "", "sum-{{steps.each.outputs.result}}")}
  - name: echo
    inputs: {parameters: [{name: n}]}
    container: {image: busybox, command: [run, "{{inputs.parameters.n}}"]}`,
      ),
      { a: { stdout: "1" }, b: [{ exit: 1 }, { stdout: "2" }], c: { stdout: "3" } },
    );
    send(r, { verb: "retry" }, { at: 9000 });
    expect(runs(r)).toEqual(["a@0", "b@0", "c@0", "b@9000", 'sum-["1","2","3"]@10000']);
    expect(r.wf.status.phase).toBe("Succeeded");
  });

  it("the exit handler runs again; when only it had failed, only it runs again", () => {
    const yaml = workflow(
      "  entrypoint: main\n  onExit: cleanup",
      `  - name: main
    steps:
    - - ${call("A")}
  - name: cleanup
    steps:
    - - ${call("exit", "", "exit-{{workflow.status}}")}`,
    );
    const r = simulate(yaml, { "exit-Succeeded": [{ exit: 1 }, { exit: 0 }] });
    expect(r.wf.status).toMatchObject({ phase: "Failed" });
    send(r, { verb: "retry" }, { at: 9000 });
    expect(runs(r)).toEqual(["A@0", "exit-Succeeded@1000", "exit-Succeeded@9000"]);
    expect(r.wf.status.phase).toBe("Succeeded");
  });

  it("a stopped workflow runs again what the stop ended, and the deadline counts from the retry", () => {
    const yaml = workflow(
      "  entrypoint: main\n  activeDeadlineSeconds: 5",
      `  - name: main
    steps:
    - - ${call("A")}
    - - ${call("slow")}
    - - ${call("C")}`,
    );
    const r = simulate(yaml, { slow: [{ ms: 60_000 }, { ms: 1000 }] });
    expect(r.wf.status.phase).toBe("Failed");
    // The killed pod's own exit was due at 61 s: the simulation's clock is there by now.
    send(r, { verb: "retry" }, { at: 70_000 });
    expect(runs(r)).toEqual(["A@0", "slow@1000", "slow@70000", "C@71000"]);
    expect(r.wf.status.phase).toBe("Succeeded");
  });
});

describe("retry a chosen node (--restart-successful --node-field-selector)", () => {
  const chain = workflow(
    "  entrypoint: main",
    `  - name: main
    dag:
      tasks:
      - ${call("A")}
      - ${call("B", "depends: A")}
      - ${call("C", "depends: A")}
      - ${call("D", "depends: B")}`,
  );

  const cases = [
    { node: "B", again: ["B@9000", "D@10000"] },
    { node: "displayName=A", again: ["A@9000", "B@10000", "C@10000", "D@11000"] },
    { node: "name=wf.D", again: ["D@9000"] },
  ];
  it.each(cases)("node $node: it and what depends on it run again, on a Succeeded workflow", ({ node, again }) => {
    const r = simulate(chain);
    expect(r.wf.status.phase).toBe("Succeeded");
    send(r, { verb: "retry", node }, { at: 9000 });
    expect(runs(r)).toEqual(["A@0", "B@1000", "C@1000", "D@2000", ...again]);
    expect(r.wf.status.phase).toBe("Succeeded");
  });

  it("a node in a nested steps template: the nested template carries on, and the steps after its caller run again", () => {
    const r = simulate(
      workflow(
        "  entrypoint: main",
        `  - name: main
    steps:
    - - {name: inner, template: inner}
    - - ${call("after")}
  - name: inner
    steps:
    - - ${call("X")}
    - - ${call("Y")}`,
      ),
    );
    send(r, { verb: "retry", node: "Y" }, { at: 9000 });
    expect(runs(r)).toEqual(["X@0", "Y@1000", "after@2000", "Y@9000", "after@10000"]);
  });
});

describe("retry does not apply", () => {
  const cases = [
    { name: "to a running workflow", at: 500, command: { verb: "retry" as const } },
    { name: "to a Succeeded workflow without a node", at: 9000, command: { verb: "retry" as const } },
    { name: "to a Succeeded workflow when the node selects nothing", at: 9000, command: { verb: "retry" as const, node: "nothing" } },
  ];
  it.each(cases)("$name", ({ at: when, command }) => {
    const r = simulate(workflow("  entrypoint: main", `  - name: main\n    steps:\n    - - ${call("A")}`), {}, { commands: [{ at: when, command }] });
    expect(runs(r)).toEqual(["A@0"]);
    expect(r.wf.status.phase).toBe("Succeeded");
  });
});

describe("retry and engine restarts", () => {
  const yaml = workflow(
    "  entrypoint: main",
    `  - name: main
    dag:
      tasks:
      - ${call("A")}
      - {name: each, template: run, arguments: {parameters: [{name: n, value: "{{item}}"}]}, withItems: [x, y], depends: A}
      - {name: pause, template: pause, depends: each}
      - ${call("D", "depends: pause")}
  - name: pause
    suspend: {duration: "10s"}`,
  );
  const script = { y: [{ exit: 1 }, { exit: 0 }] };

  /** Node name → phase, as the store holds them (what a restarted engine loads). */
  const stored = (r: Run) =>
    Object.fromEntries(r.sim.storedRows().filter((row) => row.kind === "WorkflowNode").map((row) => (row.body as { object: { status: { name: string; phase: string } } }).object.status).map((s) => [s.name, s.phase]));

  it("the store holds what memory holds, and a restart during the retried run carries on", () => {
    const plain = simulate(yaml, script);
    send(plain, { verb: "retry" }, { at: 20_000 });

    const r = simulate(yaml, script, { persist: true });
    send(r, { verb: "retry" }, { at: 20_000, until: 25_000 }); // y ran again (20–21 s); `pause` waits until 31 s
    expect(r.sim.restart()).toEqual([]);
    expect(Object.keys(stored(r)).sort()).toEqual(r.nodes().map((n) => n.name).sort());
    r.sim.run();
    expect(runs(r)).toEqual(runs(plain));
    expect(runs(r)).toEqual(["A@0", "x@1000", "y@1000", "y@20000", "D@31000"]);
    expect(r.phases()).toEqual(plain.phases());
    expect(stored(r)).toEqual(plain.phases());
  });
});
