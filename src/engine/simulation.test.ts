import { describe, expect, it } from "vitest";
import type { Job, Pod } from "../model/index.js";
import { IntervalSet } from "./index.js";
import { FAILING_CODES, InvariantChecker, SeededRandom, Simulation, job, randomWorkload, singleJobWorkload, workloadBehaviour, type Workload } from "../testing/index.js";

/**
 * The pure engine under thousands of random Jobs and Pods: a fake clock, fake containers, suspend
 * toggles, stops and engine restarts from the stored rows, with Kubernetes' rules checked after
 * every step (src/testing/invariants.ts). Seeded: a failure prints its seed, and
 * `SIM_SEED=<n> npx vitest run src/engine/simulation.test.ts` replays exactly that case.
 */
const CASES = Number(process.env.SIM_CASES ?? 3000);
const BASE_SEED = Number(process.env.SIM_BASE_SEED ?? 20_240_601);
const MAX_STEPS = 20_000;

interface Result {
  sim: Simulation;
  jobs: Job[];
  pods: Pod[];
}

/** Feeds a workload's submissions, suspends, stop and engine restarts to a simulation, to the end. */
function drive(sim: Simulation, w: Workload, afterCrash: (lost: ReturnType<Simulation["crash"]>) => void = () => {}): void {
  sim.submit(w.resources, 0);
  for (const s of w.suspends) {
    const r = w.resources.find((x) => x.metadata.name === s.name)!;
    sim.push({ type: "SuspendChanged", uid: r.metadata.uid, suspend: s.suspend, at: s.at });
  }
  if (w.stopAt !== undefined) sim.push({ type: "StopRequested", at: w.stopAt, message: "stopped by the simulation" });
  for (const at of w.restartsAt) {
    sim.run({ until: at, maxSteps: MAX_STEPS });
    afterCrash(sim.crash());
    sim.resume();
  }
  sim.run({ maxSteps: MAX_STEPS });
}

function simulate(w: Workload): Result {
  const checker = new InvariantChecker();
  const sim = new Simulation(workloadBehaviour(w), checker.observe, { persist: true });
  drive(sim, w, (lost) => checker.afterRestart(lost));
  checker.finish(sim);
  const entries = [...sim.state.entries.values()];
  return {
    sim,
    jobs: entries.filter((e) => e.kind === "Job").map((e) => e.object as Job),
    pods: entries.filter((e) => e.kind === "Pod" && !e.topLevel).map((e) => e.object as Pod),
  };
}

/** Runs a workload; any broken rule fails with the seed and the whole case, ready to replay. */
function runCase(w: Workload, expectOutcome?: (r: Result) => void): Result {
  try {
    const r = simulate(w);
    expectOutcome?.(r);
    return r;
  } catch (err) {
    const replay = `SIM_SEED=${w.seed} npx vitest run src/engine/simulation.test.ts`;
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`seed ${w.seed} (${w.shape}) failed: ${message}\nreplay: ${replay}\ncase: ${JSON.stringify(w)}`, { cause: err });
  }
}

const conditions = (j: Job) => j.status.conditions.filter((c) => c.status === "True").map((c) => `${c.type}:${c.reason}`);

/**
 * Situations whose result Kubernetes' Job documentation states, with random parameters.
 * https://kubernetes.io/docs/concepts/workloads/controllers/job/
 */
