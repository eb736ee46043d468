import { describe, expect, it } from "vitest";
import type { Job, Pod } from "../model/index.js";
import { Simulation, job, type Behaviour } from "../testing/index.js";

const ok: Behaviour = () => ({ durationMs: 1000, exitCode: 0 });
const fails: Behaviour = () => ({ durationMs: 1000, exitCode: 1 });

function runJob(j: Job, behaviour: Behaviour, until?: number) {
  const sim = new Simulation(behaviour);
  sim.submit([j]);
  sim.run(until === undefined ? {} : { until });
  const entry = sim.state.get(j.metadata.uid)!;
  const pods = [...sim.state.entries.values()].filter((e) => e.kind === "Pod").map((e) => e.object as Pod);
  return { sim, job: entry.object as Job, pods };
}

const conditions = (j: Job) => j.status.conditions.map((c) => `${c.type}:${c.reason}`);

describe("Job completions and parallelism", () => {
  it("runs completions one at a time with parallelism 1 and completes", () => {
    const { job: j, sim } = runJob(job("c3", { completions: 3, parallelism: 1 }), ok);
    expect(j.status.succeeded).toBe(3);
    expect(conditions(j)).toEqual(["SuccessCriteriaMet:CompletionsReached", "Complete:CompletionsReached"]);
    expect(j.status.completionTime).toBe(new Date(3000).toISOString());
    expect(sim.started).toHaveLength(3);
  });

  it("runs parallelism pods at once in work-queue mode and completes when all ended", () => {
    const { job: j, sim } = runJob(job("wq", { completions: undefined, parallelism: 3 }), ok);
    expect(sim.started.map((l) => l.podName)).toHaveLength(3);
    expect(j.status.succeeded).toBe(3);
    expect(conditions(j)).toContain("Complete:CompletionsReached");
  });

  it("gives Indexed pods their index, hostname and completedIndexes", () => {
    const { job: j, sim } = runJob(job("ix", { completions: 4, parallelism: 2, completionMode: "Indexed" }), ok);
    expect(sim.started.map((l) => l.env.JOB_COMPLETION_INDEX)).toEqual(["0", "1", "2", "3"]);
    expect(sim.started.map((l) => l.env.HOSTNAME)).toEqual(["ix-0", "ix-1", "ix-2", "ix-3"]);
    expect(j.status.completedIndexes).toBe("0-3");
    expect(j.status.active).toBe(0);
  });
});

describe("Job failures", () => {
  it("retries up to backoffLimit with doubling back-off, then fails with BackoffLimitExceeded", () => {
    const { job: j, sim } = runJob(job("bl", { backoffLimit: 2 }), fails);
    expect(sim.started).toHaveLength(3);
    expect(j.status.failed).toBe(3);
    expect(conditions(j)).toEqual(["FailureTarget:BackoffLimitExceeded", "Failed:BackoffLimitExceeded"]);
    // pod 1 ends at 1 s, back-off 10 s → pod 2 at 11 s, ends 12 s, back-off 20 s → pod 3 at 32 s
    expect(j.status.conditions[1]!.lastTransitionTime).toBe(new Date(33_000).toISOString());
    expect(j.status.completionTime).toBeUndefined();
  });

  it("scales the back-off with baton.dev/backoff-base", () => {
    const { job: j } = runJob(job("bb", { backoffLimit: 2 }, {}, { "baton.dev/backoff-base": "100ms" }), fails);
    expect(j.status.conditions[1]!.lastTransitionTime).toBe(new Date(3300).toISOString());
  });

  it("kills the running pod and fails with DeadlineExceeded at activeDeadlineSeconds", () => {
    const { job: j, pods } = runJob(job("dl", { activeDeadlineSeconds: 2 }), () => ({ durationMs: 5000, exitCode: 0 }));
    expect(conditions(j)).toEqual(["FailureTarget:DeadlineExceeded", "Failed:DeadlineExceeded"]);
    expect(j.status.conditions[1]!.lastTransitionTime).toBe(new Date(2000).toISOString());
    expect(pods[0]!.status.containerStatuses[0]!.state.terminated!.exitCode).toBe(143);
    expect(j.status.failed).toBe(1);
  });

  it("restarts in place under OnFailure and counts restarts toward backoffLimit", () => {
    let n = 0;
    const flaky: Behaviour = () => ({ durationMs: 100, exitCode: ++n >= 3 ? 0 : 1 });
    const { job: j, pods } = runJob(job("of", { backoffLimit: 4 }, { restartPolicy: "OnFailure" }), flaky);
    expect(conditions(j)).toContain("Complete:CompletionsReached");
    expect(pods).toHaveLength(1);
    expect(pods[0]!.status.containerStatuses[0]!.restartCount).toBe(2);

    const { job: j2 } = runJob(job("of2", { backoffLimit: 2 }, { restartPolicy: "OnFailure" }), fails);
    expect(conditions(j2)).toEqual(["FailureTarget:BackoffLimitExceeded", "Failed:BackoffLimitExceeded"]);
  });

  it("fails at once on a FailJob podFailurePolicy rule", () => {
    const spec = { backoffLimit: 5, podFailurePolicy: { rules: [{ action: "FailJob" as const, onExitCodes: { containerName: "main", operator: "In" as const, values: [42] } }] } };
    const { job: j, sim, pods } = runJob(job("pf", spec), () => ({ durationMs: 10, exitCode: 42 }));
    expect(sim.started).toHaveLength(1);
    expect(conditions(j)).toEqual(["FailureTarget:PodFailurePolicy", "Failed:PodFailurePolicy"]);
    expect(j.status.conditions[1]!.message).toBe(`Container main for pod default/${pods[0]!.metadata.name} failed with exit code 42 matching FailJob rule at index 0`);
  });

  it("does not count failures an Ignore rule matches", () => {
    let n = 0;
    const spec = { backoffLimit: 0, podFailurePolicy: { rules: [{ action: "Ignore" as const, onExitCodes: { operator: "In" as const, values: [7] } }] } };
    const { job: j } = runJob(job("ig", spec), () => ({ durationMs: 10, exitCode: ++n < 3 ? 7 : 0 }));
    expect(j.status.failed).toBe(0);
    expect(conditions(j)).toContain("Complete:CompletionsReached");
  });
});

