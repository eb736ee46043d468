import { describe, expect, it } from "vitest";
import { at, call, send, simulate, workflow, type Run } from "../../testing/workflow-harness.js";
import type { WorkflowEntry } from "../state.js";
import { isWorkflowSuspended } from "./suspend.js";

/**
 * Argo's `suspend`, `resume`, `stop` and `terminate` (workflow/util/util.go; the operator holds
 * everything while spec.suspend is set, and a shutdown overrides it), driven through the
 * deterministic Simulation. Every pod runs 1 s unless its script says otherwise.
 */

const suspended = (r: Run) => isWorkflowSuspended(r.sim.state, r.sim.state.get("uid-wf") as WorkflowEntry);

const threeSteps = (spec = "  entrypoint: main") =>
  workflow(
    spec,
    `  - name: main
    steps:
    - - ${call("A")}
    - - ${call("B")}
    - - ${call("C")}`,
  );

describe("suspend and resume (spec.suspend)", () => {
  it("running pods go on, nothing new starts, and resume moves on at once", () => {
    const r = simulate(threeSteps(), { A: { ms: 2000 } }, { commands: [{ at: 500, command: { verb: "suspend" } }], until: 10_000 });
    expect(r.labels()).toEqual(["A"]);
    expect(r.node("wf[0].A")!.phase).toBe("Succeeded");
    // B's node exists and waits, Pending, as Argo shows a step the suspended operator has not run.
    expect(r.node("wf[1].B")!.phase).toBe("Pending");
    expect(r.wf.status.phase).toBe("Running");
    expect(r.wf.spec.suspend).toBe(true);
    expect(suspended(r)).toBe(true);
    send(r, { verb: "resume" });
    expect(r.launches.map((l) => `${l.label}@${l.at}`)).toEqual(["A@0", "B@10000", "C@11000"]);
    expect(r.wf.spec.suspend).toBeUndefined();
    expect(r.wf.status.phase).toBe("Succeeded");
  });

  it("spec.suspend at submission holds the first pod until resume", () => {
    const r = simulate(threeSteps("  entrypoint: main\n  suspend: true"), {}, { until: 5000 });
    expect(r.labels()).toEqual([]);
    expect(r.wf.status.phase).toBe("Running");
    expect(suspended(r)).toBe(true);
    send(r, { verb: "resume" });
    expect(at(r, "A")).toEqual([5000]);
    expect(r.wf.status.phase).toBe("Succeeded");
  });

  it("held pods start within the workflow's parallelism, in the order they were created", () => {
    const r = simulate(
      workflow(
        "  entrypoint: main\n  parallelism: 2",
        `  - name: main
    dag:
      tasks:
      - ${call("A")}
      - ${call("B")}
      - ${call("C")}
      - ${call("D")}`,
      ),
      {},
      { commands: [{ at: 0, command: { verb: "suspend" } }], until: 3000 },
    );
    // Submitted and suspended at the same instant: the submission ran first, so A and B run.
    expect(r.labels()).toEqual(["A", "B"]);
    send(r, { verb: "resume" });
    expect(r.launches.map((l) => `${l.label}@${l.at}`)).toEqual(["A@0", "B@0", "C@3000", "D@3000"]);
    expect(r.maxRunning).toBe(2);
  });

  it("suspend and resume change nothing on a finished workflow", () => {
    const r = simulate(threeSteps(), {}, { commands: [{ at: 9000, command: { verb: "suspend" } }] });
    expect(r.wf.spec.suspend).toBeUndefined();
    expect(r.wf.status.phase).toBe("Succeeded");
  });
});

describe("suspend templates", () => {
  const approval = (duration = "") =>
    workflow(
      "  entrypoint: main",
      `  - name: main
    steps:
    - - ${call("A")}
    - - {name: approve, template: approve}
      - {name: check, template: check}
    - - ${call("C")}
  - name: approve
    suspend: {${duration}}
  - name: check
    suspend: {}`,
    );

  it("without a duration, the node waits Running, saying how to move on; resume ends it Succeeded", () => {
    const r = simulate(approval(), {}, { until: 60_000 });
    expect(r.node("wf[1].approve")!).toMatchObject({ type: "Suspend", phase: "Running", message: "waiting for `baton resume wf`" });
    expect(r.wf.status.phase).toBe("Running");
    expect(suspended(r)).toBe(true);
    expect(r.sim.pending).toBe(0); // nothing left that could move it: `baton run` ends here, idle
    send(r, { verb: "resume" });
    expect(r.node("wf[1].approve")!.phase).toBe("Succeeded");
    expect(r.node("wf[1].approve")!.message).toBeUndefined();
    expect(at(r, "C")).toEqual([60_000]);
    expect(r.wf.status.phase).toBe("Succeeded");
    expect(suspended(r)).toBe(false);
  });

  const selectors = [
    { selector: "approve", resumed: ["approve"] },
    { selector: "displayName=check", resumed: ["check"] },
    { selector: "name=wf[1].approve", resumed: ["approve"] },
    { selector: "templateName=check", resumed: ["check"] },
    { selector: "displayName!=check", resumed: ["approve"] },
    { selector: "displayName=nothing", resumed: [] },
  ];
  it.each(selectors)("resume with node $selector ends only the suspend nodes it selects", ({ selector, resumed }) => {
    const r = simulate(approval(), {}, { until: 5000 });
    send(r, { verb: "resume", node: selector }, { until: 10_000 });
    for (const name of ["approve", "check"]) expect(r.node(`wf[1].${name}`)!.phase).toBe(resumed.includes(name) ? "Succeeded" : "Running");
    expect(r.labels()).toEqual(["A"]);
  });

  it("resume ends a suspend with a duration early, as Argo does", () => {
    const r = simulate(approval(`duration: "1h"`), {}, { until: 5000 });
    expect(r.node("wf[1].approve")!.message).toBe("suspended for 1h");
    send(r, { verb: "resume" });
    expect(at(r, "C")).toEqual([5000]);
    expect(r.wf.status.phase).toBe("Succeeded");
  });
});

