import { describe, expect, it } from "vitest";
import { Simulation } from "../../testing/simulation.js";
import { call, load, simulate, workflow, type Run, type Script } from "../../testing/workflow-harness.js";

/**
 * Argo's ttlStrategy (docs: "Workflow TTL Strategy") and podGC ("Pod GC"), with the fake clock.
 * Every case runs twice: straight through, and with the engine restarted from the store after the
 * workflow's pods ended and before anything is deleted: the timers survive it.
 */

/** Rows of one kind the store holds now. */
const stored = (r: Run, kind: string) => r.sim.storedRows().filter((row) => row.kind === kind);

/** Runs to `until`, restarting the engine from the store at `restartAt` (if set) on the way. */
function runTo(r: Run, until: number, restartAt?: number): void {
  if (restartAt !== undefined && r.sim.now < restartAt && restartAt <= until) {
    r.sim.run({ until: restartAt });
    expect(r.sim.restart(), "nothing changed without being written").toEqual([]);
  }
  r.sim.run({ until });
}

const RESTARTS = [{ restart: "no restart" }, { restart: "a restart in between", restartAt: 3500 }];

describe("ttlStrategy: the finished workflow is deleted with its nodes and pods", () => {
  // A passes after 1 s; B after 2 s exits with `exit` (its step continues on failure when `continueOn`).
  const wf = (ttl: string, exit: number, continueOn = false) =>
    simulate(
      workflow(`  entrypoint: main\n  ttlStrategy: ${ttl}`, `  - name: main\n    steps:\n    - - ${call("A")}\n      - ${call("B", continueOn ? "continueOn: {failed: true}" : "")}`),
      { A: { ms: 1000 }, B: { ms: 2000, exit } },
      { persist: true, until: 0 },
    );

  const cases = [
    { ttl: "{secondsAfterCompletion: 10}", exit: 0, phase: "Succeeded", deletedAt: 12_000, field: "secondsAfterCompletion" },
    { ttl: "{secondsAfterCompletion: 10}", exit: 1, phase: "Failed", deletedAt: 12_000, field: "secondsAfterCompletion" },
    { ttl: "{secondsAfterSuccess: 10}", exit: 0, phase: "Succeeded", deletedAt: 12_000, field: "secondsAfterSuccess" },
    { ttl: "{secondsAfterSuccess: 10}", exit: 1, phase: "Failed", deletedAt: undefined },
    { ttl: "{secondsAfterFailure: 10}", exit: 1, phase: "Failed", deletedAt: 12_000, field: "secondsAfterFailure" },
    { ttl: "{secondsAfterFailure: 10}", exit: 0, phase: "Succeeded", deletedAt: undefined },
    { ttl: "{secondsAfterSuccess: 5, secondsAfterFailure: 60, secondsAfterCompletion: 600}", exit: 0, phase: "Succeeded", deletedAt: 7000, field: "secondsAfterSuccess" },
    { ttl: "{secondsAfterSuccess: 5, secondsAfterFailure: 60, secondsAfterCompletion: 600}", exit: 1, phase: "Failed", deletedAt: 62_000, field: "secondsAfterFailure" },
    { ttl: "{secondsAfterSuccess: 5, secondsAfterCompletion: 600}", exit: 1, phase: "Failed", deletedAt: 602_000, field: "secondsAfterCompletion" },
  ];

  for (const { restart, restartAt } of RESTARTS) {
    it.each(cases)(`${restart}: $ttl, a workflow that ends $phase, is deleted at $deletedAt`, ({ ttl, exit, phase, deletedAt, field }) => {
      const r = wf(ttl, exit);
      runTo(r, 2000, restartAt);
      expect(r.wf.status.phase).toBe(phase);
      const keptUntil = deletedAt ?? 3_600_000;
      runTo(r, keptUntil - 1, restartAt);
      expect(stored(r, "Workflow")).toHaveLength(1);
      expect(stored(r, "WorkflowNode").length).toBeGreaterThan(0);
      expect(stored(r, "Pod")).toHaveLength(2);
      r.sim.run({ until: keptUntil });
      if (deletedAt === undefined) return expect(stored(r, "Workflow")).toHaveLength(1);
      expect(r.sim.state.get("uid-wf")).toBeUndefined();
      expect(r.sim.storedRows()).toEqual([]);
      expect(field).toBeDefined();
    });
  }

  it("an Error workflow takes secondsAfterCompletion, not secondsAfterFailure (Argo's Failed() is phase Failed only)", () => {
    const r = simulate(
      workflow(
        "  entrypoint: main\n  ttlStrategy: {secondsAfterFailure: 5, secondsAfterCompletion: 50}",
        `  - name: main\n    outputs: {parameters: [{name: o, valueFrom: {path: /nowhere}}]}\n    container: {image: busybox, command: [run, main]}`,
      ),
      {},
      { persist: true, until: 5000 },
    );
    expect(r.wf.status.phase).toBe("Error");
    r.sim.run({ until: 50_999 });
    expect(stored(r, "Workflow")).toHaveLength(1);
    r.sim.run({ until: 51_000 });
    expect(stored(r, "Workflow")).toHaveLength(0);
  });

  it("announces the deletion with an event on the workflow, as a Job's TTL does", () => {
    const events: string[] = [];
    const sim = new Simulation(
      () => ({ durationMs: 1000, exitCode: 0 }),
      (_e, actions) => {
        for (const a of actions) if (a.type === "Emit" && a.event.involvedObject.kind === "Workflow") events.push(`${a.event.reason}: ${a.event.message}`);
      },
    );
    sim.submit([load(workflow("  entrypoint: main\n  ttlStrategy: {secondsAfterSuccess: 10}", `  - name: main\n    steps:\n    - - ${call("A")}`))], 0);
    sim.run();
    expect(events.slice(-2)).toEqual(["WorkflowSucceeded: Workflow succeeded", "Deleted: Workflow deleted 10 s after it finished (ttlStrategy.secondsAfterSuccess)"]);
  });

  it("a retried workflow is not deleted by the TTL of its first end", () => {
    const r = wf("{secondsAfterFailure: 10}", 1);
    r.sim.run({ until: 5000 });
    r.sim.push({ type: "WorkflowCommand", uid: "uid-wf", command: { verb: "retry" }, at: 5000 });
    r.sim.run({ until: 5001 });
    expect(r.wf.status.phase).toBe("Running");
    r.sim.run({ until: 12_500 });
    // Retried at 5 s, B failed again at 7 s: deleted 10 s after that, not 10 s after the first end.
    expect(stored(r, "Workflow")).toHaveLength(1);
    r.sim.run({ until: 17_000 });
    expect(stored(r, "Workflow")).toHaveLength(0);
  });
});

