import { describe, expect, it } from "vitest";
import type { CommitBatch, ContainerLaunch, Executor, ExecutorReport, Store } from "../model/index.js";
import { job } from "../testing/index.js";
import { Runtime } from "./runtime.js";
import { systemClock } from "./timers.js";

/** A store that records each commit, and an executor whose containers are driven by the test. */
function harness(options: { failCommit?: number } = {}) {
  const log: string[] = [];
  const commits: CommitBatch[] = [];
  const store = {
    async commit(batch: CommitBatch) {
      if (commits.length + 1 === options.failCommit) throw new Error("disk full");
      commits.push(batch);
      log.push(`commit ${batch.put.length} objects`);
      return {};
    },
  } as unknown as Store;
  let report: (r: ExecutorReport) => void = () => {};
  const launches: ContainerLaunch[] = [];
  const executor = {
    start(l: ContainerLaunch) {
      log.push(`start ${l.container}`);
      launches.push(l);
    },
    killPod() {},
    onReport(listener: (r: ExecutorReport) => void) {
      report = listener;
    },
    onOutput() {},
  } as unknown as Executor;
  const runtime = new Runtime({ runId: "r", store, executor, clock: systemClock });
  const settle = () => new Promise((r) => setTimeout(r, 80));
  const container = (type: "ContainerStarted" | "ContainerExited", l: ContainerLaunch) =>
    report(type === "ContainerStarted"
      ? { type, podUid: l.podUid, container: l.container, attempt: l.attempt, pid: 1, at: Date.now() }
      : { type, podUid: l.podUid, container: l.container, attempt: l.attempt, exitCode: 0, reason: "Completed", at: Date.now() });
  return { runtime, log, commits, launches, settle, container };
}

describe("runtime", () => {
  it("commits what the engine decided before it performs any action", async () => {
    const h = harness();
    h.runtime.submit([job("a")]);
    await h.settle();
    expect(h.log).toEqual(["commit 2 objects", "start main"]);
  });

  it("lets a tick that asks for nothing ride along with the next commit", async () => {
    const h = harness();
    h.runtime.submit([job("a")]);
    await h.settle();
    h.container("ContainerStarted", h.launches[0]!);
    await new Promise((r) => setImmediate(r)); // the 'started' tick runs on its own, and asks for nothing
    h.container("ContainerExited", h.launches[0]!);
    expect(await h.runtime.finishedPhase()).toBe("Succeeded");
    expect(h.commits).toHaveLength(2);
    const last = h.commits[1]!;
    expect(last.runPhase?.phase).toBe("Succeeded");
    const pods = last.put.filter((o) => o.kind === "Pod").map((o) => JSON.stringify(o.body));
    expect(pods).toHaveLength(1); // written once, as it is now: started, then ended
    expect(pods[0]).toContain('"startedAt"');
    expect(pods[0]).toContain('"terminated"');
  });

  it("still writes a lone 'started' within a short while", async () => {
    const h = harness();
    h.runtime.submit([job("a")]);
    await h.settle();
    h.container("ContainerStarted", h.launches[0]!);
    await h.settle();
    expect(h.commits).toHaveLength(2);
    expect(JSON.stringify(h.commits[1]!.put)).toContain('"running"');
  });

  it("stops everything when the store fails, and says why", async () => {
    const h = harness({ failCommit: 1 });
    h.runtime.submit([job("a")]);
    await expect(h.runtime.finishedPhase()).rejects.toThrow(/could not record/);
    expect(h.log).toEqual([]);
  });
});