describe("Indexed Jobs with per-index limits and success policy", () => {
  const index2fails: Behaviour = (l) => ({ durationMs: 10, exitCode: l.env.JOB_COMPLETION_INDEX === "2" ? 1 : 0 });

  it("marks an index failed after backoffLimitPerIndex and fails with FailedIndexes at the end", () => {
    const { job: j, sim } = runJob(job("pi", { completions: 4, parallelism: 2, completionMode: "Indexed", backoffLimitPerIndex: 1, backoffLimit: 2147483647 }), index2fails);
    expect(sim.started.filter((l) => l.env.JOB_COMPLETION_INDEX === "2")).toHaveLength(2);
    expect(j.status.failedIndexes).toBe("2");
    expect(j.status.completedIndexes).toBe("0,1,3");
    expect(conditions(j)).toEqual(["FailureTarget:FailedIndexes", "Failed:FailedIndexes"]);
  });

  it("fails with MaxFailedIndexesExceeded once more indexes failed than allowed", () => {
    const { job: j } = runJob(job("mf", { completions: 4, parallelism: 1, completionMode: "Indexed", backoffLimitPerIndex: 0, maxFailedIndexes: 0, backoffLimit: 2147483647 }), index2fails);
    expect(conditions(j)).toEqual(["FailureTarget:MaxFailedIndexesExceeded", "Failed:MaxFailedIndexesExceeded"]);
  });

  it("completes on a successPolicy rule and terminates the other pods", () => {
    const slowExcept0: Behaviour = (l) => ({ durationMs: l.env.JOB_COMPLETION_INDEX === "0" ? 10 : 10_000, exitCode: 0 });
    const { job: j, pods } = runJob(job("sp", { completions: 3, parallelism: 3, completionMode: "Indexed", successPolicy: { rules: [{ succeededIndexes: "0" }] } }), slowExcept0);
    expect(conditions(j)).toEqual(["SuccessCriteriaMet:SuccessPolicy", "Complete:SuccessPolicy"]);
    expect(j.status.conditions[0]!.message).toBe("Matched rules at index 0");
    expect(pods.filter((p) => p.status.phase === "Failed")).toHaveLength(2);
    expect(j.status.failed).toBe(0);
  });
});

describe("suspend, stop and TTL", () => {
  it("creates no pods while suspended and runs after resume", () => {
    const j = job("su", { suspend: true });
    const sim = new Simulation(ok);
    sim.submit([j]);
    sim.run();
    expect(sim.started).toHaveLength(0);
    expect(conditions(sim.state.get(j.metadata.uid)!.object as Job)).toEqual(["Suspended:JobSuspended"]);
    sim.push({ type: "SuspendChanged", uid: j.metadata.uid, suspend: false, at: 5000 });
    sim.run();
    const after = sim.state.get(j.metadata.uid)!.object as Job;
    expect(conditions(after)).toEqual(["Suspended:JobResumed", "SuccessCriteriaMet:CompletionsReached", "Complete:CompletionsReached"]);
    expect(after.status.startTime).toBe(new Date(5000).toISOString());
  });

  it("deletes a Job and its pods ttlSecondsAfterFinished after it finished", () => {
    const sim = new Simulation(ok);
    sim.submit([job("ttl", { ttlSecondsAfterFinished: 5 })]);
    sim.run({ until: 5999 });
    expect(sim.state.entries.size).toBe(2);
    sim.run();
    expect(sim.state.entries.size).toBe(0);
  });

  it("ends everything at a stop, without counting the killed pods", () => {
    const j = job("st", { completions: 2 });
    const sim = new Simulation(() => ({ durationMs: 10_000, exitCode: 0 }));
    sim.submit([j]);
    sim.run({ until: 500 });
    sim.push({ type: "StopRequested", at: 1000, message: "stopped by the user" });
    sim.run();
    const after = sim.state.get(j.metadata.uid)!.object as Job;
    expect(conditions(after)).toEqual(["FailureTarget:Stopped", "Failed:Stopped"]);
    expect(after.status.failed).toBe(0);
    expect(sim.runningCount()).toBe(0);
  });
});