describe("podGC: pods are deleted, nodes stay", () => {
  /** A passes after 1 s (template `run`); L passes after 1 s (template `labelled`, tier=batch); B fails after 2 s, continuing on failure unless `fail`. */
  const wf = (podGC: string, fail = false) =>
    simulate(
      workflow(
        `  entrypoint: main\n  podGC: ${podGC}`,
        `  - name: main
    steps:
    - - ${call("A")}
      - {name: L, template: labelled}
      - ${call("B", fail ? "" : "continueOn: {failed: true}")}
  - name: labelled
    metadata: {labels: {tier: batch}}
    container: {image: busybox, command: [run, L]}`,
      ),
      { A: { ms: 1000 }, L: { ms: 1000 }, B: { ms: 2000, exit: 1 } } satisfies Script,
      { persist: true, until: 0 },
    );

  /** Node name → the time its pod row must be gone (absent: it stays). */
  const cases: { podGC: string; fail?: boolean; gone: Record<string, number> }[] = [
    { podGC: "{strategy: OnPodCompletion, deleteDelayDuration: 30s}", gone: { A: 31_000, L: 31_000, B: 32_000 } },
    { podGC: "{strategy: OnPodSuccess, deleteDelayDuration: 30s}", gone: { A: 31_000, L: 31_000 } },
    { podGC: "{strategy: OnPodSuccess}", gone: { A: 6000, L: 6000 } },
    { podGC: "{strategy: OnPodCompletion, deleteDelayDuration: '0'}", gone: { A: 1000, L: 1000, B: 2000 } },
    { podGC: "{strategy: OnWorkflowCompletion, deleteDelayDuration: 1m}", gone: { A: 62_000, L: 62_000, B: 62_000 } },
    { podGC: "{strategy: OnWorkflowCompletion}", fail: true, gone: { A: 7000, L: 7000, B: 7000 } },
    { podGC: "{strategy: OnWorkflowSuccess, deleteDelayDuration: 1m}", gone: { A: 62_000, L: 62_000, B: 62_000 } },
    { podGC: "{strategy: OnWorkflowSuccess, deleteDelayDuration: 1m}", fail: true, gone: {} },
    { podGC: "{strategy: OnPodCompletion, deleteDelayDuration: 30s, labelSelector: {matchLabels: {tier: batch}}}", gone: { L: 31_000 } },
    { podGC: "{strategy: OnWorkflowCompletion, labelSelector: {matchExpressions: [{key: tier, operator: DoesNotExist}]}}", gone: { A: 7000, B: 7000 } },
    { podGC: "{labelSelector: {matchLabels: {tier: batch}}}", gone: {} },
  ];

  for (const { restart, restartAt } of RESTARTS) {
    it.each(cases)(`${restart}: $podGC, the workflow failing: $fail`, ({ podGC, fail, gone }) => {
      const r = wf(podGC, fail);
      const podOf = (node: string) => r.node(`wf[0].${node}`)!.podName!;
      const nodes = stored(r, "WorkflowNode").length;
      const times = [...new Set([...Object.values(gone), 120_000])].sort((a, b) => a - b);
      for (const t of times) {
        runTo(r, t - 1, restartAt);
        const present = new Set(stored(r, "Pod").map((row) => row.name));
        for (const [node, at] of Object.entries(gone)) expect(present.has(podOf(node)), `${node} at ${t - 1}`).toBe(at > t - 1);
        r.sim.run({ until: t });
      }
      const left = new Set(stored(r, "Pod").map((row) => row.name));
      expect(["A", "L", "B"].filter((n) => left.has(podOf(n)))).toEqual(["A", "L", "B"].filter((n) => gone[n] === undefined));
      // The workflow and every node stay; only pods go.
      expect(stored(r, "Workflow")).toHaveLength(1);
      expect(stored(r, "WorkflowNode")).toHaveLength(nodes);
      expect(r.wf.status.phase).toBe(fail ? "Failed" : "Succeeded");
    });
  }
});