const documented: { shape: string; make: (rng: SeededRandom, seed: number) => { w: Workload; check: (r: Result) => void } }[] = [
  {
    // "the Job controller ... fails the Job once backoffLimit is reached": backoffLimit+1 pods, all counted.
    shape: "always-fails",
    make: (rng, seed) => {
      const limit = rng.int(0, 5);
      const code = rng.pick(FAILING_CODES);
      const j = job("af", { backoffLimit: limit, completions: rng.int(1, 3) }, {}, { "baton.dev/backoff-base": "10ms" });
      const w = singleJobWorkload(seed, "always-fails", j, () => ({ durationMs: rng.int(0, 500), exitCode: code }));
      return {
        w,
        check: ({ jobs, pods }) => {
          expect(conditions(jobs[0]!)).toEqual(["FailureTarget:BackoffLimitExceeded", "Failed:BackoffLimitExceeded"]);
          expect(pods).toHaveLength(limit + 1);
          expect(jobs[0]!.status.failed).toBe(limit + 1);
          expect(jobs[0]!.status.completionTime).toBeUndefined();
        },
      };
    },
  },
  {
    // A FailJob rule "marks the Job as failed" at the first matching pod, whatever backoffLimit says.
    shape: "fail-job-rule",
    make: (rng, seed) => {
      const code = rng.pick(FAILING_CODES);
      const rules = [{ action: "FailJob" as const, onExitCodes: { operator: "In" as const, values: [code] } }];
      const j = job("fj", { backoffLimit: rng.int(0, 6), completions: rng.int(1, 4), podFailurePolicy: { rules } });
      const w = singleJobWorkload(seed, "fail-job-rule", j, () => ({ durationMs: rng.int(0, 500), exitCode: code }));
      return {
        w,
        check: ({ jobs, pods }) => {
          expect(conditions(jobs[0]!)).toEqual(["FailureTarget:PodFailurePolicy", "Failed:PodFailurePolicy"]);
          expect(pods).toHaveLength(1);
          expect(jobs[0]!.status.failed).toBe(1);
        },
      };
    },
  },
  {
    // "completions successfully completed Pods": exactly that many pods, at most parallelism at once.
    shape: "always-succeeds",
    make: (rng, seed) => {
      const indexed = rng.chance(0.5);
      const completions = rng.int(1, 8);
      const j = job("ok", { completions, parallelism: rng.int(1, 4), completionMode: indexed ? "Indexed" : "NonIndexed" });
      const w = singleJobWorkload(seed, "always-succeeds", j, () => ({ durationMs: rng.int(0, 3000), exitCode: 0 }));
      return {
        w,
        check: ({ jobs, pods }) => {
          expect(conditions(jobs[0]!)).toEqual(["SuccessCriteriaMet:CompletionsReached", "Complete:CompletionsReached"]);
          expect(pods).toHaveLength(completions);
          expect(jobs[0]!.status.succeeded).toBe(completions);
          // Kubernetes writes two consecutive indexes as "0,1" (orderedIntervals.String); the engine
          // writes "0-1" — the same set, compared as a set here (see the report on IntervalSet).
          if (indexed) expect(IntervalSet.parse(jobs[0]!.status.completedIndexes ?? "").toJSON()).toEqual([[0, completions - 1]]);
        },
      };
    },
  },
  {
    // backoffLimitPerIndex: each index gets limit+1 pods, then the Job fails with FailedIndexes.
    shape: "indexes-fail",
    make: (rng, seed) => {
      const completions = rng.int(1, 5);
      const perIndex = rng.int(0, 2);
      const spec = { completions, parallelism: rng.int(1, 3), completionMode: "Indexed" as const, backoffLimitPerIndex: perIndex, backoffLimit: 2147483647 };
      const j = job("ixf", spec, {}, { "baton.dev/backoff-base": "10ms" });
      const w = singleJobWorkload(seed, "indexes-fail", j, () => ({ durationMs: rng.int(0, 500), exitCode: 1 }));
      return {
        w,
        check: ({ jobs, pods }) => {
          expect(conditions(jobs[0]!)).toEqual(["FailureTarget:FailedIndexes", "Failed:FailedIndexes"]);
          expect(pods).toHaveLength(completions * (perIndex + 1));
          expect(jobs[0]!.status.failed).toBe(completions * (perIndex + 1));
        },
      };
    },
  },
  {
    // activeDeadlineSeconds: "all of its running Pods are terminated and the Job status will become
    // type: Failed with reason: DeadlineExceeded", within the pods' grace period.
    shape: "deadline",
    make: (rng, seed) => {
      const ads = rng.int(1, 20);
      const grace = rng.int(0, 5);
      const ignoresTerm = rng.chance(0.5);
      const j = job("dl", { activeDeadlineSeconds: ads, completions: rng.int(1, 3), parallelism: rng.int(1, 3) }, { terminationGracePeriodSeconds: grace });
      const w = singleJobWorkload(seed, "deadline", j, () => ({ durationMs: ads * 1000 + 60_000, exitCode: 0, ignoresTerm }));
      return {
        w,
        check: ({ jobs, sim }) => {
          expect(conditions(jobs[0]!)).toEqual(["FailureTarget:DeadlineExceeded", "Failed:DeadlineExceeded"]);
          const failedAt = Date.parse(jobs[0]!.status.conditions.find((c) => c.type === "Failed")!.lastTransitionTime);
          expect(failedAt).toBe(ads * 1000 + (ignoresTerm ? grace * 1000 : 0));
          expect(sim.runningCount()).toBe(0);
        },
      };
    },
  },
];

