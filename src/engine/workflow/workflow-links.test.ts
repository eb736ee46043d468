import { describe, expect, it } from "vitest";
import type { NodeStatus } from "../../model/index.js";
import { call, send, simulate, workflow, type Run, type Script } from "../../testing/workflow-harness.js";

/**
 * Argo's `children` and `outboundNodes` (operator.go getOutboundNodes, steps.go, dag.go,
 * exit_handler.go). Each expected list is written by hand from Argo's rules for the same workflow;
 * nodes are named here by their node names (Argo stores their ids).
 */
interface Links {
  children?: string[];
  outbound?: string[];
}

/** Node name → its children and outbound nodes, by name; nodes without either are left out. */
function links(r: Run): Record<string, Links> {
  const nodes = r.nodes();
  const name = new Map(nodes.map((n) => [n.id, n.name]));
  const out: Record<string, Links> = {};
  for (const n of nodes) {
    const l: Links = {};
    if (n.children) l.children = n.children.map((id) => name.get(id) ?? `?${id}`);
    if (n.outboundNodes) l.outbound = n.outboundNodes.map((id) => name.get(id) ?? `?${id}`);
    if (l.children || l.outbound) out[n.name] = l;
  }
  return out;
}

const run = (templates: string, script: Script = {}, spec = "") => simulate(workflow(`  entrypoint: main${spec}`, templates), script, { persist: true });

describe("steps", () => {
  it("the Steps node's child is its first group; a group's children are its steps; each step's child is the next group", () => {
    const r = run(`  - name: main
    steps:
    - - ${call("A")}
      - ${call("B")}
    - - ${call("C")}`);
    expect(links(r)).toEqual({
      wf: { children: ["wf[0]"], outbound: ["wf[1].C"] },
      "wf[0]": { children: ["wf[0].A", "wf[0].B"] },
      "wf[0].A": { children: ["wf[1]"] },
      "wf[0].B": { children: ["wf[1]"] },
      "wf[1]": { children: ["wf[1].C"] },
    });
  });

  it("loop iterations are the group's children; a skipped step is a child and leads on", () => {
    const r = run(`  - name: main
    steps:
    - - ${call("A", "withItems: [x, y]")}
    - - ${call("S", "when: 'a == b'")}
    - - ${call("C")}`);
    expect(links(r)).toEqual({
      wf: { children: ["wf[0]"], outbound: ["wf[2].C"] },
      "wf[0]": { children: ["wf[0].A(0:x)", "wf[0].A(1:y)"] },
      "wf[0].A(0:x)": { children: ["wf[1]"] },
      "wf[0].A(1:y)": { children: ["wf[1]"] },
      "wf[1]": { children: ["wf[1].S"] },
      "wf[1].S": { children: ["wf[2]"] },
      "wf[2]": { children: ["wf[2].C"] },
    });
  });

  it("a nested Steps node is left through its outbound nodes: the next group hangs under those", () => {
    const r = run(`  - name: main
    steps:
    - - {name: sub, template: sub}
    - - ${call("C")}
  - name: sub
    steps:
    - - ${call("X")}
      - ${call("Y")}`);
    expect(links(r)).toEqual({
      wf: { children: ["wf[0]"], outbound: ["wf[1].C"] },
      "wf[0]": { children: ["wf[0].sub"] },
      "wf[0].sub": { children: ["wf[0].sub[0]"], outbound: ["wf[0].sub[0].X", "wf[0].sub[0].Y"] },
      "wf[0].sub[0]": { children: ["wf[0].sub[0].X", "wf[0].sub[0].Y"] },
      "wf[0].sub[0].X": { children: ["wf[1]"] },
      "wf[0].sub[0].Y": { children: ["wf[1]"] },
      "wf[1]": { children: ["wf[1].C"] },
    });
  });

  it("a Retry node's children are its attempts; the next group hangs under the last attempt", () => {
    const r = run(
      `  - name: main
    steps:
    - - {name: A, template: flaky}
    - - ${call("C")}
  - name: flaky
    retryStrategy: {limit: 3}
    container: {image: busybox, command: [run, A]}`,
      { A: [{ exit: 1 }, { exit: 1 }, { exit: 0 }] },
    );
    expect(links(r)).toEqual({
      wf: { children: ["wf[0]"], outbound: ["wf[1].C"] },
      "wf[0]": { children: ["wf[0].A"] },
      "wf[0].A": { children: ["wf[0].A(0)", "wf[0].A(1)", "wf[0].A(2)"] },
      "wf[0].A(2)": { children: ["wf[1]"] },
      "wf[1]": { children: ["wf[1].C"] },
    });
  });

  it("an exit hook is a child of the node it follows (a Retry node's last child then: the next group hangs under it)", () => {
    const r = run(
      `  - name: main
    steps:
    - - ${call("A", "hooks: {exit: {template: bye}}")}
      - {name: R, template: flaky, hooks: {exit: {template: bye}}}
    - - ${call("C")}
  - name: flaky
    retryStrategy: {limit: 1}
    container: {image: busybox, command: [run, R]}
  - name: bye
    container: {image: busybox, command: [run, bye]}`,
      { R: [{ exit: 1 }, { exit: 0 }] },
    );
    expect(links(r)).toEqual({
      wf: { children: ["wf[0]"], outbound: ["wf[1].C"] },
      "wf[0]": { children: ["wf[0].A", "wf[0].R"] },
      "wf[0].A": { children: ["wf[0].A.onExit", "wf[1]"] },
      "wf[0].R": { children: ["wf[0].R(0)", "wf[0].R(1)", "wf[0].R.onExit"] },
      "wf[0].R.onExit": { children: ["wf[1]"] },
      "wf[1]": { children: ["wf[1].C"] },
    });
  });

  it("the workflow's onExit node is nobody's child", () => {
    const r = run(`  - name: main
    steps:
    - - ${call("A")}
  - name: bye
    container: {image: busybox, command: [run, bye]}`, {}, "\n  onExit: bye");
    expect(links(r)).toEqual({ wf: { children: ["wf[0]"], outbound: ["wf[0].A"] }, "wf[0]": { children: ["wf[0].A"] } });
    expect(r.node("wf.onExit")?.phase).toBe("Succeeded");
  });
});

