#!/usr/bin/env node
/**
 * Work queues on one Redis, in one run: BullMQ, Baton's Redis backend, and Baton's embedded
 * backend (the SQLite file) beside them. `npm run bench -- queues`, or on its own after a build:
 *
 *   npm run build --silent && node bench/queues.mjs
 *   QUEUE_ITEMS=20000 REPEAT=1 QUEUE_SYSTEMS=BullMQ,Redis QUEUE_CONSUMERS=8 node bench/queues.mjs
 *
 * Measured the same way for each system (median of REPEAT rounds, the systems in turn):
 * - enqueue: QUEUE_ITEMS (100,000) items of 16 bytes in bulk, 10,000 a call (Baton: push;
 *   BullMQ: addBulk of jobs whose data is a JSON object of about that size, removeOnComplete).
 * - drain: then lease+ack them all with 1 consumer and with 8 (QUEUE_CONSUMERS). Each consumer has
 *   its own connection and holds one item at a time. BullMQ: a Worker of concurrency 1 per
 *   consumer, whose finishing a job fetches the next in the same script call. Baton: the ack of an
 *   item and the lease of the next are sent together on the consumer's connection (one round
 *   trip; Redis runs the ack first), through the port's plain ack and lease. items/s from starting
 *   the consumers to the last ack.
 * - latency push → lease, in a pass of its own: items pushed at a steady QUEUE_RATE (1,000/s, under
 *   every system's throughput) for QUEUE_LATENCY_S (5 s) while the consumers wait; each item carries
 *   the time it was sent, and the consumer takes it from the time the item reaches it (the first
 *   tenth warms up and is left out). A drain pass would measure the queue's length, not the queue:
 *   its last item waits for all the others. QUEUE_DEBUG=1 lists the slow ones.
 * Producer and consumers share this one process, for every system alike. An idle Baton consumer
 * polls (lease; 1 ms pause when nothing is ready), since the port has no blocking lease; BullMQ's
 * Worker blocks on Redis (BZPOPMIN) instead.
 *
 * BullMQ comes from bench/.deps (installed on first use, see below). BATON_BENCH_REDIS_URL
 * picks the server (default redis://127.0.0.1:6379); keys are under a prefix of this run, removed
 * at the end. Progress and the table go to stderr; one JSON line (with the rows) to stdout.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { spawnSync } from "node:child_process";
import { createClient } from "redis";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const N = Number(process.env.QUEUE_ITEMS ?? 100_000);
const REPEAT = Number(process.env.REPEAT ?? 3);
const RATE = Number(process.env.QUEUE_RATE ?? 1000);
const LATENCY_S = Number(process.env.QUEUE_LATENCY_S ?? 5);
const REDIS_URL = process.env.BATON_BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
const CHUNK = 10_000;
const CONSUMERS = (process.env.QUEUE_CONSUMERS ?? "1,8").split(",").map(Number);
const ONLY = process.env.QUEUE_SYSTEMS?.split(","); // e.g. "BullMQ,Redis"
const run = `${process.pid}-${Date.now().toString(36)}`;
const log = (line) => process.stderr.write(`${line}\n`);

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))];

/** 16 bytes whose first 8 are the time the item was sent (performance.now(), ms). */
function stamped(at) {
  const data = new Uint8Array(16);
  new DataView(data.buffer).setFloat64(0, at, true);
  return data;
}
const stampOf = (data) => new DataView(data.buffer, data.byteOffset, data.byteLength).getFloat64(0, true);

/**
 * BullMQ is not one of Baton's dependencies (its optional native packages are missing from the
 * registry this project uses, which broke npm ci): it is installed here on first use, with ioredis,
 * its usual driver, into bench/.deps (git ignores it). QUEUE_BULLMQ_DRIVER=node-redis runs it on
 * its adapter for node-redis instead, the driver Baton uses.
 */
