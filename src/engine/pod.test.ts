import { describe, expect, it } from "vitest";
import type { Pod } from "../model/index.js";
import { Simulation, container, job, pod, type Behaviour } from "../testing/index.js";
import { expand } from "./expansion.js";
import { EngineState, toStored } from "./state.js";

const ok: Behaviour = () => ({ durationMs: 100, exitCode: 0 });

function runPod(p: Pod, behaviour: Behaviour) {
  const sim = new Simulation(behaviour);
  sim.submit([p]);
  sim.run();
  return { sim, pod: sim.state.get(p.metadata.uid)!.object as Pod };
}

describe("pod lifecycle (the kubelet's decisions)", () => {
  it("runs init containers one at a time in order, then the containers together", () => {
    const p = pod("seq", { initContainers: [container("i1"), container("i2")], containers: [container("a"), container("b")] });
    const { sim, pod: after } = runPod(p, ok);
    expect(sim.started.map((l) => `${l.container}@${sim.now}`).length).toBe(4);
    expect(sim.started.map((l) => l.container)).toEqual(["i1", "i2", "a", "b"]);
    expect(after.status.phase).toBe("Succeeded");
    expect(after.status.conditions.find((c) => c.type === "Initialized")?.status).toBe("True");
  });

  it("runs containers as a graph under baton.dev/container-dependencies: each once those it lists exited 0", () => {
    const p = pod("graph", { containers: [container("a"), container("b"), container("main")] });
    p.metadata.annotations["baton.dev/container-dependencies"] = '{"b": ["a"], "main": ["a", "b"]}';
    const sim = new Simulation(ok);
    sim.submit([p]);
    sim.run({ until: 50 });
    const now = () => sim.state.get(p.metadata.uid)!.object as Pod;
    expect(now().status.containerStatuses.map((s) => Object.keys(s.state)[0])).toEqual(["running", "waiting", "waiting"]);
    expect(now().status.containerStatuses[2]!.state.waiting).toEqual({ reason: "WaitingForDependencies", message: "waiting for a, b to succeed" });
    sim.run();
    expect(sim.started.map((l) => l.container)).toEqual(["a", "b", "main"]);
    expect(now().status.phase).toBe("Succeeded");
  });

  it("under restartPolicy Always, a container's first success starts what depends on it; under OnFailure a failure makes them wait", () => {
    for (const restartPolicy of ["Always", "OnFailure"] as const) {
      let n = 0;
      const p = pod(`graph-${restartPolicy.toLowerCase()}`, { restartPolicy, containers: [container("a"), container("b")] });
      p.metadata.annotations["baton.dev/container-dependencies"] = '{"b": ["a"]}';
      // a fails once, then succeeds; b runs for a minute.
      const sim = new Simulation((l) => (l.container === "a" ? { durationMs: 100, exitCode: n++ === 0 ? 1 : 0 } : { durationMs: 60_000, exitCode: 0 }));
      sim.submit([p]);
      sim.run({ until: 30_000 });
      const started = sim.started.map((l) => `${l.container}#${l.attempt}`);
      expect(started.slice(0, 3)).toEqual(["a#0", "a#1", "b#0"]);
      const after = sim.state.get(p.metadata.uid)!.object as Pod;
      expect(after.status.containerStatuses[1]!.state.running).toBeDefined();
    }
  });

  it("a container whose dependency failed never runs: it ends with code 64, naming the dependency", () => {
    const p = pod("graph-fail", { containers: [container("a"), container("b"), container("c")] });
    p.metadata.annotations["baton.dev/container-dependencies"] = '{"b": ["a"], "c": ["b"]}';
    const { sim, pod: after } = runPod(p, (l) => ({ durationMs: 10, exitCode: l.container === "a" ? 2 : 0 }));
    expect(sim.started.map((l) => l.container)).toEqual(["a"]);
    expect(after.status.phase).toBe("Failed");
    expect(after.status.containerStatuses.map((s) => [s.state.terminated?.exitCode, s.state.terminated?.message])).toEqual([
      [2, undefined],
      [64, 'dependency "a" exited with non-zero code: 2'],
      [64, 'dependency "b" exited with non-zero code: 64'],
    ]);
  });

  it("baton.dev/container-retries runs a failed container again in place after its duration", () => {
    let n = 0;
    const p = pod("graph-retry", { containers: [container("a")] });
    p.metadata.annotations["baton.dev/container-retries"] = '{"retries": "3", "duration": "2s"}';
    const sim = new Simulation(() => ({ durationMs: 100, exitCode: ++n < 3 ? 1 : 0 }));
    sim.submit([p]);
    sim.run();
    const after = sim.state.get(p.metadata.uid)!.object as Pod;
    expect(after.status.phase).toBe("Succeeded");
    expect(after.status.containerStatuses[0]!.restartCount).toBe(2);
    expect(sim.now).toBe(100 + 2000 + 100 + 2000 + 100);
  });

  it("fails the pod when an init container fails under Never, and starts nothing after it", () => {
    const p = pod("broken", { initContainers: [container("i1"), container("i2")], containers: [container("a")] });
    const { sim, pod: after } = runPod(p, (l) => ({ durationMs: 10, exitCode: l.container === "i1" ? 3 : 0 }));
    expect(sim.started.map((l) => l.container)).toEqual(["i1"]);
    expect(after.status.phase).toBe("Failed");
    expect(after.status.initContainerStatuses[0]!.state.terminated?.exitCode).toBe(3);
    expect(after.status.containerStatuses[0]!.state.waiting?.reason).toBe("PodInitializing");
  });

  it("restarts a failed init container in place under OnFailure", () => {
    let n = 0;
    const p = pod("retry-init", { restartPolicy: "OnFailure", initContainers: [container("i1")] });
    const { pod: after } = runPod(p, (l) => ({ durationMs: 10, exitCode: l.container === "i1" && ++n < 3 ? 1 : 0 }));
    expect(after.status.initContainerStatuses[0]!.restartCount).toBe(2);
    expect(after.status.phase).toBe("Succeeded");
  });

  it("keeps the pod running under Never until every container ended, then fails it", () => {
    const p = pod("two", { containers: [container("fast"), container("slow")] });
    const sim = new Simulation((l) => ({ durationMs: l.container === "fast" ? 10 : 1000, exitCode: l.container === "fast" ? 1 : 0 }));
    sim.submit([p]);
    sim.run({ until: 500 });
    expect((sim.state.get(p.metadata.uid)!.object as Pod).status.phase).toBe("Running");
    sim.run();
    expect((sim.state.get(p.metadata.uid)!.object as Pod).status.phase).toBe("Failed");
  });

  it("kills the pod at its activeDeadlineSeconds with reason DeadlineExceeded", () => {
    const p = pod("slow", { activeDeadlineSeconds: 1 });
    const { pod: after, sim } = runPod(p, () => ({ durationMs: 60_000, exitCode: 0 }));
    expect(after.status.phase).toBe("Failed");
    expect(after.status.reason).toBe("DeadlineExceeded");
    expect(after.status.containerStatuses[0]!.state.terminated?.finishedAt).toBe(new Date(1000).toISOString());
    expect(sim.started).toHaveLength(1);
  });

  it("SIGKILLs a container that ignores SIGTERM after terminationGracePeriodSeconds", () => {
    const p = pod("stubborn", { activeDeadlineSeconds: 1, terminationGracePeriodSeconds: 5 });
    const { pod: after, sim } = runPod(p, () => ({ durationMs: 60_000, exitCode: 0, ignoresTerm: true }));
    expect(after.status.containerStatuses[0]!.state.terminated).toMatchObject({ exitCode: 137, finishedAt: new Date(6000).toISOString() });
    expect(sim.started).toHaveLength(1);
  });

  it("expands $(VAR) in command, args and env, with $$ as an escape, and resolves fieldRef", () => {
    const c = { ...container("main", ["echo", "$(GREETING) $(POD) $$(GREETING) $(UNDEFINED)"]),
      env: [{ name: "NAME", value: "world" }, { name: "GREETING", value: "hello $(NAME)" }, { name: "POD", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }] };
    const { sim } = runPod(pod("env", { containers: [c] }), ok);
    expect(sim.started[0]!.argv).toEqual(["echo", "hello world env $(GREETING) $(UNDEFINED)"]);
    expect(sim.started[0]!.env.GREETING).toBe("hello world");
  });

  it("expands as Kubernetes does at the edges", () => {
    const vars: Record<string, string> = { A: "1" };
    const cases: [string, string][] = [["$(A)", "1"], ["$$(A)", "$(A)"], ["$$$(A)", "$1"], ["$(A", "$(A"], ["a$", "a$"], ["$B", "$B"], ["$()", "$()"]];
    for (const [input, want] of cases) expect(expand(input, (n) => vars[n])).toBe(want);
  });
});

