import type { ChildProcess } from "node:child_process";
import { connect } from "node:net";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { Attachment, ContainerExited, ContainerLaunch, ContainerOutput, Executor, ExecutorReport } from "../../model/index.js";
import { alive, buildExecutor, eventually, startOwner } from "./fixtures/owner.js";
import { spawnersUnderTest } from "./fixtures/spawners.js";
import { createLocalExecutor } from "./index.js";
import { decodeReport, frameReader, type SpawnerReport } from "./protocol.js";

const work = mkdtempSync(join(tmpdir(), "baton-survive-"));
const built = buildExecutor(work);
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Started {
  container: string;
  pid: number;
}

/** A container that says it started, then waits for `<dir>/<file>` before it goes on. */
const waitFor = (dir: string, file: string, then: string) => ["sh", "-c", `echo before; while [ ! -f ${dir}/${file} ]; do sleep 0.05; done; ${then}`];

/**
 * An owner process (as `baton server` is) with a surviving executor on `home`: it starts the given
 * containers, prints each ContainerStarted, and is then SIGKILLed by the test.
 */
async function ownerWith(kind: string, home: string, launches: ContainerLaunch[], idleSeconds = 600): Promise<{ owner: ChildProcess; pids: Map<string, number> }> {
  const pids = new Map<string, number>();
  const owner = startOwner(built, `owner-${kind}-${Date.now()}`, `
    import { createLocalExecutor } from "./local-executor.js";
    const executor = createLocalExecutor({ logDir: ${JSON.stringify(join(home, "logs"))}, home: ${JSON.stringify(home)}, survive: true, idleSeconds: ${idleSeconds}, spawner: "${kind}" });
    executor.onReport((r) => { if (r.type === "ContainerStarted") console.log(JSON.stringify({ container: r.container, pid: r.pid })); });
    for (const launch of ${JSON.stringify(launches)}) executor.start(launch);
    setInterval(() => {}, 1000);
  `, (value) => pids.set((value as Started).container, (value as Started).pid));
  cleanups.push(() => void owner.kill("SIGKILL"));
  await eventually(() => pids.size === launches.length || owner.exitCode !== null, "every container started");
  return { owner, pids };
}

async function kill(child: ChildProcess): Promise<void> {
  child.kill("SIGKILL");
  if (child.exitCode === null && child.signalCode === null) await new Promise((resolve) => child.once("exit", resolve));
}

/** A new executor on the same home, as a restarted server makes; closed after the test. */
function successor(kind: "native" | "node", home: string) {
  const executor: Executor = createLocalExecutor({ logDir: join(home, "logs"), home, survive: true, spawner: kind });
  const reports: ExecutorReport[] = [];
  const outputs: ContainerOutput[] = [];
  executor.onReport((report) => reports.push(report));
  executor.onOutput((output) => outputs.push(output));
  cleanups.push(() => executor.close());
  const exitOf = async (container: string) => {
    const find = () => reports.find((r): r is ContainerExited => r.type === "ContainerExited" && r.container === container);
    await eventually(() => find() !== undefined, `${container} exited`);
    return find()!;
  };
  return { executor, reports, outputs, exitOf };
}

/** The spawners recorded in the home, by pid. */
const spawnerPids = (home: string): number[] =>
  existsSync(join(home, "spawners")) ? readdirSync(join(home, "spawners")).flatMap((name) => /^(\d+)\.id$/.exec(name)?.[1] ?? []).map(Number) : [];

/** What a spawner hands a client that connects (which then goes away again: nothing is lost). */
function peek(home: string, pid: number): Promise<SpawnerReport[]> {
  return new Promise((resolve, reject) => {
    const reports: SpawnerReport[] = [];
    const socket = connect(join(home, "spawners", `${pid}.sock`));
    socket.on("error", reject);
    socket.on("data", frameReader((payload) => {
      const report = decodeReport(payload);
      reports.push(report);
      if (report[0] !== "H") return;
      socket.destroy();
      resolve(reports);
    }));
  });
}

