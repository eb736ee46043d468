import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The CLI verbs against a real `baton server` process, as a user types them.
const baton = resolve(import.meta.dirname, "../bin/baton.js");
let dir: string;
let home: string;
let server: ChildProcess;

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [baton, ...args], { env: { ...process.env, BATON_HOME: home, NO_COLOR: "1" }, encoding: "utf8", timeout: 60_000, cwd: dir });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const job = (name: string, command = "echo hello from $(POD); echo second line") => `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
  annotations: { baton.dev/backoff-base: 100ms }
spec:
  completions: 2
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: work
        command: ["sh", "-c", "${command}"]
        env:
        - name: POD
          valueFrom: { fieldRef: { fieldPath: metadata.name } }
`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "baton-cli-server-"));
  home = join(dir, "home");
  server = spawn(process.execPath, [baton, "server", "--port", "0"], { env: { ...process.env, BATON_HOME: home }, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  server.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  for (let i = 0; i < 200 && !stderr.includes("listening"); i++) await new Promise((r) => setTimeout(r, 50));
  writeFileSync(join(dir, "hello.yaml"), job("hello"));
  writeFileSync(join(dir, "bad.yaml"), job("bad").replace("completions: 2", "completions: -3"));
  writeFileSync(join(dir, "wf.yaml"), `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: { generateName: greet- }
spec:
  entrypoint: main
  arguments: { parameters: [{ name: who, value: world }] }
  templates:
  - name: main
    steps:
    - - { name: say, template: say }
  - name: say
    container: { image: busybox, command: [sh, -c, "echo hi {{workflow.parameters.who}}"] }
`);
});
afterAll(() => server.kill("SIGTERM"));

describe("CLI verbs against baton server", () => {
  it("apply creates, then reports unchanged", () => {
    expect(cli("apply", "-f", "hello.yaml")).toMatchObject({ status: 0, stdout: "job/hello created\n" });
    expect(cli("apply", "-f", "hello.yaml")).toMatchObject({ status: 0, stdout: "job/hello unchanged\n" });
  });

  it("invalid input: file, line and field, exit 2, nothing created", () => {
    const r = cli("apply", "-f", "bad.yaml");
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:\d+:\d+ spec\.completions/);
    expect(cli("get", "job", "bad").status).toBe(1);
  });

  it("wait, get, describe, logs", () => {
    expect(cli("wait", "--for=condition=Complete", "job/hello", "--timeout", "30")).toMatchObject({ status: 0, stdout: "job/hello condition met\n" });
    const table = cli("get", "jobs").stdout.split("\n");
    expect(table[0]).toMatch(/^NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE$/);
    expect(table[1]).toMatch(/^hello\s+Complete\s+2\/2\s+/);
    expect(cli("get", "jobs", "-o", "name").stdout).toBe("job/hello\n");
    expect(JSON.parse(cli("get", "job", "hello", "-o", "json").stdout)).toMatchObject({ kind: "Job", status: { succeeded: 2 } });
    const describe = cli("describe", "job", "hello").stdout;
    expect(describe).toMatch(/Name:\s+hello/);
    expect(describe).toMatch(/Complete\s+True/);
    expect(describe).toMatch(/Events:[\s\S]*Completed/);
    const logs = cli("logs", "job/hello").stdout.trim().split("\n");
    expect(logs).toHaveLength(4);
    expect(logs.every((l) => /^hello-\w+: (hello from hello-\w+|second line)$/.test(l))).toBe(true);
  });

  it("baton run submits to the running server and shows the same summary", () => {
    const r = cli("run", "--no-live", "wf.yaml", "-p", "who=server");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("submitting to it");
    expect(r.stdout).toMatch(/greet-\w+-say-\w+.*hi server/);
    expect(r.stdout).toMatch(/Succeeded: run on http/);
    const again = cli("run", "--no-live", "hello.yaml");
    expect(again.status).toBe(0);
    expect(again.stdout).toContain("hello from");
  });

  it("submit --watch follows a workflow; delete removes it", () => {
    const r = cli("submit", "--watch", "wf.yaml", "-p", "who=watch");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("hi watch");
    const names = cli("get", "workflows", "-o", "name").stdout.trim().split("\n");
    expect(names.length).toBeGreaterThanOrEqual(2);
    expect(cli("delete", names[0]!)).toMatchObject({ status: 0 });
    expect(cli("get", "workflows", "-o", "name").stdout.trim().split("\n")).toHaveLength(names.length - 1);
  });

  it("logs -f follows every pod of a running Job, including pods created while following", () => {
    writeFileSync(join(dir, "slow.yaml"), job("slow", "echo start $(POD); sleep 0.3; echo end $(POD)"));
    expect(cli("create", "-f", "slow.yaml").status).toBe(0);
    const r = cli("logs", "-f", "job/slow");
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toHaveLength(4);
    const pods = [...new Set(lines.map((l) => l.split(":")[0]))];
    expect(pods).toHaveLength(2);
    for (const pod of pods) expect(lines.filter((l) => l.startsWith(`${pod}: `))).toEqual([`${pod}: start ${pod}`, `${pod}: end ${pod}`]);
  });

  it("logs of one workflow node, by its name", () => {
    const name = cli("get", "workflows", "-o", "name").stdout.trim().split("\n")[0]!.replace("workflow/", "");
    const r = cli("logs", name, "say");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^hi \w+\n$/);
  });

  it("a second server on the same home refuses to start", () => {
    const r = cli("server", "--port", "0");
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/already owns/);
  });

  it("lint validates without a server", () => {
    expect(cli("lint", "hello.yaml")).toMatchObject({ status: 0 });
    const bad = cli("lint", "bad.yaml");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/bad\.yaml:\d+:\d+/);
  });

  it("the token file is private", () => {
    const mode = spawnSync("stat", ["-c", "%a", join(home, "token")], { encoding: "utf8" }).stdout.trim();
    expect(mode).toBe("600");
    expect(readFileSync(join(home, "token"), "utf8").trim().length).toBeGreaterThan(30);
  });
});
