import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { BatonClient } from "../src/client/index.js";
import type { Job, Workflow } from "../src/model/index.js";

// End to end with the built CLI: `baton server` as a real process, killed with SIGKILL while a Job
// and a workflow run, then started again on the same $BATON_HOME.
const baton = resolve(import.meta.dirname, "../bin/baton.js");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const lines = (file: string) => (existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : []);
const servers: ChildProcess[] = [];
// SIGTERM: a server that stops ends its spawners too (after a SIGKILL they would wait for the next one).
afterEach(() => servers.splice(0).forEach((s) => s.kill("SIGTERM")));

async function startServer(home: string): Promise<{ process: ChildProcess; client: BatonClient; stderr: () => string }> {
  const child = spawn(process.execPath, [baton, "server", "--port", "0"], { env: { ...process.env, BATON_HOME: home }, stdio: ["ignore", "ignore", "pipe"] });
  servers.push(child);
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  for (let i = 0; i < 200 && !/listening on (\S+)/.test(stderr); i++) await sleep(50);
  const url = /listening on (\S+)/.exec(stderr)?.[1];
  if (!url) throw new Error(`the server did not start: ${stderr}`);
  const token = readFileSync(join(home, "token"), "utf8").trim();
  return { process: child, client: new BatonClient({ url, token }), stderr: () => stderr };
}

function stored(home: string): { succeededPods: string[]; events: string[]; succeededNodes: string[] } {
  const db = new Database(join(home, "baton.db"), { readonly: true });
  try {
    const rows = db.prepare("select kind, body from objects where run = 'server'").all() as { kind: string; body: string }[];
    const bodies = rows.map((r) => ({ kind: r.kind, body: JSON.parse(r.body) as { object: { metadata: { name: string }; status: { phase: string; displayName?: string; type?: string } } } }));
    return {
      succeededPods: bodies.filter((b) => b.kind === "Pod" && b.body.object.status.phase === "Succeeded").map((b) => b.body.object.metadata.name),
      succeededNodes: bodies.filter((b) => b.kind === "WorkflowNode" && b.body.object.status.type === "Pod" && b.body.object.status.phase === "Succeeded").map((b) => b.body.object.status.displayName!),
      events: (db.prepare("select id, json from events order by id").all() as { id: number; json: string }[]).map((r) => `${r.id} ${r.json}`),
    };
  } finally {
    db.close();
  }
}

const manifests = (trace: string) => `apiVersion: batch/v1
kind: Job
metadata:
  name: batch
  annotations: { baton.dev/backoff-base: 100ms }
spec:
  completions: 6
  parallelism: 2
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: work
        command: ["sh", "-c", 'echo "start $(POD)" >> ${trace}; sleep 0.5; echo "end $(POD)" >> ${trace}']
        env:
        - name: POD
          valueFrom: { fieldRef: { fieldPath: metadata.name } }
---
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: { name: steps }
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - { name: one, template: work }
    - - { name: two, template: work }
    - - { name: three, template: work }
    - - { name: four, template: work }
  - name: work
    retryStrategy: { limit: 3, retryPolicy: Always }
    container:
      image: busybox
      command: [sh, -c, 'echo "start {{pod.name}}" >> ${trace}; sleep 0.5; echo "end {{pod.name}}" >> ${trace}']
`;

describe("baton server survives SIGKILL", () => {
  it("resumes Jobs and workflows without running finished work again, and keeps every recorded event", async () => {
    const dir = mkdtempSync(join(tmpdir(), "baton-server-crash-"));
    const home = join(dir, "home");
    const trace = join(dir, "trace.log");
    const file = join(dir, "work.yaml");
    writeFileSync(file, manifests(trace));

    const first = await startServer(home);
    await first.client.submit([{ file, text: readFileSync(file, "utf8") }], "create");
    const deadline = Date.now() + 30_000;
    while ((stored(home).succeededPods.length < 3 || stored(home).succeededNodes.length < 1) && Date.now() < deadline) await sleep(50);
    first.process.kill("SIGKILL");
    await new Promise((r) => first.process.once("exit", r));

    // No server, nothing new starts (the containers that ran at the kill outlive it and end on their own).
    await sleep(800);
    const beforeRestart = lines(trace);
    await sleep(600);
    expect(lines(trace)).toEqual(beforeRestart);
    const before = stored(home);
    expect(before.succeededPods.length).toBeGreaterThanOrEqual(3);

    const second = await startServer(home);
    expect(second.stderr()).toMatch(/resumed the work of the server that stopped/);
    let job: Job | undefined;
    let wf: Workflow | undefined;
    for (let i = 0; i < 600; i++) {
      job = (await second.client.get("jobs", "default", "batch")) as Job;
      wf = (await second.client.get("workflows", "default", "steps")) as Workflow;
      const jobDone = job.status.conditions.some((c) => c.status === "True" && (c.type === "Complete" || c.type === "Failed"));
      if (jobDone && (wf.status.phase === "Succeeded" || wf.status.phase === "Failed")) break;
      await sleep(100);
    }
    expect(job!.status.succeeded).toBe(6);
    expect(wf!.status.phase).toBe("Succeeded");

    // Finished pods were not started again.
    const after = lines(trace).slice(beforeRestart.length);
    for (const pod of before.succeededPods) expect(after).not.toContain(`start ${pod}`);
    // Workflow steps that had succeeded were not run again: each step succeeded exactly once overall.
    const steps = Object.values(wf!.status.nodes).filter((n) => n.type === "Pod" && n.phase === "Succeeded");
    expect(steps.map((n) => n.displayName.replace(/\(\d+\)$/, "")).sort()).toEqual(["four", "one", "three", "two"]);
    for (const name of before.succeededNodes) expect(steps.filter((n) => n.displayName === name)).toHaveLength(1);
    // Pods that ran at the kill were taken over by the new server (test/server-adopt.test.ts): none
    // was lost, and each pod ran exactly once.
    const lostNodes = Object.values(wf!.status.nodes).filter((n) => n.type === "Pod" && n.phase !== "Succeeded");
    expect([job!.status.failed, lostNodes.length]).toEqual([0, 0]);
    const starts = lines(trace).filter((l) => l.startsWith("start "));
    expect(new Set(starts).size).toBe(starts.length);

    // Every event recorded before the kill is still there, with its id.
    const eventsAfter = new Set(stored(home).events);
    for (const e of before.events) expect(eventsAfter.has(e)).toBe(true);
  }, 90_000);
});
