import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BatonClient } from "../src/client/index.js";
import type { Job, Pod, Workflow } from "../src/model/index.js";

// End to end with the built CLI: `baton server` SIGKILLed while a Job's pods and a workflow's steps
// run. Their processes outlive it (the spawners survive their client); the next server on the same
// $BATON_HOME takes them over. One process of each is killed by hand while no server runs.
const baton = resolve(import.meta.dirname, "../bin/baton.js");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const servers: ChildProcess[] = [];
const strays: number[] = [];
afterEach(() => {
  servers.splice(0).forEach((s) => s.kill("SIGKILL"));
  for (const pid of strays.splice(0)) if (alive(pid)) process.kill(pid, "SIGKILL");
});

/** A live process: not gone and not a zombie (PID 1 here does not reap orphans). */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(50);
  }
}

async function startServer(home: string): Promise<{ process: ChildProcess; client: BatonClient; stderr: () => string }> {
  const child = spawn(process.execPath, [baton, "server", "--port", "0"], { env: { ...process.env, BATON_HOME: home }, stdio: ["ignore", "ignore", "pipe"] });
  servers.push(child);
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  await until(() => /listening on (\S+)/.test(stderr) || child.exitCode !== null, "the server listens");
  const url = /listening on (\S+)/.exec(stderr)?.[1];
  if (!url) throw new Error(`the server did not start: ${stderr}`);
  const token = readFileSync(join(home, "token"), "utf8").trim();
  return { process: child, client: new BatonClient({ url, token }), stderr: () => stderr };
}

async function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  child.kill(signal);
  if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.once("exit", r));
}

// Each container records "<pid> <pod>" and says so in its log, then waits for the `go` file.
// ($$$$ is the shell's $$ after Kubernetes' $$ escape.)
const manifests = (dir: string) => `apiVersion: batch/v1
kind: Job
metadata: { name: batch }
spec:
  completions: 3
  parallelism: 3
  backoffLimit: 3
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: work
        command: ["sh", "-c", 'echo "$$$$ $(POD)" >> ${dir}/pids; echo "before $(POD)"; while [ ! -f ${dir}/go ]; do sleep 0.05; done; echo "after $(POD)"']
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
    - - { name: a, template: wait, arguments: { parameters: [{ name: n, value: a }] } }
      - { name: b, template: wait, arguments: { parameters: [{ name: n, value: b }] } }
  - name: wait
    retryStrategy: { limit: 2 }
    inputs: { parameters: [{ name: n }] }
    container:
      image: busybox
      command: [sh, -c, 'echo "$$$$ {{pod.name}}" >> ${dir}/pids; echo "result-{{inputs.parameters.n}}"; while [ ! -f ${dir}/go ]; do sleep 0.05; done; echo "done-{{inputs.parameters.n}}"']
`;

/** pid → pod name, as the containers recorded them. */
const started = (dir: string): Map<number, string> =>
  new Map((existsSync(join(dir, "pids")) ? readFileSync(join(dir, "pids"), "utf8").split("\n").filter(Boolean) : []).map((line) => {
    const [pid, pod] = line.split(" ");
    return [Number(pid), pod!];
  }));

describe("baton server takes over the containers of a server that was SIGKILLed", () => {
  it("they run on; the next server adopts them, with their real exits and whole logs; one killed meanwhile is a failed attempt", async () => {
    const dir = mkdtempSync(join(tmpdir(), "baton-adopt-"));
    const home = join(dir, "home");
    const file = join(dir, "work.yaml");
    writeFileSync(file, manifests(dir));

    const first = await startServer(home);
    await first.client.submit([{ file, text: readFileSync(file, "utf8") }], "create");
    await until(() => started(dir).size === 5, "three pods and two steps run");
    const before = started(dir);
    strays.push(...before.keys());
    await stop(first.process, "SIGKILL");

    // The server is gone; its containers are not.
    for (const pid of before.keys()) expect(alive(pid)).toBe(true);
    // While no server runs, one pod's process and one step's are killed by hand.
    const [killedPod] = [...before].find(([, pod]) => pod.startsWith("batch-"))!;
    const [killedStep] = [...before].find(([, pod]) => pod.startsWith("steps-"))!;
    for (const pid of [killedPod, killedStep]) process.kill(pid, "SIGKILL");

    const second = await startServer(home);
    expect(second.stderr()).toMatch(/resumed the work of the server that stopped/);
    // The failed attempts are replaced: a new pod and a retried step start and wait too.
    await until(() => started(dir).size === 7, "the replacement pod and the retried step run");
    writeFileSync(join(dir, "go"), "");

    let job: Job | undefined;
    let wf: Workflow | undefined;
    await until(async () => {
      job = (await second.client.get("jobs", "default", "batch")) as Job;
      wf = (await second.client.get("workflows", "default", "steps")) as Workflow;
      const jobDone = job.status.conditions.some((c) => c.status === "True" && (c.type === "Complete" || c.type === "Failed"));
      return jobDone && (wf.status.phase === "Succeeded" || wf.status.phase === "Failed");
    }, "the Job and the workflow finish");
    expect(job!.status).toMatchObject({ succeeded: 3, failed: 1 });
    expect(wf!.status.phase).toBe("Succeeded");

    // Adopted pods end with their own exit and their whole log, and were never disrupted.
    const pods = (await second.client.list("pods", { namespace: "default" })) as Pod[];
    for (const [pid, name] of before) {
      if (!name.startsWith("batch-")) continue;
      const p = pods.find((x) => x.metadata.name === name)!;
      const terminated = p.status.containerStatuses[0]!.state.terminated!;
      expect(p.status.conditions.some((c) => c.type === "DisruptionTarget")).toBe(false);
      if (pid === killedPod) {
        expect(p.status.phase).toBe("Failed");
        expect(terminated).toMatchObject({ exitCode: 137, reason: "Error" });
        continue;
      }
      expect(p.status.phase).toBe("Succeeded");
      expect(terminated).toMatchObject({ exitCode: 0, reason: "Completed" });
      expect(readFileSync(join(home, "logs", "default", name, "work", "0.log"), "utf8")).toBe(`before ${name}\nafter ${name}\n`);
    }
    // Nothing that ran at the kill was started again: one start per pod, and the two replacements.
    const all = [...started(dir).values()];
    expect(new Set(all).size).toBe(all.length);

    // Steps: the adopted one succeeded once, with the output it printed before and after the kill;
    // the killed one failed with its real exit and was retried.
    const attempts = Object.values(wf!.status.nodes).filter((n) => n.type === "Pod");
    const stepOf = (podName: string) => attempts.find((n) => n.podName === podName)!.inputs!.parameters[0]!.value;
    const killed = stepOf(before.get(killedStep)!);
    const kept = killed === "a" ? "b" : "a";
    const attemptsOf = (step: string) => attempts.filter((n) => n.inputs?.parameters[0]?.value === step);
    expect(attemptsOf(kept).map((n) => n.phase)).toEqual(["Succeeded"]);
    expect(attemptsOf(kept)[0]!.outputs?.result).toBe(`result-${kept}\ndone-${kept}`);
    expect(attemptsOf(killed).map((n) => [n.phase, n.message ?? ""])).toEqual([["Failed", expect.stringMatching(/137/)], ["Succeeded", ""]]);

    // A server that stops (not a crash) ends its spawners: nothing lingers.
    await stop(second.process, "SIGTERM");
    await until(() => readdirSync(join(home, "spawners")).every((name) => name === "errors.log"), "the spawners are gone");
    expect(readFileSync(join(home, "spawners", "errors.log"), "utf8")).toBe("");
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);
});
