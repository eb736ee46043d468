#!/usr/bin/env node
/**
 * The engine alone: pushes ~100,000 pods through `reconcile` with a fake executor and a fake
 * clock (a min-heap of events, as src/testing/simulation.ts does), and reports transitions per
 * second (one transition = one reconcile call) and peak memory.
 *
 *   npm run build && node bench/engine.mjs [--jobs 1000] [--completions 100] [--parallelism 10]
 *                                          [--failure-rate 0.05] [--indexed-share 0.2] [--commit-json]
 *   BATON_DIST=/tmp/enginedist node bench/engine.mjs     # an engine compiled elsewhere
 *
 * Prints one JSON line on stdout and a human line on stderr. --commit-json also serialises the
 * changed rows after every step, as the runtime's store commit would.
 */
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";

const args = process.argv.slice(2);
function option(name, fallback) {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? Number(args[i + 1]) : fallback;
}
const JOBS = option("jobs", 1000);
const COMPLETIONS = option("completions", 100);
const PARALLELISM = option("parallelism", 10);
const FAILURE_RATE = option("failure-rate", 0.05);
const INDEXED_SHARE = option("indexed-share", 0.2);
const COMMIT_JSON = args.includes("--commit-json");

const dist = process.env.BATON_DIST ? resolve(process.env.BATON_DIST) : new URL("../dist", import.meta.url).pathname;
const { EngineState, reconcile } = await import(pathToFileURL(`${dist}/engine/index.js`).href);

/** mulberry32, as src/testing/random.ts: the same run every time. */
function random(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The fake clock's queue: events by time, and in the order they were queued at equal times (as
 * src/testing's EventQueue orders them). One FIFO bucket per time, and a min-heap of the distinct
 * times only (a few hundred), so the harness's own cost stays small: a heap of all 20,000 pending
 * events cost a tenth of the measured time, in cache misses the engine does not have.
 */
class Queue {
  buckets = new Map();
  times = [];
  size = 0;
  push(at, event) {
    let bucket = this.buckets.get(at);
    if (bucket === undefined) {
      bucket = { events: [], next: 0 };
      this.buckets.set(at, bucket);
      pushTime(this.times, at);
    }
    bucket.events.push(event);
    this.size++;
  }
  /** Removes the first event; its time is then in `poppedAt`. */
  pop() {
    const at = this.times[0];
    const bucket = this.buckets.get(at);
    const event = bucket.events[bucket.next++];
    if (bucket.next === bucket.events.length) {
      this.buckets.delete(at);
      popTime(this.times);
    }
    this.size--;
    this.poppedAt = at;
    return event;
  }
}

function pushTime(h, at) {
  h.push(at);
  for (let i = h.length - 1; i > 0; ) {
    const p = (i - 1) >> 1;
    if (h[p] <= h[i]) break;
    h[i] = h[p];
    h[p] = at;
    i = p;
  }
}

function popTime(h) {
  const last = h.pop();
  if (h.length === 0) return;
  h[0] = last;
  for (let i = 0; ; ) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = i;
    if (l < h.length && h[l] < h[m]) m = l;
    if (r < h.length && h[r] < h[m]) m = r;
    if (m === i) break;
    h[i] = h[m];
    h[m] = last;
    i = m;
  }
}

function job(i) {
  const indexed = i < JOBS * INDEXED_SHARE;
  const name = `bench-${i}`;
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name, namespace: "default", uid: `uid-${name}`, labels: {}, annotations: { "baton.dev/backoff-base": "1ms" } },
    spec: {
      parallelism: PARALLELISM, completions: COMPLETIONS, completionMode: indexed ? "Indexed" : "NonIndexed",
      backoffLimit: 1_000_000, suspend: false, podReplacementPolicy: "TerminatingOrFailed",
      template: {
        metadata: { labels: {}, annotations: {} },
        spec: { containers: [{ name: "main", image: "busybox", command: ["sh", "-c", "echo $(JOB_COMPLETION_INDEX)"] }], restartPolicy: "Never", terminationGracePeriodSeconds: 30 },
      },
    },
    status: { conditions: [], active: 0, ready: 0, terminating: 0, succeeded: 0, failed: 0 },
  };
}

