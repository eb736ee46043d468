import { describe, expect, it } from "vitest";
import type { ContainerLaunch, NodeStatus, Workflow } from "../../model/index.js";
import { checkSubmission } from "../../plan/index.js";
import { loadManifests, type Diagnostic } from "../../spec/index.js";
import { Simulation } from "../../testing/index.js";

/**
 * Argo Workflows' documented behaviour, driven through the deterministic Simulation: a fake
 * clock and a fake executor. Every container runs `[run, <label>]`; a test's `script` says how
 * the container with that label behaves (how long, exit code, stdout). A list of behaviours is
 * used one per launch of that label (the last one repeats), for retries.
 */

interface Act {
  ms?: number;
  exit?: number;
  stdout?: string;
}
type Script = Record<string, Act | Act[]>;

interface Launch {
  label: string;
  at: number;
  end: number;
}

/** The generic leaf template: `run` with input `n`, the label its container is known by. */
const RUN = `
  - name: run
    inputs: {parameters: [{name: n}]}
    container: {image: busybox, command: [run, "{{inputs.parameters.n}}"]}`;

/** A step or task invoking `run` with label `n`, plus extra flow-mapping fields. */
const call = (name: string, extra = "", n = name) => `{name: ${name}, template: run, arguments: {parameters: [{name: n, value: "${n}"}]}${extra ? `, ${extra}` : ""}}`;

function workflow(spec: string, templates: string): string {
  return `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: wf-
spec:
${spec}
  templates:${RUN}
${templates}`;
}

function load(yaml: string): Workflow {
  const { resources, diagnostics } = loadManifests(yaml, "wf.yaml", { requireCommand: true });
  const errors = (ds: Diagnostic[]) => ds.filter((d) => d.severity === "error").map((d) => `${d.path}: ${d.message}`);
  expect(errors(diagnostics)).toEqual([]);
  expect(errors(checkSubmission(resources))).toEqual([]);
  const wf = resources[0]!.resource as Workflow;
  wf.metadata.name = "wf";
  wf.metadata.uid = "uid-wf";
  return wf;
}

interface Run {
  sim: Simulation;
  wf: Workflow;
  launches: Launch[];
  /** Most containers running at once. */
  maxRunning: number;
  node: (name: string) => NodeStatus | undefined;
  nodes: () => NodeStatus[];
  /** name → phase of every node. */
  phases: () => Record<string, string>;
  labels: () => string[];
}

function simulate(yaml: string, script: Script = {}, options: { persist?: boolean; until?: number } = {}): Run {
  const wf = load(yaml);
  const launches: Launch[] = [];
  const seen = new Map<string, number>();
  let maxRunning = 0;
  const behaviour = (l: ContainerLaunch, now: number) => {
    const label = l.argv[1] ?? "?";
    const i = seen.get(label) ?? 0;
    seen.set(label, i + 1);
    const acts = script[label];
    const act: Act = Array.isArray(acts) ? (acts[Math.min(i, acts.length - 1)] ?? {}) : (acts ?? {});
    const ms = act.ms ?? 1000;
    launches.push({ label, at: now, end: now + ms });
    return { durationMs: ms, exitCode: act.exit ?? 0, ...(act.stdout !== undefined ? { outputs: { stdout: act.stdout } } : {}) };
  };
  const sim = new Simulation(behaviour, (_e, _a, s) => (maxRunning = Math.max(maxRunning, s.runningCount())), { persist: options.persist ?? false });
  sim.submit([wf], 0);
  sim.run(options.until !== undefined ? { until: options.until } : {});
  const nodes = () =>
    [...sim.state.entries.values()].filter((e) => e.kind === "WorkflowNode").map((e) => e.object.status as NodeStatus);
  return {
    sim,
    get wf() {
      return sim.state.get("uid-wf")!.object as Workflow;
    },
    launches,
    get maxRunning() {
      return maxRunning;
    },
    node: (name) => nodes().find((n) => n.name === name),
    nodes,
    phases: () => Object.fromEntries(nodes().map((n) => [n.name, n.phase])),
    labels: () => launches.map((l) => l.label),
  };
}

const at = (r: Run, label: string) => r.launches.filter((l) => l.label === label).map((l) => l.at);