describe("dag", () => {
  it("the DAG's children are its roots; a task's children are the tasks that depend on it; outbound: the leaves", () => {
    const r = run(`  - name: main
    dag:
      tasks:
      - ${call("A")}
      - ${call("B", "dependencies: [A]")}
      - ${call("C", "dependencies: [A]")}
      - ${call("D", "depends: B && C")}
      - ${call("E")}`);
    expect(links(r)).toEqual({
      wf: { children: ["wf.A", "wf.E"], outbound: ["wf.D", "wf.E"] },
      "wf.A": { children: ["wf.B", "wf.C"] },
      "wf.B": { children: ["wf.D"] },
      "wf.C": { children: ["wf.D"] },
    });
  });

  it("through a nested Steps node's outbound nodes; a looped task is a TaskGroup whose children are its iterations", () => {
    const r = run(`  - name: main
    dag:
      tasks:
      - {name: A, template: sub}
      - ${call("B", "depends: A, withItems: [1, 2]")}
      - ${call("C", "depends: B")}
  - name: sub
    steps:
    - - ${call("X")}
    - - ${call("Y")}`);
    expect(links(r)).toEqual({
      wf: { children: ["wf.A"], outbound: ["wf.C"] },
      "wf.A": { children: ["wf.A[0]"], outbound: ["wf.A[1].Y"] },
      "wf.A[0]": { children: ["wf.A[0].X"] },
      "wf.A[0].X": { children: ["wf.A[1]"] },
      "wf.A[1]": { children: ["wf.A[1].Y"] },
      "wf.A[1].Y": { children: ["wf.B"] },
      "wf.B": { children: ["wf.B(0:1)", "wf.B(1:2)"] },
      "wf.B(0:1)": { children: ["wf.C"] },
      "wf.B(1:2)": { children: ["wf.C"] },
    });
  });

  it("an omitted task is a child of what it depends on, and an outbound node of the DAG", () => {
    const r = run(
      `  - name: main
    dag:
      tasks:
      - ${call("A")}
      - ${call("B", "depends: A.Failed")}
      - ${call("C", "depends: A.Succeeded")}`,
      { A: { exit: 1 } },
    );
    expect(r.node("wf.C")?.phase).toBe("Omitted");
    expect(links(r)).toEqual({
      wf: { children: ["wf.A"], outbound: ["wf.B", "wf.C"] },
      "wf.A": { children: ["wf.B", "wf.C"] },
    });
  });

  it("target: outbound nodes are those of the target tasks", () => {
    const r = run(`  - name: main
    dag:
      target: B
      tasks:
      - ${call("A")}
      - ${call("B", "depends: A")}
      - ${call("C", "depends: A")}`);
    expect(links(r)).toEqual({ wf: { children: ["wf.A"], outbound: ["wf.B"] }, "wf.A": { children: ["wf.B"] } });
  });

  it("a DAG as a step: the next group hangs under the DAG's outbound nodes", () => {
    const r = run(`  - name: main
    steps:
    - - {name: d, template: d}
    - - ${call("Z")}
  - name: d
    dag:
      tasks:
      - ${call("P")}
      - ${call("Q")}`);
    expect(links(r)).toMatchObject({
      "wf[0].d": { children: ["wf[0].d.P", "wf[0].d.Q"], outbound: ["wf[0].d.P", "wf[0].d.Q"] },
      "wf[0].d.P": { children: ["wf[1]"] },
      "wf[0].d.Q": { children: ["wf[1]"] },
    });
  });
});