const rand = random(42);
const state = new EngineState();
const queue = new Queue();
const timers = new Map();
let now = 0;
let transitions = 0;
let containers = 0;
let failures = 0;
let committedBytes = 0;
const peak = { rss: 0, heapUsed: 0 };
function sample() {
  const m = process.memoryUsage();
  peak.rss = Math.max(peak.rss, m.rss);
  peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
}

function perform(a) {
  switch (a.type) {
    case "StartContainer": {
      const l = a.launch;
      containers++;
      const fails = rand() < FAILURE_RATE;
      if (fails) failures++;
      queue.push(now, { type: "ContainerStarted", podUid: l.podUid, container: l.container, attempt: l.attempt, pid: containers, at: now });
      const end = now + 1 + Math.floor(rand() * 1000);
      queue.push(end, { type: "ContainerExited", podUid: l.podUid, container: l.container, attempt: l.attempt, exitCode: fails ? 1 : 0, reason: fails ? "Error" : "Completed", at: end });
      break;
    }
    case "SetTimer":
      timers.set(a.key, a.at);
      queue.push(a.at, { type: "TimerFired", key: a.key, at: a.at });
      break;
    case "KillPod":
      break; // nothing is killed in this workload
    default:
      break;
  }
}

function step(event) {
  const { actions } = reconcile(state, event);
  const changes = state.drainChanges();
  if (COMMIT_JSON) for (const row of changes.put) committedBytes += JSON.stringify(row).length;
  transitions++;
  if ((transitions & 0x3fff) === 0) sample();
  for (const a of actions) perform(a);
}

sample();
const t0 = process.hrtime.bigint();
step({ type: "Submitted", resources: Array.from({ length: JOBS }, (_, i) => job(i)), at: 0 });
while (queue.size > 0) {
  const event = queue.pop();
  const at = queue.poppedAt;
  if (event.type === "TimerFired") {
    if (timers.get(event.key) !== at) continue;
    timers.delete(event.key);
  }
  now = Math.max(now, at);
  event.at = now;
  step(event);
}
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
sample();

// Finished pods of Jobs leave the engine's memory once counted (they live on in the store), so
// pods are counted as the Jobs report them.
let complete = 0;
let pods = 0;
for (const e of state.entries.values()) {
  if (e.kind !== "Job") continue;
  pods += e.object.status.succeeded + e.object.status.failed;
  if (e.object.status.conditions.some((c) => c.type === "Complete" && c.status === "True")) complete++;
}
const result = {
  bench: "engine",
  jobs: JOBS, completions: COMPLETIONS, parallelism: PARALLELISM, failureRate: FAILURE_RATE, indexedShare: INDEXED_SHARE, commitJson: COMMIT_JSON,
  pods, containers, failures, completeJobs: complete, unfinished: state.unfinished,
  transitions, seconds: Number(seconds.toFixed(3)), transitionsPerSecond: Math.round(transitions / seconds), podsPerSecond: Math.round(pods / seconds),
  peakRssMB: Math.round(peak.rss / 1048576), peakHeapUsedMB: Math.round(peak.heapUsed / 1048576),
  ...(COMMIT_JSON ? { committedMB: Math.round(committedBytes / 1048576) } : {}),
  node: process.version,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
process.stderr.write(
  `engine: ${transitions} transitions in ${seconds.toFixed(2)} s = ${result.transitionsPerSecond.toLocaleString("en")} /s; ` +
    `${pods} pods (${failures} failed attempts), ${complete}/${JOBS} Jobs complete; peak RSS ${result.peakRssMB} MB, heap ${result.peakHeapUsedMB} MB\n`,
);
if (complete !== JOBS) process.exitCode = 1;