function workloadFor(seed: number): { w: Workload; check?: (r: Result) => void } {
  const rng = new SeededRandom(seed);
  if (rng.chance(0.2)) {
    const d = rng.pick(documented);
    return d.make(rng, seed);
  }
  return { w: randomWorkload(rng, seed) };
}

describe("simulation: random Jobs and Pods under Kubernetes' rules", () => {
  const only = process.env.SIM_SEED;
  const seeds = only !== undefined ? [Number(only)] : Array.from({ length: CASES }, (_, i) => BASE_SEED + i);

  it(`keeps every invariant after every step (${seeds.length} seeded cases)`, () => {
    let steps = 0;
    let restarts = 0;
    const shapes = new Map<string, number>();
    const reasons = new Map<string, number>();
    for (const seed of seeds) {
      const { w, check } = workloadFor(seed);
      const { sim, jobs } = runCase(w, check);
      for (const j of jobs) {
        const end = j.status.conditions.find((c) => (c.type === "Complete" || c.type === "Failed") && c.status === "True");
        const key = end ? `${end.type}:${end.reason}` : "unfinished";
        reasons.set(key, (reasons.get(key) ?? 0) + 1);
      }
      steps += sim.steps;
      restarts += sim.epoch;
      shapes.set(w.shape, (shapes.get(w.shape) ?? 0) + 1);
    }
    if (process.env.SIM_STATS) console.log({ cases: seeds.length, steps, restarts, shapes: Object.fromEntries(shapes), jobEnds: Object.fromEntries(reasons) });
    // Every generator was exercised (unless one seed is replayed).
    if (only === undefined) expect([...shapes.keys()].sort()).toEqual(["random", ...documented.map((d) => d.shape)].sort());
    expect(steps).toBeGreaterThan(seeds.length);
    if (only === undefined) expect(restarts).toBeGreaterThan(0);
  });

  it("replays a seed exactly", () => {
    const seed = BASE_SEED + 7;
    const a = runCase(workloadFor(seed).w);
    const b = runCase(workloadFor(seed).w);
    expect(b.sim.steps).toBe(a.sim.steps);
    expect(JSON.stringify(b.sim.storedRows())).toBe(JSON.stringify(a.sim.storedRows()));
  });
});

describe("simulation: dropping finished pods from memory changes no decision", () => {
  /** Runs a workload the runtime's way (finished pods of Jobs leave memory once counted). */
  function evicting(w: Workload): Simulation {
    const sim = new Simulation(workloadBehaviour(w), undefined, { persist: true, evictFinishedPods: true });
    drive(sim, w);
    return sim;
  }

  it("writes the very same rows with and without eviction (300 seeded cases)", () => {
    for (let seed = BASE_SEED; seed < BASE_SEED + 300; seed++) {
      const kept = simulate(workloadFor(seed).w).sim;
      const dropped = evicting(workloadFor(seed).w);
      const rows = (sim: Simulation) => JSON.stringify([...sim.storedRows()].sort((a, b) => a.uid.localeCompare(b.uid)));
      expect(rows(dropped), `seed ${seed}: SIM_SEED=${seed}`).toBe(rows(kept));
      expect(dropped.state.entries.size).toBeLessThanOrEqual(kept.state.entries.size);
    }
  });
});
