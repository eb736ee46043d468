import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";

// `baton run` as a user meets it: the built CLI, real processes, a fresh $BATON_HOME per test.
const baton = resolve(import.meta.dirname, "../bin/baton.js");
const examples = resolve(import.meta.dirname, "../examples");

function setup(yaml?: string) {
  const dir = mkdtempSync(join(tmpdir(), "baton-cli-"));
  const file = join(dir, "run.yaml");
  if (yaml) writeFileSync(file, yaml);
  const env = { ...process.env, BATON_HOME: join(dir, "home"), NO_COLOR: "1" };
  const run = (...args: string[]) => spawnSync(process.execPath, [baton, "run", ...args], { env, encoding: "utf8", timeout: 60_000 });
  return { dir, file, env, run };
}

describe("baton run", () => {
  it("runs the README's first example: steps in order, logs prefixed by job/pod/container, exit 0", () => {
    const { run } = setup();
    const r = run(join(examples, "sequential-job.yaml"));
    expect(r.status).toBe(0);
    const out = r.stdout.split("\n");
    const at = (text: string) => out.findIndex((l) => l.includes(text));
    expect(at("extracting orders for 2026-11-21")).toBeLessThan(at("summing 3 batches"));
    expect(at("summing 3 batches")).toBeLessThan(at("report published by pod"));
    expect(out[at("batch 1 of 3")]).toMatch(/^nightly-report\/nightly-report-[a-z0-9]{5}\/extract \| batch 1 of 3$/);
    expect(r.stdout).toMatch(/job\/nightly-report\s+Succeeded/);
  });

  it("runs a containerSet's containers as a graph in one pod: main only after fetch and check", () => {
    const { run } = setup();
    const r = run(join(examples, "container-set.yaml"));
    expect(r.status).toBe(0);
    // main sorts what both wrote: it started after both ended.
    expect(r.stdout).toMatch(/\/main \| check: disk ok\n.*\/main \| fetch: 3 files\n/);
    expect(r.stdout).toMatch(/├─✔ fetch/);
    expect(r.stdout).toMatch(/└─✔ main/);
    expect(r.stdout).toMatch(/workflow\/container-set-\w+\s+Succeeded/);
  });

  it("exits 1 and names the Kubernetes reason when a Job fails", () => {
    const { run } = setup();
    const r = run(join(examples, "flaky-job.yaml"));
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/job\/flaky\s+Succeeded/);
    expect(r.stdout).toMatch(/job\/fail-fast\s+Failed\s+PodFailurePolicy: Container check for pod default\/fail-fast-\w+ failed with exit code 42 matching FailJob rule at index 0/);
  });

  it("exits 2, reports every problem with file:line:column, and runs nothing for invalid input", () => {
    const { run, file, dir } = setup(`apiVersion: batch/v1
kind: Job
metadata:
  name: fine
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: main
        command: ["touch", "${"DIR"}/ran"]
---
apiVersion: batch/v1
kind: Job
metadata:
  name: bad
spec:
  completions: -1
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: nginx
`.replace("DIR", "").replace('"/ran"', `"${join(tmpdir(), "never")}"`));
    const r = run(file);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${file}:18:16 spec.completions: must be >= 0 (got -1)`);
    expect(r.stderr).toMatch(new RegExp(`${file}:23:9 spec\\.template\\.spec\\.containers\\[0\\]\\.command: container "main" has no command`));
    expect(r.stderr).toContain("2 errors: nothing was run");
    expect(existsSync(join(dir, "home"))).toBe(false);
  });

  it("writes Kubernetes-shaped events with --events and the final objects with -o json", () => {
    const { run, dir } = setup();
    const events = join(dir, "events.jsonl");
    const r = run("--events", events, "-o", "json", join(examples, "indexed-job.yaml"));
    expect(r.status).toBe(0);
    const list = JSON.parse(r.stdout);
    const job = list.items.find((i: { kind: string }) => i.kind === "Job");
    expect(job.status).toMatchObject({ succeeded: 5, failed: 0, active: 0, completedIndexes: "0-4" });
    expect(job.status.conditions.map((c: { type: string }) => c.type)).toEqual(["SuccessCriteriaMet", "Complete"]);
    const lines = readFileSync(events, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.filter((e) => e.reason === "SuccessfulCreate")).toHaveLength(5);
    expect(lines.at(-1)).toMatchObject({ type: "Normal", reason: "Completed", involvedObject: { kind: "Job", name: "render-frames" } });
    expect(r.stderr).toMatch(/render-frames\/render-frames-3-\w+\/render \| rendering frame 72 on render-frames-3/);
  });

  it("keeps each container's log in a file after the run", () => {
    const { run, env } = setup();
    expect(run(join(examples, "primes-job.yaml")).status).toBe(0);
    const podDir = join(env.BATON_HOME, "logs", "default");
    const pod = readdirSync(podDir).find((p) => p.startsWith("primes-"))!;
    const log = readFileSync(join(podDir, pod, "primes", "0.log"), "utf8");
    expect(log.trim().split("\n").at(-1)).toBe("97");
  });

  it("ends, without running it, a Job created suspended, and says so", () => {
    const { run, file } = setup(`apiVersion: batch/v1
kind: Job
metadata:
  name: later
spec:
  suspend: true
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: main
        command: ["echo", "should not run"]
`);
    const r = run(file);
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain("should not run");
    expect(r.stdout).toMatch(/job\/later\s+Suspended/);
  });

  it("stops every process group at Ctrl-C and records the run as Stopped", async () => {
    const { file, env, dir } = setup();
    const marker = join(dir, "started");
    writeFileSync(file, `apiVersion: v1
kind: Pod
metadata:
  name: long
spec:
  restartPolicy: Never
  containers:
  - name: main
    command: ["sh", "-c", "sleep 300 & echo $! > ${marker}; wait"]
`);
    const child = spawn(process.execPath, [baton, "run", "--no-live", file], { env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    while (!existsSync(marker) || readFileSync(marker, "utf8").trim() === "") await new Promise((r) => setTimeout(r, 50));
    const grandchild = Number(readFileSync(marker, "utf8"));
    child.kill("SIGINT");
    const code = await new Promise((r) => child.once("exit", r));
    expect(code).toBe(130);
    expect(out).toMatch(/pod\/long\s+Failed\s+Stopped: stopped by SIGINT/);
    const stat = spawnSync("ps", ["-o", "stat=", "-p", String(grandchild)], { encoding: "utf8" }).stdout.trim();
    expect(stat === "" || stat.startsWith("Z")).toBe(true);
    const db = new Database(join(env.BATON_HOME, "baton.db"), { readonly: true });
    expect(db.prepare("select phase from runs").all()).toEqual([{ phase: "Stopped" }]);
    db.close();
  });
});