describe("kept in the node rows", () => {
  const failing = () =>
    run(
      `  - name: main
    steps:
    - - ${call("A")}
    - - ${call("B")}
    - - ${call("C")}`,
      { B: [{ exit: 1 }, { exit: 0 }] },
    );

  it("the stored rows carry them (what the API and `-o json` return)", () => {
    const r = failing();
    const stored = r.sim.storedRows().filter((row) => row.kind === "WorkflowNode");
    const root = stored.map((row) => (row.body as { object: { status: NodeStatus } }).object.status).find((s) => s.name === "wf")!;
    expect(root.children).toEqual([r.node("wf[0]")!.id]);
  });

  it("`retry` drops what it deletes and links what it makes again: the lists of a run that passed at once", () => {
    const r = failing();
    expect(r.wf.status.phase).toBe("Failed");
    expect(links(r)["wf[1].B"]).toBeUndefined();
    send(r, { verb: "retry" });
    expect(r.wf.status.phase).toBe("Succeeded");
    const passed = run(`  - name: main
    steps:
    - - ${call("A")}
    - - ${call("B")}
    - - ${call("C")}`);
    expect(links(r)).toEqual(links(passed));
  });

  it("a restart from the store changes none of them", () => {
    const yaml = workflow(
      "  entrypoint: main",
      `  - name: main
    dag:
      tasks:
      - {name: A, template: sub}
      - ${call("B", "depends: A")}
  - name: sub
    steps:
    - - ${call("X", "withItems: [1, 2]")}
    - - {name: P, template: pause}
    - - ${call("Y")}
  - name: pause
    suspend: {duration: 5s}`,
    );
    const plain = simulate(yaml, {}, { persist: true });
    // During the suspend: no pod runs, so none is lost.
    const restarted = simulate(yaml, {}, { persist: true, until: 3000 });
    expect(restarted.sim.restart()).toEqual([]);
    restarted.sim.run();
    expect(links(restarted)).toEqual(links(plain));
  });
});
