import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Clock, ContainerExited, ContainerLaunch, ContainerOutput, Executor } from "../../model/index.js";
import { spawnersUnderTest } from "./fixtures/spawners.js";
import { createLocalExecutor } from "./index.js";

/** A live process: listed by ps and not a zombie (PID 1 here does not reap orphans). */
function alive(pid: number): boolean {
  try {
    const state = execFileSync("ps", ["-o", "stat=", "-p", String(pid)], { encoding: "utf8" }).trim();
    return state !== "" && !state.startsWith("Z");
  } catch {
    return false; // ps exits 1 when the pid is unknown
  }
}

async function eventually(check: () => boolean, what: string, deadlineMs = 10_000): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A clock whose timers fire only when the test says so. */
function manualClock() {
  const timers: { delayMs: number; callback: () => void }[] = [];
  const clock: Clock = {
    now: () => 1_000_000,
    setTimeout: (callback, delayMs) => timers.push({ delayMs, callback }),
    clearTimeout: () => {},
  };
  return { clock, timers };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function executorHarness(spawner: "native" | "node", clock?: Clock) {
  const logDir = mkdtempSync(join(tmpdir(), "baton-kill-"));
  const executor: Executor = createLocalExecutor({ logDir, spawner, ...(clock ? { clock } : {}) });
  const exits: ContainerExited[] = [];
  const outputs: ContainerOutput[] = [];
  executor.onReport((report) => report.type === "ContainerExited" && exits.push(report));
  executor.onOutput((output) => outputs.push(output));
  cleanups.push(async () => {
    await executor.close();
    rmSync(logDir, { recursive: true, force: true });
  });
  let pods = 0;
  /** Starts a container and waits for its first line of output (the script says it is ready). */
  const startReady = async (argv: string[], podUid = `uid-${++pods}`, container = "main") => {
    const launch: ContainerLaunch = { podUid, namespace: "default", podName: podUid, container, init: false, attempt: 0, argv, env: {} };
    executor.start(launch);
    const output = () => outputs.find((chunk) => chunk.podUid === podUid && chunk.container === container)?.data;
    await eventually(() => output() !== undefined, `${podUid}/${container} printed`);
    return { podUid, firstLine: output()!.split("\n")[0]! };
  };
  const exitOf = async (podUid: string, container = "main") => {
    const find = () => exits.find((exit) => exit.podUid === podUid && exit.container === container);
    await eventually(() => find() !== undefined, `${podUid}/${container} exited`);
    return find()!;
  };
  return { executor, exits, startReady, exitOf };
}

for (const { kind, title, skip } of spawnersUnderTest) {
  describe.skipIf(skip !== undefined)(title, () => contract(kind));
}

/** Killing, whichever spawner started the processes. */
function contract(kind: "native" | "node"): void {
  const harness = (clock?: Clock) => executorHarness(kind, clock);

  describe("killPod", () => {
    it("a container that handles SIGTERM reports its own exit", async () => {
      const { executor, startReady, exitOf } = harness();
      const { podUid } = await startReady(["sh", "-c", "trap 'exit 0' TERM; echo ready; while true; do sleep 0.1; done"]);
      executor.killPod(podUid, 30);
      expect(await exitOf(podUid)).toMatchObject({ exitCode: 0, reason: "Completed" });
    });

    it("a container that ignores SIGTERM is SIGKILLed after the grace period", async () => {
      const { executor, startReady, exitOf } = harness();
      const { podUid } = await startReady(["sh", "-c", "trap '' TERM; echo ready; sleep 30"]);
      executor.killPod(podUid, 1);
      expect(await exitOf(podUid)).toMatchObject({ exitCode: 137, signal: "SIGKILL", reason: "Error" });
    });

    it("the grace timer runs on the injected clock", async () => {
      const { clock, timers } = manualClock();
      const { executor, startReady, exitOf, exits } = harness(clock);
      const { podUid } = await startReady(["sh", "-c", "trap '' TERM; echo ready; sleep 30"]);
      executor.killPod(podUid, 30);
      expect(timers.map((timer) => timer.delayMs)).toEqual([30_000]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(exits).toEqual([]);
      timers[0]!.callback();
      expect(await exitOf(podUid)).toMatchObject({ exitCode: 137, signal: "SIGKILL" });
    });

    it("a second kill may shorten the grace period; a start meanwhile runs nothing", async () => {
      const { executor, startReady, exitOf } = harness();
      const { podUid } = await startReady(["sh", "-c", "trap '' TERM; echo ready; sleep 30"]);
      executor.killPod(podUid, 300);
      executor.start({ podUid, namespace: "default", podName: podUid, container: "late", init: false, attempt: 0, argv: ["sleep", "100"], env: {} });
      expect(await exitOf(podUid, "late")).toMatchObject({ exitCode: 128, reason: "StartError", message: expect.stringMatching(/being killed/) });
      executor.killPod(podUid, 0);
      expect(await exitOf(podUid)).toMatchObject({ exitCode: 137, signal: "SIGKILL" });
    });

    it("kills the whole process group, grandchildren too", async () => {
      const { executor, startReady, exitOf } = harness();
      const { podUid, firstLine } = await startReady(["sh", "-c", "sleep 100 & echo $!; sleep 100"]);
      const grandchild = Number(firstLine);
      expect(alive(grandchild)).toBe(true);
      executor.killPod(podUid, 10);
      expect(await exitOf(podUid)).toMatchObject({ exitCode: 143, signal: "SIGTERM" });
      await eventually(() => !alive(grandchild), "the grandchild is gone");
    });

    it("when the main process ends, what it left behind in its group is killed", async () => {
      const { startReady, exitOf } = harness();
      const { podUid, firstLine } = await startReady(["sh", "-c", "sleep 100 & echo $!"]);
      expect(await exitOf(podUid)).toMatchObject({ exitCode: 0 });
      await eventually(() => !alive(Number(firstLine)), "the background sleep is gone");
    });

    it("is a no-op for an unknown or finished pod", async () => {
      const { executor, startReady, exitOf, exits } = harness();
      executor.killPod("no-such-pod", 0);
      const { podUid } = await startReady(["echo", "done"]);
      await exitOf(podUid);
      executor.killPod(podUid, 0);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(exits).toHaveLength(1);
    });
  });

  describe("close", () => {
    it("kills everything still running, reports the exits and leaves no process", async () => {
      const { executor, startReady, exits } = harness();
      const first = await startReady(["sh", "-c", "sleep 100 & echo $!; sleep 100"]);
      const second = await startReady(["sh", "-c", "trap '' TERM; echo $$; sleep 100"]);
      await executor.close();
      expect(exits.map((exit) => [exit.podUid, exit.exitCode])).toEqual(
        expect.arrayContaining([[first.podUid, 137], [second.podUid, 137]]),
      );
      await eventually(() => !alive(Number(first.firstLine)) && !alive(Number(second.firstLine)), "all processes are gone");
      expect(() => executor.start({ podUid: "x", namespace: "d", podName: "x", container: "c", init: false, attempt: 0, argv: ["true"], env: {} })).toThrow(/closed/);
    });
  });
}
