import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { ContainerExited, ContainerLaunch, ContainerOutput, Executor, ExecutorReport } from "../../model/index.js";
import { spawnersUnderTest } from "./fixtures/spawners.js";
import { createLocalExecutor, type LocalExecutorOptions } from "./index.js";

type Event = ExecutorReport | (ContainerOutput & { type: "Output" });

/** An executor on a fresh log directory, with every report and output chunk recorded in order. */
function executorHarness(options: Partial<LocalExecutorOptions> = {}) {
  const logDir = mkdtempSync(join(tmpdir(), "baton-local-"));
  const executor: Executor = createLocalExecutor({ logDir, ...options });
  const events: Event[] = [];
  const waiters: ((exited: ContainerExited) => void)[] = [];
  executor.onOutput((output) => events.push({ type: "Output", ...output }));
  executor.onReport((report) => {
    events.push(report);
    if (report.type === "ContainerExited") waiters.splice(0).forEach((resolve) => resolve(report));
  });
  cleanups.push(async () => {
    await executor.close();
    rmSync(logDir, { recursive: true, force: true });
  });
  let pods = 0;
  const launch = (overrides: Partial<ContainerLaunch> & Pick<ContainerLaunch, "argv">): ContainerLaunch => ({
    podUid: `uid-${++pods}`,
    namespace: "default",
    podName: `pod-${pods}`,
    container: "main",
    init: false,
    attempt: 0,
    env: {},
    ...overrides,
  });
  /** Starts one container and resolves with its exit. */
  const run = (overrides: Partial<ContainerLaunch> & Pick<ContainerLaunch, "argv">) => {
    const spec = launch(overrides);
    const exited = new Promise<ContainerExited>((resolve) => {
      const wait = (report: ContainerExited): void => {
        if (report.podUid === spec.podUid && report.attempt === spec.attempt) resolve(report);
        else waiters.push(wait);
      };
      waiters.push(wait);
    });
    executor.start(spec);
    return exited;
  };
  const eventsOf = (podUid: string) => events.filter((event) => event.podUid === podUid);
  return { executor, logDir, events, eventsOf, launch, run };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

for (const { kind, title, skip } of spawnersUnderTest) {
  describe.skipIf(skip !== undefined)(title, () => contract(kind));
}

/** The executor's behaviour, whichever spawner starts its processes. */
function contract(kind: "native" | "node"): void {
  const harness = (options: Partial<LocalExecutorOptions> = {}) => executorHarness({ spawner: kind, ...options });

  it(`starts containers from the ${kind} spawner`, async () => {
    const { run, executor, launch } = harness();
    const spec = launch({ argv: ["sh", "-c", "ps -o comm= -p $PPID"] });
    await run(spec);
    // macOS's ps prints the whole path of the command.
    expect(readFileSync(executor.logPath(spec), "utf8").trim()).toMatch(kind === "native" ? /(^|\/)baton-spawner$/ : /(^|\/)node$/);
  });

  describe("exit codes and reasons, as Kubernetes reports them", () => {
    it.each([
      { name: "success", argv: ["true"], exitCode: 0, reason: "Completed", signal: undefined },
      { name: "exit 3", argv: ["sh", "-c", "exit 3"], exitCode: 3, reason: "Error", signal: undefined },
      { name: "killed by SIGKILL", argv: ["sh", "-c", "kill -KILL $$"], exitCode: 137, reason: "Error", signal: "SIGKILL" },
      { name: "killed by SIGTERM", argv: ["sh", "-c", "kill -TERM $$"], exitCode: 143, reason: "Error", signal: "SIGTERM" },
    ])("$name → $exitCode $reason", async ({ argv, exitCode, reason, signal }) => {
      const { run, eventsOf } = harness();
      const exited = await run({ argv });
      expect(exited).toMatchObject({ exitCode, reason });
      expect(exited.signal).toBe(signal);
      const started = eventsOf(exited.podUid).filter((event) => event.type === "ContainerStarted");
      expect(started).toHaveLength(1);
      expect(started[0]).toMatchObject({ container: "main", attempt: 0, pid: expect.any(Number) });
    });
  });

  describe("StartError: a container that cannot start", () => {
    it.each([
      { name: "command not on PATH", argv: ["no-such-command-baton"], workingDir: undefined, message: 'exec: "no-such-command-baton": executable file not found in $PATH' },
      { name: "missing absolute command", argv: ["/no/such/file"], workingDir: undefined, message: 'exec: "/no/such/file": stat /no/such/file: no such file or directory' },
      { name: "missing workingDir", argv: ["true"], workingDir: "/no/such/dir", message: 'chdir to cwd ("/no/such/dir") set in config.json failed: no such file or directory' },
      { name: "empty command", argv: [], workingDir: undefined, message: "no command specified" },
      { name: "command not executable", argv: ["/etc/passwd"], workingDir: undefined, message: 'exec: "/etc/passwd": permission denied' },
      { name: "workingDir not a directory", argv: ["true"], workingDir: "/etc/passwd", message: 'chdir to cwd ("/etc/passwd") set in config.json failed: not a directory' },
    ])("$name", async ({ argv, workingDir, message }) => {
      const { run, eventsOf } = harness();
      const exited = await run({ argv, workingDir });
      expect(exited).toMatchObject({ exitCode: 128, reason: "StartError", message });
      expect(eventsOf(exited.podUid).map((event) => event.type)).toEqual(["ContainerExited"]);
    });
  });

  describe("environment and working directory", () => {
    it("overlays the container's env on the host's", async () => {
      process.env.BATON_TEST_HOST = "host";
      const { run, executor, launch } = harness();
      const spec = launch({ argv: ["sh", "-c", 'echo "$BATON_TEST_HOST $FOO"'], env: { FOO: "bar" } });
      const exited = await run(spec);
      expect(exited.exitCode).toBe(0);
      expect(readFileSync(executor.logPath(spec), "utf8")).toBe("host bar\n");
    });

    it("inheritEnv: false gives only the container's env", async () => {
      process.env.BATON_TEST_HOST = "host";
      const { run, executor, launch } = harness({ inheritEnv: false });
      const spec = launch({ argv: ["/bin/sh", "-c", 'echo "[$BATON_TEST_HOST] $FOO"'], env: { FOO: "bar" } });
      await run(spec);
      expect(readFileSync(executor.logPath(spec), "utf8")).toBe("[] bar\n");
    });

    it("runs in workingDir", async () => {
      const { run, executor, launch, logDir } = harness();
      const spec = launch({ argv: ["pwd"], workingDir: logDir });
      await run(spec);
      expect(readFileSync(executor.logPath(spec), "utf8")).toBe(`${logDir}\n`);
    });
  });

  describe("logs", () => {
    it("keeps each attempt in its own file, complete when the exit is reported", async () => {
      const { run, executor, launch } = harness();
      const script = 'echo "out $0"; echo "err $0" >&2; seq 1 20000';
      const first = launch({ argv: ["sh", "-c", script, "a0"], container: "work", attempt: 0 });
      const second = { ...first, argv: ["sh", "-c", script, "a1"], attempt: 1 };
      await run(first);
      await run(second);
      const numbers = Array.from({ length: 20000 }, (_, i) => `${i + 1}\n`).join("");
      expect(executor.logPath(first)).toMatch(/default\/pod-\d+\/work\/0\.log$/);
      expect(executor.logPath(second)).toMatch(/default\/pod-\d+\/work\/1\.log$/);
      // stdout and stderr are two pipes: their relative order in the file is the order of arrival,
      // which the OS does not fix. Each stream's own lines must be complete and in order.
      for (const [spec, tag] of [[first, "a0"], [second, "a1"]] as const) {
        const lines = readFileSync(executor.logPath(spec), "utf8").split("\n");
        expect(lines.filter((l) => l === `err ${tag}`)).toHaveLength(1);
        expect(lines.filter((l) => l !== `err ${tag}`).join("\n")).toBe(`out ${tag}\n${numbers}`);
      }
    });

    it("delivers every output chunk, marked by stream, before the exit", async () => {
      const { run, eventsOf } = harness();
      const exited = await run({ argv: ["sh", "-c", "echo one; echo two >&2; seq 1 5000"] });
      const events = eventsOf(exited.podUid);
      expect(events.at(-1)?.type).toBe("ContainerExited");
      const text = (stream: string) =>
        events.flatMap((event) => (event.type === "Output" && event.stream === stream ? [event.data] : [])).join("");
      expect(text("stderr")).toBe("two\n");
      expect(text("stdout")).toBe(`one\n${Array.from({ length: 5000 }, (_, i) => `${i + 1}\n`).join("")}`);
    });

    it("forwards a character split across two writes whole, and any bytes to the log", async () => {
      const { run, executor, launch, eventsOf } = harness();
      const spec = launch({ argv: ["sh", "-c", "printf 'caf\\303'; sleep 0.1; printf '\\251\\000!'"] });
      await run(spec);
      const chunks = eventsOf(spec.podUid).flatMap((event) => (event.type === "Output" ? [event.data] : []));
      expect(chunks.join("")).toBe("café\0!");
      expect(readFileSync(executor.logPath(spec))).toEqual(Buffer.from("café\0!"));
    });

    it("reports the exit while a process that left the group holds the pipes, after a short drain", async () => {
      const { run, executor, launch } = harness();
      const spec = launch({ argv: ["sh", "-c", "perl -e 'setpgrp; sleep 30' & echo $!"] });
      const since = Date.now();
      expect(await run(spec)).toMatchObject({ exitCode: 0 });
      expect(Date.now() - since).toBeLessThan(10_000);
      process.kill(Number(readFileSync(executor.logPath(spec), "utf8")), "SIGKILL");
    });

    it("creates no file for a container with no output", async () => {
      const { run, executor, launch } = harness();
      const spec = launch({ argv: ["true"] });
      await run(spec);
      expect(existsSync(executor.logPath(spec))).toBe(false);
    });

    it("refuses names that would leave logDir", () => {
      const { executor } = harness();
      expect(() => executor.logPath({ namespace: "..", podName: "p", container: "c", attempt: 0 })).toThrow(/namespace/);
    });
  });

  describe("many containers", () => {
    it("runs a few hundred, several spawners, each reported once", async () => {
      const { run } = harness({ spawners: 2 });
      const exits = await Promise.all(Array.from({ length: 200 }, (_, i) => run({ argv: ["sh", "-c", `exit ${i % 3}`] })));
      expect(exits.map((exit) => exit.exitCode)).toEqual(Array.from({ length: 200 }, (_, i) => i % 3));
    });
  });
}