const BULLMQ = "bullmq@6.7.0";
const IOREDIS = "ioredis@5.11.1";
const deps = join(root, "bench", ".deps");
const fromDeps = createRequire(join(deps, "package.json"));
function loadBullmq() {
  if (![BULLMQ, IOREDIS].every((p) => existsSync(join(deps, "node_modules", p.split("@")[0], "package.json")))) {
    log(`installing ${BULLMQ} and ${IOREDIS} into bench/.deps (once)`);
    const npm = spawnSync("npm", ["install", "--prefix", deps, "--save-exact", "--no-audit", "--no-fund", BULLMQ, IOREDIS], { stdio: ["ignore", 2, 2] });
    if (npm.status !== 0) throw new Error(`npm install ${BULLMQ} ${IOREDIS} into bench/.deps failed`);
  }
  return fromDeps("bullmq");
}
const { Queue, RedisConnection, Worker, createNodeRedisClient } = loadBullmq();
let bullmqDriver = `ioredis ${fromDeps("ioredis/package.json").version}`;
if (process.env.QUEUE_BULLMQ_DRIVER === "node-redis") {
  bullmqDriver = "its node-redis adapter";
  RedisConnection.clientFactory = () => createNodeRedisClient(createClient({ url: REDIS_URL }));
}
const bullmqVersion = fromDeps("bullmq/package.json").version;

function bullmq() {
  const { hostname, port } = new URL(REDIS_URL);
  const connection = { host: hostname, port: Number(port || 6379), maxRetriesPerRequest: null };
  const prefix = `baton-bench-bullmq-${run}`;
  let queue;
  let seq = 0;
  return {
    name: "BullMQ",
    async open() {
      queue = new Queue(`q${++seq}`, { connection, prefix });
      await queue.waitUntilReady();
    },
    push: (count, at) => queue.addBulk(Array.from({ length: count }, () => ({ name: "item", data: { t: at, p: "1234" }, opts: { removeOnComplete: true, removeOnFail: true } }))),
    async consume(consumers, leased, acked) {
      const workers = Array.from({ length: consumers }, () => {
        const worker = new Worker(queue.name, async (job) => leased(job.data.t), { connection, prefix, concurrency: 1 });
        worker.on("completed", acked);
        return worker;
      });
      return () => Promise.all(workers.map((w) => w.close()));
    },
    async left() {
      const c = await queue.getJobCounts("waiting", "active", "delayed", "prioritized");
      return Object.values(c).reduce((a, b) => a + b, 0);
    },
    async close() {
      await queue.obliterate({ force: true });
      await queue.close();
    },
  };
}

/**
 * A Baton backend: `open()` gives a QueueBackend, one connection each. With `combined`, a consumer
 * finishes an item with the Redis backend's ackAndLease (one script) instead of the port's ack and
 * lease (two scripts, sent together).
 */
function baton(name, open, combined = false) {
  let queue;
  let admin;
  let seq = 0;
  return {
    name,
    async open() {
      admin ??= await open();
      queue = `q${++seq}`;
      await admin.create(queue, { maxAttempts: 5, maxItemBytes: 1024 });
    },
    push: (count, at) => admin.push(queue, Array.from({ length: count }, () => ({ data: stamped(at) })), Date.now()),
    async consume(consumers, leased, acked) {
      let stopped = false;
      const backends = await Promise.all(Array.from({ length: consumers }, () => open()));
      const lease = (q) => q.lease(queue, { count: 1, leaseMs: 60_000 }, Date.now());
      const loops = backends.map(async (q) => {
        let { items } = await lease(q);
        while (!stopped) {
          const [item] = items;
          if (!item) {
            await sleep(1);
            ({ items } = await lease(q));
            continue;
          }
          leased(stampOf(item.data));
          if (combined) {
            ({ items } = await q.ackAndLease(queue, item.leaseId, { count: 1, leaseMs: 60_000 }, Date.now()));
          } else {
            // The ack and the next lease leave together, on one connection: one round trip, and
            // Redis runs the ack first.
            ({ items } = (await Promise.all([q.ack(queue, item.leaseId, Date.now()), lease(q)]))[1]);
          }
          acked();
        }
        for (const item of items) await q.nack(queue, item.leaseId, {}, Date.now());
      });
      return async () => {
        stopped = true;
        await Promise.all(loops);
        await Promise.all(backends.map((q) => q.close()));
      };
    },
    async left() {
      const s = await admin.stats(queue, Date.now());
      return s.ready + s.delayed + s.leased;
    },
    async close() {
      await admin.delete(queue);
    },
    async end() {
      await admin?.close();
    },
  };
}

