import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError, BatonClient } from "../src/client/index.js";
import type { Job, Pod, Workflow } from "../src/model/index.js";
import { startServer, type RunningServer } from "../src/server/index.js";

// The real server on a free port: real SQLite file, real processes, HTTP through fetch.
let home: string;
let server: RunningServer;
let client: BatonClient;

const job = (name: string, opts: { parallelism?: number; command?: string; suspend?: boolean } = {}) => `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
spec:
  completions: 2
  parallelism: ${opts.parallelism ?? 1}
${opts.suspend ? "  suspend: true\n" : ""}  template:
    spec:
      restartPolicy: Never
      containers:
      - name: work
        command: ["sh", "-c", "${opts.command ?? "echo hello from $(POD)"}"]
        env:
        - name: POD
          valueFrom: { fieldRef: { fieldPath: metadata.name } }
`;

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`never happened: ${what}`);
}

const finishedJob = (name: string) => until(`job ${name} finished`, async () => {
  const j = (await client.get("jobs", "default", name)) as Job;
  return j.status.conditions.some((c) => (c.type === "Complete" || c.type === "Failed") && c.status === "True") ? j : undefined;
});

async function refused(p: Promise<unknown>): Promise<ApiError> {
  const error = await p.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), "baton-server-"));
  server = await startServer({ home, port: 0 });
  client = new BatonClient({ url: server.url, token: server.token });
});
afterAll(async () => server.close());

describe("baton server: auth and errors", () => {
  it("answers health without a token, and nothing else", async () => {
    expect(await client.health()).toEqual({ status: "ok" });
    const bare = await fetch(`${server.url}/api/v1/jobs`);
    expect(bare.status).toBe(401);
    expect(await bare.json()).toMatchObject({ kind: "Status", reason: "Unauthorized", code: 401 });
    const wrong = new BatonClient({ url: server.url, token: "not-the-token" });
    expect((await refused(wrong.list("jobs"))).status).toBe(401);
  });

  it("refuses a second server on the same home", async () => {
    await expect(startServer({ home, port: 0 })).rejects.toThrow(/already owns/);
  });

  it("answers unknown kinds and routes with 404 and a JSON message", async () => {
    const e = await refused(client.list("gadgets"));
    expect(e.status).toBe(404);
    expect(e.message).toContain('no resource type "gadgets"');
  });

  it("refuses a body over the limit with 413", async () => {
    const big = "x".repeat(17 * 1024 * 1024);
    const e = await refused(client.submit([{ file: "big.yaml", text: big }], "apply"));
    expect(e.status).toBe(413);
  });
});

