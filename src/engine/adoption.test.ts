import { describe, expect, it } from "vitest";
import type { Action, EngineEvent, Job, Pod } from "../model/index.js";
import { Simulation, container, job, pod, type Behaviour } from "../testing/index.js";
import { call, simulate, workflow } from "../testing/workflow-harness.js";

/**
 * An engine restarted while its containers ran on (`baton server`'s spawners survive it): the
 * executor takes them over and the `Resumed` event names them. Driven through the Simulation with
 * `crash({ survive: true })`; `loseProcess` is a spawner killed meanwhile, `killProcess` a process
 * killed by hand while the engine was down.
 */

const second: Behaviour = () => ({ durationMs: 1000, exitCode: 0 });

function recorded(behaviour: Behaviour = second) {
  const events: { event: EngineEvent; actions: Action[] }[] = [];
  const sim = new Simulation(behaviour, (event, actions) => events.push({ event, actions }), { persist: true });
  return { sim, events };
}

const jobOf = (sim: Simulation, j: Job) => sim.state.get(j.metadata.uid)!.object as Job;
const podsOf = (sim: Simulation) => [...sim.state.entries.values()].filter((e) => e.kind === "Pod").map((e) => e.object as Pod);
const disrupted = (p: Pod) => p.status.conditions.some((c) => c.type === "DisruptionTarget");

describe("resuming with containers the executor took over", () => {
  it("an adopted pod goes on: nothing is started again, no pod is disrupted, and each exit counts once", () => {
    const j = job("adopt", { completions: 2, parallelism: 2 });
    const { sim, events } = recorded();
    sim.submit([j]);
    sim.run({ until: 500 });
    sim.crash({ survive: true });
    sim.resume(700);
    const resumed = events.find((e) => e.event.type === "Resumed")!.event as Extract<EngineEvent, { type: "Resumed" }>;
    expect(resumed.adopted?.map((k) => k.container)).toEqual(["main", "main"]);
    sim.run();
    expect(sim.started).toHaveLength(2);
    expect(jobOf(sim, j).status).toMatchObject({ succeeded: 2, failed: 0 });
    for (const p of podsOf(sim)) {
      expect(disrupted(p)).toBe(false);
      // It ran from its first start: the time it was started before the restart is kept.
      expect(p.status.containerStatuses[0]!.state.terminated).toMatchObject({ exitCode: 0, startedAt: new Date(0).toISOString() });
    }

    // An exit reported again (a spawner repeats recent exits to a new executor) changes nothing.
    const first = sim.started[0]!;
    sim.push({ type: "ContainerExited", podUid: first.podUid, container: "main", attempt: 0, exitCode: 0, reason: "Completed", at: 5000 });
    sim.run();
    expect(jobOf(sim, j).status).toMatchObject({ succeeded: 2, failed: 0 });
  });

  it("a pod whose process is gone fails as before (DisruptionTarget) and is replaced; the other goes on", () => {
    const j = job("mix", { completions: 2, parallelism: 2 });
    const { sim } = recorded();
    sim.submit([j]);
    sim.run({ until: 500 });
    const [lost, kept] = sim.started;
    sim.crash({ survive: true });
    sim.loseProcess(lost!.podUid, "main");
    sim.resume(700);
    sim.run();
    expect(jobOf(sim, j).status).toMatchObject({ succeeded: 2, failed: 1 });
    expect(sim.started.map((l) => l.podName)).toEqual([lost!.podName, kept!.podName, expect.any(String)]);
    const byName = new Map(podsOf(sim).map((p) => [p.metadata.name, p]));
    expect(disrupted(byName.get(lost!.podName)!)).toBe(true);
    expect(byName.get(lost!.podName)!.status.containerStatuses[0]!.state.terminated).toMatchObject({ exitCode: 137, message: "the process was lost when the engine stopped" });
    expect(disrupted(byName.get(kept!.podName)!)).toBe(false);
    expect(byName.get(kept!.podName)!.status.phase).toBe("Succeeded");
  });

  it("a process killed while the engine was down is a failed attempt with its real exit, not a disruption", () => {
    const j = job("killed", { completions: 1 });
    const { sim } = recorded();
    sim.submit([j]);
    sim.run({ until: 500 });
    sim.crash({ survive: true });
    sim.killProcess(sim.started[0]!.podUid, "main");
    sim.resume(700);
    sim.run();
    expect(jobOf(sim, j).status).toMatchObject({ succeeded: 1, failed: 1 });
    const killed = podsOf(sim).find((p) => p.status.phase === "Failed")!;
    expect(disrupted(killed)).toBe(false);
    expect(killed.status.containerStatuses[0]!.state.terminated).toMatchObject({ exitCode: 137, reason: "Error" });
  });

  it("exits of containers that ended while the engine was down follow Resumed, and the Job goes on from them", () => {
    const j = job("meanwhile", { completions: 3, parallelism: 2 });
    const { sim, events } = recorded();
    sim.submit([j]);
    sim.run({ until: 500 });
    sim.crash({ survive: true });
    sim.resume(5000); // both pods ended at 1000, while the engine was down
    sim.run();
    const order = events.map((e) => e.event.type).filter((t) => t !== "TimerFired");
    expect(order.slice(order.indexOf("Resumed"), order.indexOf("Resumed") + 3)).toEqual(["Resumed", "ContainerExited", "ContainerExited"]);
    // The third pod, started on the first of those exits, is not taken for one lost in the restart.
    expect(jobOf(sim, j).status).toMatchObject({ succeeded: 3, failed: 0 });
    expect(sim.started).toHaveLength(3);
    expect(podsOf(sim).some(disrupted)).toBe(false);
  });

  it("one pod, two containers: the adopted one runs on, the lost one is handled as killed", () => {
    const p = pod("two", { containers: [container("a"), container("b")] });
    const { sim } = recorded();
    sim.submit([p]);
    sim.run({ until: 500 });
    sim.crash({ survive: true });
    sim.loseProcess(p.metadata.uid, "b");
    sim.resume(700);
    expect(sim.isRunning(p.metadata.uid, "a")).toBe(true);
    sim.run();
    const after = sim.state.get(p.metadata.uid)!.object as Pod;
    expect(after.status.phase).toBe("Failed");
    expect(disrupted(after)).toBe(true);
    expect(after.status.containerStatuses.map((s) => [s.name, s.state.terminated?.exitCode])).toEqual([["a", 0], ["b", 137]]);
  });

  it("a pod that was being killed is asked again: the grace period's timer died with the old executor", () => {
    const p = pod("deadline", { activeDeadlineSeconds: 1 });
    const { sim, events } = recorded(() => ({ durationMs: 60_000, exitCode: 0, ignoresTerm: true }));
    sim.submit([p]);
    sim.run({ until: 2000 });
    sim.crash({ survive: true });
    sim.resume(2500);
    const resumed = events.find((e) => e.event.type === "Resumed")!;
    expect(resumed.actions.filter((a) => a.type === "KillPod")).toEqual([{ type: "KillPod", podUid: p.metadata.uid, gracePeriodSeconds: 30 }]);
    sim.run();
    const after = sim.state.get(p.metadata.uid)!.object as Pod;
    expect(after.status).toMatchObject({ phase: "Failed", reason: "DeadlineExceeded" });
    expect(disrupted(after)).toBe(false);
  });

  it("the processes of a pod deleted just before the restart, still stopping, are ended: nothing owns them", () => {
    const j = job("deleted", {}, { terminationGracePeriodSeconds: 30 });
    const { sim, events } = recorded(() => ({ durationMs: 60_000, exitCode: 0, ignoresTerm: true }));
    sim.submit([j]);
    sim.run({ until: 500 });
    const podUid = sim.started[0]!.podUid;
    sim.push({ type: "Deleted", uid: j.metadata.uid, at: 600 });
    sim.run({ until: 1000 });
    sim.crash({ survive: true });
    sim.resume(1500);
    const resumed = events.find((e) => e.event.type === "Resumed")!;
    expect(resumed.actions.filter((a) => a.type === "KillPod")).toEqual([{ type: "KillPod", podUid, gracePeriodSeconds: 0 }]);
    sim.run();
    const exits = events.map((e) => e.event).filter((e) => e.type === "ContainerExited" && e.podUid === podUid);
    expect(exits[0]).toMatchObject({ exitCode: 137, signal: "SIGKILL", at: 1500 });
  });

  it("without survivors (baton run, or every spawner lost) a restart is what it was", () => {
    const j = job("gone", { completions: 2, parallelism: 2 });
    const { sim, events } = recorded();
    sim.submit([j]);
    sim.run({ until: 500 });
    sim.crash();
    sim.resume(700);
    expect(events.find((e) => e.event.type === "Resumed")!.event).toEqual({ type: "Resumed", at: 700 });
    sim.run();
    expect(jobOf(sim, j).status).toMatchObject({ succeeded: 2, failed: 2 });
    expect(podsOf(sim).filter(disrupted)).toHaveLength(2);
  });
});