/** Until every spawner has recorded the exits of these many containers. */
async function exitsRecorded(home: string, count: number): Promise<void> {
  const until = Date.now() + 15_000;
  for (;;) {
    const reports = (await Promise.all(spawnerPids(home).map((pid) => peek(home, pid)))).flat();
    if (reports.filter((r) => r[0] === "X").length >= count) return;
    if (Date.now() > until) throw new Error("timed out waiting for the spawners to record the exits");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const launch = (container: string, argv: string[], extra: Partial<ContainerLaunch> = {}): ContainerLaunch => ({
  podUid: `uid-${container}`, namespace: "default", podName: `pod-${container}`, container, init: false, attempt: 0, argv, env: {}, ...extra,
});

const keys = (attachment: Attachment) => ({
  running: attachment.running.map((r) => r.container).sort(),
  ended: attachment.ended.map((r) => [r.container, r.exitCode, r.signal ?? null]).sort(),
});

for (const { kind, title, skip } of spawnersUnderTest) {
  describe.skipIf(skip !== undefined)(title, () => {
    it("containers outlive a SIGKILLed owner; a new executor takes them over, with the exits of those that ended meanwhile", async () => {
      const home = mkdtempSync(join(work, "h-"));
      const go = mkdtempSync(join(work, "go-"));
      const { owner, pids } = await ownerWith(kind, home, [
        launch("logs", waitFor(go, "go", "echo after; exit 3")),
        launch("result", waitFor(go, "go", "echo second; echo out > result.txt"), { workingDir: go, capture: { stdout: true, files: ["result.txt", "missing.txt"] } }),
        launch("killable", ["sh", "-c", "trap '' TERM; echo up; sleep 100"]),
        launch("ends-meanwhile", waitFor(go, "go-ends", "exit 5")),
        launch("killed-meanwhile", ["sleep", "100"]),
      ]);
      await eventually(() => existsSync(join(home, "logs/default/pod-result/result/0.log")), "the result container printed");
      await kill(owner);
      const earlier = spawnerPids(home);

      // The owner is gone; its containers are not.
      for (const pid of pids.values()) expect(alive(pid)).toBe(true);
      writeFileSync(join(go, "go-ends"), "");
      process.kill(pids.get("killed-meanwhile")!, "SIGKILL");
      await exitsRecorded(home, 2);

      const recordedBy = Date.now();
      const { executor, outputs, exitOf } = successor(kind, home);
      const attachment = await executor.attach!();
      // Each exit is reported with the time it happened, not the time it was handed over.
      for (const exit of attachment.ended) expect(exit.at).toBeLessThanOrEqual(recordedBy);
      expect(keys(attachment)).toEqual({
        running: ["killable", "logs", "result"],
        ended: [["ends-meanwhile", 5, null], ["killed-meanwhile", 137, "SIGKILL"]],
      });
      expect(attachment.running.find((r) => r.container === "logs")).toMatchObject({ podUid: "uid-logs", attempt: 0, pid: pids.get("logs") });

      // From now on they are this executor's: killPod reaches them, exits and outputs are reported.
      executor.killPod("uid-killable", 0);
      expect(await exitOf("killable")).toMatchObject({ exitCode: 137, signal: "SIGKILL" });
      writeFileSync(join(go, "go"), "");
      expect(await exitOf("logs")).toMatchObject({ exitCode: 3, reason: "Error" });
      expect(await exitOf("result")).toMatchObject({ exitCode: 0, outputs: { stdout: "before\nsecond\n", files: { "result.txt": "out\n", "missing.txt": null } } });
      // Live output is what came after the hand-over; what came before is in the log.
      expect(outputs.filter((o) => o.container === "result").map((o) => o.data).join("")).toBe("second\n");
      expect(readFileSync(join(home, "logs/default/pod-logs/logs/0.log"), "utf8")).toBe("before\nafter\n");
      // The spawners taken over quit once they have nothing left to run.
      await eventually(() => earlier.every((pid) => !alive(pid)), "the spawners taken over quit");
      await executor.close();
      expect(spawnerPids(home)).toEqual([]);
    }, 60_000);

    it("a spawner that was killed, or whose pid now names another process, is lost: nothing is taken over", async () => {
      const home = mkdtempSync(join(work, "h-"));
      const { owner, pids } = await ownerWith(kind, home, [launch("a", ["sleep", "100"])]);
      await kill(owner);
      const [first, second] = spawnerPids(home);
      cleanups.push(() => [...pids.values()].forEach((pid) => alive(pid) && process.kill(pid, "SIGKILL")));
      for (const pid of [first, second]) if (pid !== undefined) process.kill(pid, "SIGKILL");
      // A record whose pid is alive but started at another time: a reused pid.
      writeFileSync(join(home, "spawners", `${process.pid}.id`), "1\n");

      const { executor } = successor(kind, home);
      expect(keys(await executor.attach!())).toEqual({ running: [], ended: [] });
      expect(readdirSync(join(home, "spawners")).filter((name) => [first, second, process.pid].some((pid) => name.startsWith(`${pid}.`)))).toEqual([]);
    }, 60_000);

    it("a spawner with no client and nothing running exits after its idle time", async () => {
      const home = mkdtempSync(join(work, "h-"));
      const { owner } = await ownerWith(kind, home, [launch("short", ["true"])], 0.2);
      const spawners = spawnerPids(home);
      expect(spawners.length).toBeGreaterThan(0);
      await kill(owner);
      await eventually(() => spawners.every((pid) => !alive(pid)), "the spawners exited");
      expect(spawnerPids(home)).toEqual([]);
    }, 60_000);
  });
}