describe("steps", () => {
  it("runs the outer list in order and each inner list in parallel", () => {
    const r = simulate(
      workflow(
        "  entrypoint: main",
        `  - name: main
    steps:
    - - ${call("A")}
    - - ${call("B1")}
      - ${call("B2")}
    - - ${call("C")}`,
      ),
      { B1: { ms: 3000 } },
    );
    expect(r.launches.map((l) => `${l.label}@${l.at}`)).toEqual(["A@0", "B1@1000", "B2@1000", "C@4000"]);
    expect(r.wf.status.phase).toBe("Succeeded");
    expect(r.phases()).toEqual({
      wf: "Succeeded",
      "wf[0]": "Succeeded",
      "wf[0].A": "Succeeded",
      "wf[1]": "Succeeded",
      "wf[1].B1": "Succeeded",
      "wf[1].B2": "Succeeded",
      "wf[2]": "Succeeded",
      "wf[2].C": "Succeeded",
    });
    expect(r.node("wf")!.type).toBe("Steps");
    expect(r.node("wf[1]")!.type).toBe("StepGroup");
    expect(r.node("wf[1].B1")!.type).toBe("Pod");
  });

  const failing = [
    {
      name: "a failing step fails its group, later groups never start, and the workflow Fails",
      extra: "",
      expectNodes: { "wf[0].A": "Failed", "wf[0].A2": "Succeeded", "wf[0]": "Failed", wf: "Failed" },
      launched: ["A", "A2"],
      phase: "Failed",
    },
    {
      name: "continueOn.failed lets the next group run and the workflow Succeeds",
      extra: "continueOn: {failed: true}",
      expectNodes: { "wf[0].A": "Failed", "wf[0].A2": "Succeeded", "wf[0]": "Succeeded", "wf[1].B": "Succeeded", wf: "Succeeded" },
      launched: ["A", "A2", "B"],
      phase: "Succeeded",
    },
  ];
  it.each(failing)("$name", ({ extra, expectNodes, launched, phase }) => {
    const r = simulate(
      workflow(
        "  entrypoint: main",
        `  - name: main
    steps:
    - - ${call("A", extra)}
      - ${call("A2")}
    - - ${call("B")}`,
      ),
      { A: { exit: 1 }, A2: { ms: 2000 } },
    );
    expect(r.labels()).toEqual(launched);
    expect(r.phases()).toMatchObject(expectNodes);
    expect(r.node("wf[0].A")!.message).toBe("Error (exit code 1)");
    expect(r.wf.status.phase).toBe(phase);
    if (phase === "Failed") {
      expect(r.node("wf[1]")).toBeUndefined();
      // Argo: the step group fails with "child '<id of the failed step>' failed", and so does the workflow.
      expect(r.node("wf[0]")!.message).toBe(`child '${r.node("wf[0].A")!.id}' failed`);
      expect(r.wf.status.message).toBe(`child '${r.node("wf[0].A")!.id}' failed`);
    }
  });

  it("when on a previous step's outputs.result runs one branch and skips the other", () => {
    const r = simulate(
      workflow(
        "  entrypoint: main",
        `  - name: main
    steps:
    - - ${call("flip")}
    - - ${call("heads", `when: "{{steps.flip.outputs.result}} == heads"`)}
      - ${call("tails", `when: "{{steps.flip.outputs.result}} == tails"`)}`,
      ),
      { flip: { stdout: "heads\n" } },
    );
    expect(r.labels()).toEqual(["flip", "heads"]);
    expect(r.node("wf[0].flip")!.outputs?.result).toBe("heads");
    expect(r.node("wf[1].heads")!.phase).toBe("Succeeded");
    expect(r.node("wf[1].tails")!.phase).toBe("Skipped");
    expect(r.node("wf[1].tails")!.message).toBe("when 'heads == tails' evaluated false");
    expect(r.wf.status.phase).toBe("Succeeded");
  });
});