describe("baton server: submissions", () => {
  it("reports every problem with file and line, and creates nothing", async () => {
    const text = job("good") + "---\n" + job("bad").replace("completions: 2", "completions: -1");
    const e = await refused(client.submit([{ file: "jobs.yaml", text }], "apply"));
    expect(e.status).toBe(422);
    expect(e.message).toMatch(/jobs\.yaml:\d+:\d+ spec\.completions/);
    expect(await client.list("jobs", { namespace: "default" })).toEqual([]);
  });

  it("apply creates, is idempotent, changes what may change and refuses the rest", async () => {
    const [created] = await client.submit([{ file: "a.yaml", text: job("applied", { suspend: true }) }], "apply");
    expect(created).toMatchObject({ kind: "Job", name: "applied", action: "created" });
    expect((await client.submit([{ file: "a.yaml", text: job("applied", { suspend: true }) }], "apply"))[0]!.action).toBe("unchanged");
    expect((await client.submit([{ file: "a.yaml", text: job("applied", { suspend: true, parallelism: 2 }) }], "apply"))[0]!.action).toBe("configured");
    expect(((await client.get("jobs", "default", "applied")) as Job).spec.parallelism).toBe(2);
    const e = await refused(client.submit([{ file: "a.yaml", text: job("applied", { suspend: true, command: "echo changed" }) }], "apply"));
    expect(e.status).toBe(422);
    expect(e.message).toContain("spec.template: field is immutable");
    const conflict = await refused(client.submit([{ file: "a.yaml", text: job("applied") }], "create"));
    expect(conflict.status).toBe(409);
  });

  it("runs a Job: pods, logs, events with ids", async () => {
    await client.submit([{ file: "j.yaml", text: job("hello") }], "create");
    const j = await finishedJob("hello");
    expect(j.status.succeeded).toBe(2);
    const pods = ((await client.list("pods", { namespace: "default" })) as Pod[]).filter((p) => p.metadata.ownerReferences?.[0]?.name === "hello");
    expect(pods).toHaveLength(2);
    const log = await new Response(await client.logs("default", pods[0]!.metadata.name)).text();
    expect(log).toBe(`hello from ${pods[0]!.metadata.name}\n`);
    const events = await client.events({ kind: "Job", name: "hello" });
    expect(events.map((e) => e.reason)).toContain("Completed");
    const ids = events.map((e) => e.id);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
  });

  it("resumes a suspended Job, and deletes a Job with its pods", async () => {
    await client.command("jobs", "default", "applied", "resume");
    await finishedJob("applied");
    await client.delete("jobs", "default", "applied");
    expect((await refused(client.get("jobs", "default", "applied"))).status).toBe(404);
    const pods = ((await client.list("pods", { namespace: "default" })) as Pod[]).filter((p) => p.metadata.ownerReferences?.[0]?.name === "applied");
    expect(pods).toEqual([]);
  });

  it("runs a workflow from a WorkflowTemplate stored by an earlier submission", async () => {
    const template = `apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata: { name: greet }
spec:
  entrypoint: main
  arguments: { parameters: [{ name: who, value: world }] }
  templates:
  - name: main
    container: { image: busybox, command: [sh, -c, "echo hello {{workflow.parameters.who}}"] }
`;
    await client.submit([{ file: "t.yaml", text: template }], "apply");
    const wf = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: { generateName: greet- }
spec:
  workflowTemplateRef: { name: greet }
`;
    const [item] = await client.submit([{ file: "w.yaml", text: wf }], "create", { who: "baton" });
    const done = await until("workflow finished", async () => {
      const w = (await client.get("workflows", "default", item!.name)) as Workflow;
      return w.status.phase === "Succeeded" || w.status.phase === "Failed" ? w : undefined;
    });
    expect(done.status.phase).toBe("Succeeded");
    const pod = Object.values(done.status.nodes).find((n) => n.type === "Pod")!;
    expect(await new Response(await client.logs("default", pod.podName!)).text()).toBe("hello baton\n");
  });
});

describe("baton server: event stream", () => {
  it("replays every recorded event after an id, then goes on live, none twice", async () => {
    const abort = new AbortController();
    const seen: number[] = [];
    const reasons: string[] = [];
    const reading = (async () => {
      for await (const e of client.watchEvents({ after: 0 }, abort.signal)) {
        seen.push(e.id);
        reasons.push(`${e.involvedObject.name}:${e.reason}`);
        if (e.involvedObject.name === "live" && e.reason === "Completed") break;
      }
    })().catch(() => undefined);
    await client.submit([{ file: "l.yaml", text: job("live") }], "create");
    await reading;
    abort.abort();
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    expect(reasons).toContain("hello:Completed");
    expect(reasons).toContain("live:Completed");
  });
});

describe("baton server: webhooks", () => {
  it("submits the template for a signed GitHub push, and changes nothing for a bad signature", async () => {
    process.env.BATON_TEST_HOOK_SECRET = "s3cret";
    const template = `apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: on-push
  annotations:
    baton.dev/webhook: github
    baton.dev/webhook-secret-env: BATON_TEST_HOOK_SECRET
    baton.dev/webhook-events: push
    baton.dev/webhook-branches: main
    baton.dev/webhook-parameters: |
      revision: body.after
spec:
  entrypoint: main
  arguments: { parameters: [{ name: revision }] }
  templates:
  - name: main
    container: { image: busybox, command: [sh, -c, "echo building {{workflow.parameters.revision}}"] }
`;
    await client.submit([{ file: "hook.yaml", text: template }], "apply");
    const { createHmac } = await import("node:crypto");
    const post = (body: string, secret: string) =>
      fetch(`${server.url}/api/v1/namespaces/default/webhooks/on-push`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-github-event": "push", "x-hub-signature-256": `sha256=${createHmac("sha256", secret).update(body).digest("hex")}` },
        body,
      });
    const before = (await client.list("workflows", { namespace: "default" })).length;
    const push = JSON.stringify({ ref: "refs/heads/main", after: "abc123", repository: { full_name: "o/r" } });
    expect((await post(push, "wrong")).status).toBe(401);
    expect((await client.list("workflows", { namespace: "default" })).length).toBe(before);
    const other = JSON.stringify({ ref: "refs/heads/feature", after: "def456", repository: { full_name: "o/r" } });
    const ignored = await post(other, "s3cret");
    expect(ignored.status).toBe(200);
    const accepted = await post(push, "s3cret");
    expect(accepted.status).toBe(202);
    const { name } = (await accepted.json()) as { name: string };
    const done = await until("triggered workflow finished", async () => {
      const w = (await client.get("workflows", "default", name)) as Workflow;
      return w.status.phase === "Succeeded" || w.status.phase === "Failed" ? w : undefined;
    });
    const pod = Object.values(done.status.nodes).find((n) => n.type === "Pod")!;
    expect(await new Response(await client.logs("default", pod.podName!)).text()).toBe("building abc123\n");
    expect((await client.list("workflows", { namespace: "default" })).length).toBe(before + 1);
  });
});

describe("baton server: workflow commands", () => {
  const wait = (name: string, phases: string[]) =>
    until(`workflow ${name} in ${phases.join("/")}`, async () => {
      const w = (await client.get("workflows", "default", name)) as Workflow;
      return phases.includes(w.status.phase) ? w : undefined;
    });

  it("resume ends a suspend node that waits without a duration", async () => {
    const text = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: { name: approval }
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - { name: wait-for-approval, template: approve }
    - - { name: deploy, template: deploy }
  - name: approve
    suspend: {}
  - name: deploy
    container: { image: busybox, command: [sh, -c, "echo deployed"] }
`;
    await client.submit([{ file: "approval.yaml", text }], "create");
    await until("suspend node waiting", async () => {
      const w = (await client.get("workflows", "default", "approval")) as Workflow;
      return Object.values(w.status.nodes).some((n) => n.type === "Suspend" && n.phase === "Running") ? w : undefined;
    });
    expect(((await client.get("workflows", "default", "approval")) as Workflow).status.phase).toBe("Running");
    await client.command("workflows", "default", "approval", "resume");
    const done = await wait("approval", ["Succeeded", "Failed", "Error"]);
    expect(done.status.phase).toBe("Succeeded");
  });

  it("retry runs the failed node again and keeps what succeeded", async () => {
    const marker = join(home, "retry-marker");
    const text = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: { name: flaky }
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - { name: first, template: ok }
    - - { name: second, template: fails-once }
  - name: ok
    container: { image: busybox, command: [sh, -c, "echo ok >> ${marker}.first"] }
  - name: fails-once
    container: { image: busybox, command: [sh, -c, "if [ -f ${marker} ]; then echo fine; else touch ${marker}; exit 3; fi"] }
`;
    await client.submit([{ file: "flaky.yaml", text }], "create");
    expect((await wait("flaky", ["Succeeded", "Failed", "Error"])).status.phase).toBe("Failed");
    await client.command("workflows", "default", "flaky", "retry");
    const done = await wait("flaky", ["Succeeded", "Error"]);
    expect(done.status.phase).toBe("Succeeded");
    const { readFileSync } = await import("node:fs");
    expect(readFileSync(`${marker}.first`, "utf8")).toBe("ok\n");
  });

  it("stop kills the running step and runs the exit handler; resubmit makes a copy", async () => {
    const text = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: { name: long }
spec:
  entrypoint: main
  onExit: bye
  templates:
  - name: main
    container: { image: busybox, command: [sh, -c, "sleep 30"] }
  - name: bye
    container: { image: busybox, command: [sh, -c, "echo bye {{workflow.status}}"] }
`;
    await client.submit([{ file: "long.yaml", text }], "create");
    await until("pod running", async () => {
      const w = (await client.get("workflows", "default", "long")) as Workflow;
      return Object.values(w.status.nodes).some((n) => n.type === "Pod" && n.phase === "Running") ? w : undefined;
    });
    await client.command("workflows", "default", "long", "stop");
    const done = await wait("long", ["Failed", "Error"]);
    expect(done.status.message).toMatch(/Stopped with strategy 'Stop'/);
    const exit = Object.values(done.status.nodes).find((n) => n.displayName === "long.onExit" || n.templateName === "bye");
    expect(exit?.phase).toBe("Succeeded");
    const copy = await client.command("workflows", "default", "long", "resubmit");
    expect(copy.name).toMatch(/^long-\w{5}$/);
    await client.command("workflows", "default", copy.name, "terminate");
    expect((await wait(copy.name, ["Failed", "Error"])).status.message).toMatch(/Stopped with strategy 'Terminate'/);
  });
});

describe("baton server: concurrent submissions", () => {
  it("of one new name: exactly one creates it, the others are refused; of different names: all share the engine's commits", async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => client.submit([{ file: "race.yaml", text: job("race") }], "create").then(() => 201, (e: ApiError) => e.status)));
    expect(results.filter((s) => s === 201)).toHaveLength(1);
    expect(results.filter((s) => s === 409)).toHaveLength(7);
    const many = await Promise.all(Array.from({ length: 20 }, (_, i) => client.submit([{ file: `m${i}.yaml`, text: job(`many-${i}`) }], "create")));
    expect(new Set(many.map((m) => m[0]!.uid)).size).toBe(20);
    for (let i = 0; i < 20; i++) await finishedJob(`many-${i}`);
  });
});