describe("depends-on", () => {
  const annotated = (deps: string) => ({ "baton.dev/depends-on": deps });

  it("starts a resource only after everything it depends on succeeded", () => {
    const a = job("a"), b = job("b", {}, {}, annotated("a")), c = pod("c", {}, annotated("a, b"));
    const sim = new Simulation(ok);
    sim.submit([c, b, a]);
    sim.run();
    expect(sim.started.map((l) => l.jobName ?? l.podName)).toEqual(["a", "b", "c"]);
  });

  it("never starts a dependent of a failed resource and ends it with DependencyFailed", () => {
    const a = job("a", { backoffLimit: 0 }), b = job("b", {}, {}, annotated("a")), c = job("c", {}, {}, annotated("b"));
    const sim = new Simulation(() => ({ durationMs: 10, exitCode: 1 }));
    sim.submit([a, b, c]);
    sim.run();
    expect(sim.started).toHaveLength(1);
    for (const j of [b, c]) {
      const failed = (sim.state.get(j.metadata.uid)!.object as typeof b).status.conditions.at(-1);
      expect(failed).toMatchObject({ type: "Failed", reason: "DependencyFailed" });
    }
    expect(sim.state.unfinished).toBe(0);
  });
});

describe("resuming from stored state", () => {
  it("does not run finished pods again, and fails pods whose processes were lost under Never", () => {
    const j = job("resume", { completions: 3 });
    const sim = new Simulation(() => ({ durationMs: 1000, exitCode: 0 }));
    sim.submit([j]);
    sim.run({ until: 1500 });
    const rows = [...sim.state.entries.values()].map((e) => JSON.parse(JSON.stringify(toStored(e))));
    const restarted = new Simulation(() => ({ durationMs: 1000, exitCode: 0 }));
    (restarted as unknown as { state: EngineState }).state = EngineState.fromStored(rows, { retainFinishedPods: true });
    restarted.now = 5000;
    restarted.push({ type: "Resumed", at: 5000 });
    restarted.run();
    const after = restarted.state.get(j.metadata.uid)!.object as typeof j;
    expect(after.status.succeeded).toBe(3);
    expect(after.status.failed).toBe(1);
    expect(restarted.started).toHaveLength(2);
    const lost = [...restarted.state.entries.values()].find((e) => e.kind === "Pod" && e.object.status.phase === "Failed")!.object as Pod;
    expect(lost.status.conditions.find((c) => c.type === "DisruptionTarget")).toMatchObject({ status: "True", reason: "EngineRestarted" });
  });
});