describe("dag", () => {
  it("runs a diamond: A, then B and C together, then D", () => {
    const r = simulate(
      workflow(
        "  entrypoint: main",
        `  - name: main
    dag:
      tasks:
      - ${call("A")}
      - ${call("B", "depends: A")}
      - ${call("C", "depends: A")}
      - ${call("D", `depends: "B && C"`)}`,
      ),
      { C: { ms: 2500 } },
    );
    expect(r.launches.map((l) => `${l.label}@${l.at}`)).toEqual(["A@0", "B@1000", "C@1000", "D@3500"]);
    expect(r.phases()).toEqual({ wf: "Succeeded", "wf.A": "Succeeded", "wf.B": "Succeeded", "wf.C": "Succeeded", "wf.D": "Succeeded" });
    expect(r.node("wf")!.type).toBe("DAG");
    expect(r.wf.status.phase).toBe("Succeeded");
  });

  it("enhanced depends: A.Failed runs, A.Succeeded is Omitted", () => {
    const r = simulate(
      workflow(
        "  entrypoint: main",
        `  - name: main
    dag:
      tasks:
      - ${call("A")}
      - ${call("onFail", `depends: "A.Failed"`)}
      - ${call("onSuccess", `depends: "A.Succeeded"`)}`,
      ),
      { A: { exit: 1 } },
    );
    expect(r.labels()).toEqual(["A", "onFail"]);
    expect(r.node("wf.A")!.phase).toBe("Failed");
    expect(r.node("wf.onFail")!.phase).toBe("Succeeded");
    expect(r.node("wf.onSuccess")!.phase).toBe("Omitted");
    expect(r.node("wf.onSuccess")!.message).toBe("omitted: depends condition not met");
    // Argo's assessDAGPhase: an omitted target inherits its branch's phase (A Failed), so the DAG fails.
    expect(r.wf.status.phase).toBe("Failed");
  });
});

describe("loops", () => {
  it("withItems under template parallelism 2 never runs more than 2 at once", () => {
    const r = simulate(
      workflow(
        "  entrypoint: main",
        `  - name: main
    parallelism: 2
    steps:
    - - {name: each, template: run, arguments: {parameters: [{name: n, value: "{{item}}"}]}, withItems: [a, b, c, d, e]}`,
      ),
      { a: { ms: 1000 }, b: { ms: 3000 }, c: { ms: 1000 }, d: { ms: 1000 }, e: { ms: 1000 } },
    );
    expect(r.labels()).toEqual(["a", "b", "c", "d", "e"]);
    expect(r.maxRunning).toBe(2);
    expect(r.launches.map((l) => `${l.label}@${l.at}`)).toEqual(["a@0", "b@0", "c@1000", "d@2000", "e@3000"]);
    expect(Object.keys(r.phases()).filter((n) => n.startsWith("wf[0].each")).sort()).toEqual([
      "wf[0].each(0:a)",
      "wf[0].each(1:b)",
      "wf[0].each(2:c)",
      "wf[0].each(3:d)",
      "wf[0].each(4:e)",
    ]);
    expect(r.wf.status.phase).toBe("Succeeded");
  });

  it("withSequence count runs count iterations, numbered from 0", () => {
    const r = simulate(
      workflow(
        "  entrypoint: main",
        `  - name: main
    steps:
    - - {name: seq, template: run, arguments: {parameters: [{name: n, value: "n{{item}}"}]}, withSequence: {count: "3"}}`,
      ),
    );
    expect(r.labels().sort()).toEqual(["n0", "n1", "n2"]);
    expect(r.node("wf[0].seq(2:2)")!.phase).toBe("Succeeded");
    expect(r.wf.status.phase).toBe("Succeeded");
  });

  it("withParam fans out over a JSON list from a previous step's output", () => {
    const r = simulate(
      workflow(
        "  entrypoint: main",
        `  - name: main
    steps:
    - - ${call("gen")}
    - - {name: each, template: run, arguments: {parameters: [{name: n, value: "p-{{item}}"}]}, withParam: "{{steps.gen.outputs.result}}"}`,
      ),
      { gen: { stdout: '["x", "y"]\n' } },
    );
    expect(r.labels()).toEqual(["gen", "p-x", "p-y"]);
    expect(r.node("wf[1].each(0:x)")!.phase).toBe("Succeeded");
    expect(r.node("wf[1].each(1:y)")!.phase).toBe("Succeeded");
    expect(r.wf.status.phase).toBe("Succeeded");
  });
});

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

  // Once a bug: the Steps node's `group` was changed without being written, so a restart re-ran the group.
  it("steps: a crash during a suspend loses nothing and the suspend is not restarted", () => {
    const r = simulate(withPause("steps"), {}, { persist: true, until: 5000 });
    expect(r.sim.restart()).toEqual([]);
    r.sim.run();
    expect(r.launches.map((l) => `${l.label}@${l.at}`)).toEqual(["A@0", "C@11000"]);
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