describe("stop and terminate", () => {
  const withExit = workflow(
    "  entrypoint: main\n  onExit: cleanup",
    `  - name: main
    steps:
    - - ${call("A")}
      - ${call("A2", "hooks: {exit: {template: run, arguments: {parameters: [{name: n, value: A2-hook}]}}}")}
    - - ${call("B")}
  - name: cleanup
    steps:
    - - ${call("exit", "", "exit-{{workflow.status}}")}`,
  );

  const cases = [
    { verb: "stop" as const, message: "Stopped with strategy 'Stop'", launched: ["A", "A2", "A2-hook", "exit-Failed"] },
    { verb: "terminate" as const, message: "Stopped with strategy 'Terminate'", launched: ["A", "A2"] },
  ];
  it.each(cases)("$verb kills running pods, starts nothing new, and fails the workflow with Argo's message", ({ verb, message, launched }) => {
    const r = simulate(withExit, { A: { ms: 5000 }, A2: { ms: 5000 } }, { commands: [{ at: 500, command: { verb } }] });
    expect(r.labels()).toEqual(launched);
    expect(r.sim.runningCount()).toBe(0);
    expect(r.node("wf[0].A")).toMatchObject({ phase: "Failed", message });
    expect(r.node("wf[1]")).toBeUndefined();
    expect(r.wf.status).toMatchObject({ phase: "Failed", message });
    // The exit handler runs with the Stop strategy only; a step's exit hook is an exit handler too.
    expect(r.node("wf.onExit")?.phase).toBe(verb === "stop" ? "Succeeded" : undefined);
  });

  it("stop with a message keeps Argo's words first", () => {
    const r = simulate(threeSteps(), { A: { ms: 5000 } }, { commands: [{ at: 500, command: { verb: "stop", message: "bad deploy" } }] });
    expect(r.wf.status.message).toBe("Stopped with strategy 'Stop': bad deploy");
  });

  it("stop fails a waiting suspend node, and the exit handler still runs", () => {
    const r = simulate(
      workflow(
        "  entrypoint: main\n  onExit: cleanup",
        `  - name: main
    steps:
    - - {name: approve, template: approve}
  - name: approve
    suspend: {}
  - name: cleanup
    steps:
    - - ${call("exit")}`,
      ),
      {},
      { commands: [{ at: 2000, command: { verb: "stop" } }] },
    );
    expect(r.node("wf[0].approve")).toMatchObject({ phase: "Failed", message: "Stopped with strategy 'Stop'" });
    expect(at(r, "exit")).toEqual([2000]);
    expect(r.wf.status.phase).toBe("Failed");
  });

  it("stop overrides spec.suspend: held exit hooks start, held steps fail, the exit handler runs", () => {
    const r = simulate(withExit, {}, { commands: [{ at: 500, command: { verb: "suspend" } }, { at: 3000, command: { verb: "stop" } }] });
    // A2's hook was held from 1000 (suspended); the stop starts it, and B, after it, fails.
    expect(r.launches.map((l) => `${l.label}@${l.at}`)).toEqual(["A@0", "A2@0", "A2-hook@3000", "exit-Failed@4000"]);
    expect(r.node("wf[1].B")).toMatchObject({ phase: "Failed", message: "Stopped with strategy 'Stop'" });
    expect(r.wf.status.phase).toBe("Failed");
  });

  it("stop and terminate change nothing on a finished workflow", () => {
    const r = simulate(threeSteps(), {}, { commands: [{ at: 9000, command: { verb: "terminate" } }] });
    expect(r.wf.status.phase).toBe("Succeeded");
    expect(r.wf.status.message).toBeUndefined();
  });
});