/** Resolves when `count` items were acked; a run that stops moving for a minute fails instead. */
function counter(count) {
  let done = 0;
  let last = performance.now();
  let resolve;
  const all = new Promise((r) => (resolve = r));
  const acked = () => {
    last = performance.now();
    if (++done === count) resolve();
  };
  const stuck = async () => {
    while (performance.now() - last < 60_000) await sleep(1000, undefined, { ref: false });
    throw new Error(`stuck: ${done} of ${count} acked, none in the last minute`);
  };
  return { acked, all: () => Promise.race([all, stuck()]) };
}

async function drain(system, consumers) {
  await system.open();
  let started = performance.now();
  for (let i = 0; i < N; i += CHUNK) await system.push(Math.min(CHUNK, N - i), 0);
  const enqueue = N / ((performance.now() - started) / 1000);
  const count = counter(N);
  started = performance.now();
  const stop = await system.consume(consumers, () => {}, count.acked);
  await count.all();
  const perSecond = N / ((performance.now() - started) / 1000);
  await stop();
  const left = await system.left();
  await system.close();
  if (left !== 0) throw new Error(`${system.name}: ${left} items left after the drain`);
  return { enqueue, perSecond };
}

async function latency(system, consumers) {
  await system.open();
  const total = RATE * LATENCY_S;
  const samples = [];
  const count = counter(total);
  const stop = await system.consume(consumers, (at) => samples.push(performance.now() - at), count.acked);
  const started = performance.now();
  for (let sent = 0; sent < total; ) {
    const due = Math.min(total, Math.floor(((performance.now() - started) * RATE) / 1000) + 1);
    if (due > sent) {
      await system.push(due - sent, performance.now());
      sent = due;
    } else await sleep(1);
  }
  await count.all();
  await stop();
  await system.close();
  const steady = samples.slice(Math.floor(samples.length / 10)); // the first tenth warms up
  if (process.env.QUEUE_DEBUG) {
    const slow = steady.map((v, i) => [i, v]).filter(([, v]) => v > 5);
    log(`    ${system.name} ×${consumers}: ${slow.length} of ${steady.length} over 5 ms: ${slow.slice(0, 40).map(([i, v]) => `${i}:${v.toFixed(0)}`).join(" ")}`);
  }
  return { p50: percentile(steady, 0.5), p99: percentile(steady, 0.99) };
}

async function dropKeys(pattern) {
  const client = createClient({ url: REDIS_URL });
  await client.connect();
  for await (const keys of client.scanIterator({ MATCH: pattern, COUNT: 1000 })) if (keys.length > 0) await client.unlink(keys);
  client.destroy();
}

const { openRedisQueues } = await import(pathToFileURL(join(root, "dist", "queues", "redis", "index.js")).href);
const openRedis = () => openRedisQueues({ url: REDIS_URL, prefix: `baton-bench-${run}:` });
const systems = [bullmq(), baton("Redis", openRedis), baton("Redis-ackAndLease", openRedis, true)];
let scratch;
try {
  const { openEmbeddedQueues } = await import(pathToFileURL(join(root, "dist", "queues", "embedded", "index.js")).href);
  scratch = mkdtempSync(join(tmpdir(), "baton-bench-queues-"));
  systems.push(baton("embedded", async () => openEmbeddedQueues(join(scratch, "baton.db"))));
} catch (error) {
  log(`the embedded backend is not measured: ${error.message.split("\n")[0]}`);
}

if (ONLY) systems.splice(0, systems.length, ...systems.filter((s) => ONLY.includes(s.name)));
const server = createClient({ url: REDIS_URL });
await server.connect();
const redisVersion = /redis_version:(\S+)/.exec(await server.info("server"))?.[1];
server.destroy();
log(`work queues: ${N.toLocaleString("en")} items, Redis ${redisVersion} at ${REDIS_URL}, BullMQ ${bullmqVersion} on ${bullmqDriver}, ${cpus().length} CPUs; ${REPEAT} rounds`);