describe("workflows resumed with containers the executor took over", () => {
  const steps = workflow(
    "  entrypoint: main",
    `  - name: main
    steps:
    - - ${call("A")}
      - {name: B, template: retried, arguments: {parameters: [{name: n, value: B}]}}
    - - ${call("C", "", "{{steps.A.outputs.result}}")}
  - name: retried
    retryStrategy: {limit: 2}
    inputs: {parameters: [{name: n}]}
    container: {image: busybox, command: [run, "{{inputs.parameters.n}}"]}`,
  );

  it("an adopted step goes on and its captured output is used; a step killed meanwhile is retried", () => {
    const r = simulate(steps, { A: { ms: 2000, stdout: "from-A\n" }, B: { ms: 2000 } }, { persist: true, until: 1000 });
    r.sim.crash({ survive: true });
    const b = r.sim.started.find((l) => l.argv[1] === "B")!;
    r.sim.killProcess(b.podUid, b.container);
    r.sim.resume(1500);
    r.sim.run();
    expect(r.labels()).toEqual(["A", "B", "B", "from-A"]);
    expect(r.wf.status.phase).toBe("Succeeded");
    const bNodes = r.nodes().filter((n) => n.type === "Pod" && n.displayName.startsWith("B"));
    expect(bNodes.map((n) => n.phase)).toEqual(["Failed", "Succeeded"]);
    expect(r.node("wf[0].A")).toMatchObject({ phase: "Succeeded", outputs: { result: "from-A" } });
  });
});