const raw = Object.fromEntries(systems.map((s) => [s.name, { enqueue: [], drain: { 1: [], 8: [] }, p50: { 1: [], 8: [] }, p99: { 1: [], 8: [] } }]));
try {
  for (let round = 0; round < REPEAT; round++) {
    for (const system of [...systems.slice(round % systems.length), ...systems.slice(0, round % systems.length)]) {
      const r = raw[system.name];
      for (const consumers of CONSUMERS) {
        const d = await drain(system, consumers);
        r.enqueue.push(d.enqueue);
        r.drain[consumers].push(d.perSecond);
        const l = LATENCY_S > 0 ? await latency(system, consumers) : { p50: NaN, p99: NaN };
        r.p50[consumers].push(l.p50);
        r.p99[consumers].push(l.p99);
        log(`  round ${round + 1}/${REPEAT} ${system.name}, ${consumers} consumer${consumers > 1 ? "s" : ""}: enqueue ${Math.round(d.enqueue)}/s, lease+ack ${Math.round(d.perSecond)}/s, push→lease p50 ${l.p50.toFixed(2)} ms, p99 ${l.p99.toFixed(2)} ms`);
      }
    }
  }
} finally {
  for (const s of systems) await s.end?.();
  await dropKeys(`baton-bench-${run}:*`);
  await dropKeys(`baton-bench-bullmq-${run}:*`);
  if (scratch) rmSync(scratch, { recursive: true, force: true });
}

const results = Object.fromEntries(Object.entries(raw).map(([name, r]) => [name, {
  enqueue: median(r.enqueue),
  ...Object.fromEntries(CONSUMERS.map((c) => [`c${c}`, { perSecond: median(r.drain[c]), p50: median(r.p50[c]), p99: median(r.p99[c]) }])),
}]));
const fmt = (v) => Math.round(v).toLocaleString("en");
const ms = (v) => `${v.toFixed(1)} ms`;
const { BullMQ: bull, Redis: port, "Redis-ackAndLease": combined, embedded } = results;
const ratio = (a, b) => (a && b ? `${(a / b).toFixed(2)}× BullMQ` : undefined);
const redisCell = (k) => [
  combined && `Redis with ackAndLease: ${fmt(combined[k].perSecond)}/s, p99 ${ms(combined[k].p99)}`,
  port && `Redis, the port's ack + lease: ${fmt(port[k].perSecond)}/s, p99 ${ms(port[k].p99)}`,
  embedded && `embedded: ${fmt(embedded[k].perSecond)}/s, p99 ${ms(embedded[k].p99)}`,
].filter(Boolean).join("; ") || "—";
const ratios = (k) => [combined && ratio(combined[k].perSecond, bull?.[k].perSecond), port && ratio(port[k].perSecond, bull?.[k].perSecond)]
  .filter(Boolean).map((r, i) => (i === 0 ? `**${r}**` : `(port only: ${r})`)).join(" ") || "—";
const enqueue = port ?? combined;
const rows = [
  `| work queue: enqueue ${fmt(N)} items of 16 bytes, 10,000 a call | ${[enqueue && `Redis: ${fmt(enqueue.enqueue)}/s`, embedded && `embedded: ${fmt(embedded.enqueue)}/s`].filter(Boolean).join("; ") || "—"} | ${bull ? `BullMQ addBulk: ${fmt(bull.enqueue)}/s` : "—"} | ${enqueue && bull ? `**${ratio(enqueue.enqueue, bull.enqueue)}**` : "—"} | ≥ 1× BullMQ |`,
  ...CONSUMERS.map((c) => {
    const k = `c${c}`;
    const them = bull ? `BullMQ ${c > 1 ? `${c} Workers` : "Worker"}, concurrency 1: ${fmt(bull[k].perSecond)}/s, p99 ${ms(bull[k].p99)}` : "—";
    return `| work queue: lease+ack ${fmt(N)}, ${c} consumer${c > 1 ? "s" : ""} holding one item at a time; push→lease latency at ${fmt(RATE)} items/s | ${redisCell(k)} | ${them} | ${ratios(k)} | ≥ 1× BullMQ |`;
  }),
];
log(`\nBullMQ ${bullmqVersion} on ${bullmqDriver}; median of ${REPEAT} rounds.\n| benchmark | Baton | the usual tool | result | target |\n|---|---|---|---|---|\n${rows.join("\n")}`);
console.log(JSON.stringify({ items: N, repeat: REPEAT, rate: RATE, redisVersion, bullmqVersion, bullmqDriver, results, rows }));
