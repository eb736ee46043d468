#!/usr/bin/env node
/**
 * `baton server` under load: 200 clients that submit one-pod Jobs of `true` and watch each to
 * completion (`npm run bench -- server`, or on its own: `npm run build && node bench/server-load.mjs`).
 *
 * The server is a process of its own on a fresh $BATON_HOME, as a user runs it. The clients run in
 * CLIENT_PROCS other processes (default 2, one per core here): not in the server's event loop, whose
 * time they would take, and not all in one loop of their own, where a client late to read its
 * stream would look like a slow server. Each client has a namespace, one watch of it and one event
 * stream of it (BatonClient.watch and watchEvents), and submits with BatonClient.submit. Loads, each
 * on a fresh server:
 * - rate: LOAD_RATE submissions/s offered (a list; default 100,500, 500 being the target): each
 *   client every LOAD_CLIENTS/LOAD_RATE s, evenly spread, one request at a time; its Jobs are
 *   followed while the next ones go out. A send that could not go on time is recorded as late.
 * - max: closed loop: each client submits its next Job once its last one completed.
 * Measured: accepted submissions (201) per second; the time to the answer; submit → first container
 * start, the start being the pod's containerStatuses[0].state.running.startedAt (when the kubelet
 * learnt that the process runs; for a `true` that already ended, state.terminated.startedAt) —
 * Baton's kubelet records no `Started` event; event-stream lag, from an event's eventTime to its
 * arrival at a client; the server's peak RSS (VmHWM); CPU of the server, its spawners, the clients
 * and the whole machine (others' work shows there), how long the server's loop waited for a CPU
 * (/proc/PID/schedstat: contention), and CPU per submission.
 * Baselines (context: the target is absolute): the same clients against a bare hono server that
 * parses the request and answers 201, and `seq 2000 | xargs -P2 -n1 true`.
 *
 * Env: REPEAT (3), LOAD_CLIENTS (200), LOAD_SECONDS (10), LOAD_RATE (100,500), CLIENT_PROCS (2),
 * LOAD_ONLY (rate,max,baselines), BATON_DIST (../dist), CPU_PROF=DIR (the server runs with
 * node --cpu-prof, profiles into DIR). Progress on stderr, one JSON line on stdout (median of REPEAT).
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const dist = process.env.BATON_DIST ? resolve(process.env.BATON_DIST) : join(here, "..", "dist");
const repeat = Number(process.env.REPEAT ?? 3);
const clientCount = Number(process.env.LOAD_CLIENTS ?? 200);
const seconds = Number(process.env.LOAD_SECONDS ?? 10);
const rates = (process.env.LOAD_RATE ?? "100,500").split(",").map(Number);
const clientProcs = Number(process.env.CLIENT_PROCS ?? 2);
const loads = (process.env.LOAD_ONLY ?? "rate,max,baselines").split(",");
const scratch = mkdtempSync(join(tmpdir(), "baton-server-load-"));
const log = (line) => process.stderr.write(`  ${line}\n`);

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
/** Nearest rank. */
function percentile(values, p) {
  if (values.length === 0) return undefined;
  const s = Float64Array.from(values).sort();
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// --- /proc readings (Linux); elsewhere the figures are left out -----------------------------------
const TICKS_PER_SECOND = 100;
function cpuMsOf(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}
/** How long the process's main thread (the event loop) waited, runnable, for a CPU: contention. */
function runDelayMs(pid) {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ")[1]) / 1e6;
  } catch {
    return undefined;
  }
}
/** CPU time of the whole machine, every process of every user (the first line of /proc/stat). */
function machineBusyMs() {
  try {
    const [, ...ticks] = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).map(Number);
    const idle = ticks[3] + ticks[4];
    return ((ticks.slice(0, 8).reduce((a, b) => a + b, 0) - idle) * 1000) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}
function childrenOf(pid) {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((t) => readFileSync(`/proc/${pid}/task/${t}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number));
  } catch {
    return [];
  }
}
function peakRssMB(pid) {
  try {
    const kb = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

// --- processes -----------------------------------------------------------------------------------
const exited = (child) => new Promise((r) => (child.exitCode !== null ? r() : child.once("exit", r)));

async function startBaton() {
  const home = mkdtempSync(join(scratch, "home-"));
  const flags = process.env.CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${resolve(process.env.CPU_PROF)}`] : [];
  const child = spawn(process.execPath, [...flags, join(dist, "cli", "main.js"), "server", "--port", "0"], { env: { ...process.env, BATON_HOME: home }, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  for (let waited = 0; ; waited += 50) {
    const record = existsSync(join(home, "server.json")) ? JSON.parse(readFileSync(join(home, "server.json"), "utf8")) : undefined;
    if (record?.pid === child.pid) return { child, url: record.url, token: readFileSync(join(home, "token"), "utf8").trim() };
    if (child.exitCode !== null || waited > 20_000) throw new Error(`baton server did not start: ${stderr}`);
    await sleep(50);
  }
}

async function startEcho() {
  const child = spawn(process.execPath, [join(here, "server-load-clients.mjs"), "echo"], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise((r) => createInterface({ input: child.stdout }).once("line", r));
  return { child, url, token: "none" };
}

/** The clients in `clientProcs` processes, started together once every stream is open. */
async function drive(server, mode, rate = 1) {
  const ids = Array.from({ length: clientCount }, (_, i) => i);
  const intervalMs = (clientCount / rate) * 1000;
  const procs = Array.from({ length: clientProcs }, (_, p) => {
    const mine = ids.filter((i) => i % clientProcs === p);
    const options = { url: server.url, token: server.token, mode, ids: mine, seconds, intervalMs, phaseMs: mine.map((i) => (i * intervalMs) / clientCount) };
    const child = spawn(process.execPath, [join(here, "server-load-clients.mjs"), "clients", JSON.stringify(options)], { stdio: ["pipe", "pipe", "inherit"], env: { ...process.env, BATON_DIST: dist } });
    const lines = createInterface({ input: child.stdout });
    const next = () => new Promise((res, rej) => {
      const gone = (code) => rej(new Error(`a client process exited (${code}) before it reported`));
      child.once("exit", gone);
      lines.once("line", (line) => (child.off("exit", gone), res(line)));
    });
    return { child, ready: next(), next };
  });
  await Promise.all(procs.map((p) => p.ready));
  const results = procs.map((p) => p.next());
  const goAt = Date.now() + 200;
  for (const p of procs) p.child.stdin.write(`go ${goAt}\n`);
  await sleep(goAt - Date.now());
  const pids = [server.child.pid, ...childrenOf(server.child.pid)];
  const before = [...pids.map(cpuMsOf), machineBusyMs(), runDelayMs(server.child.pid)];
  await sleep(seconds * 1000);
  const after = [...pids.map(cpuMsOf), machineBusyMs(), runDelayMs(server.child.pid)];
  const parts = (await Promise.all(results)).map((line) => JSON.parse(line));
  await Promise.all(procs.map((p) => exited(p.child)));
  const cpu = (i) => (after[i] === undefined || before[i] === undefined ? undefined : (after[i] - before[i]) / (seconds * 10));
  const all = (f) => parts.flatMap(f);
  const sum = (f) => parts.reduce((n, p) => n + f(p), 0);
  const refused = {};
  for (const p of parts) for (const [status, n] of Object.entries(p.refused)) refused[status] = (refused[status] ?? 0) + n;
  return {
    perSecond: sum((p) => p.accepted) / seconds,
    startP50: percentile(all((p) => p.startMs), 0.5), startP99: percentile(all((p) => p.startMs), 0.99),
    answerP50: percentile(all((p) => p.rttMs), 0.5), answerP99: percentile(all((p) => p.rttMs), 0.99),
    lagP50: percentile(all((p) => p.lagMs), 0.5), lagP99: percentile(all((p) => p.lagMs), 0.99),
    lateP99: percentile(all((p) => p.lateMs), 0.99),
    completed: sum((p) => p.completed), failed: sum((p) => p.failed), unfinished: sum((p) => p.unfinished), noStart: sum((p) => p.noStart),
    refused, errors: all((p) => p.errors).slice(0, 3),
    serverCpu: cpu(0), spawnerCpu: pids.length > 1 ? pids.slice(1).reduce((n, _, i) => n + (cpu(i + 1) ?? 0), 0) : undefined,
    machineCpu: cpu(pids.length),
    serverWaitedForCpu: cpu(pids.length + 1),
    // CPU time per accepted submission over the window: what bounds the rate on a machine of its own.
    serverMsPerJob: cpu(0) === undefined ? undefined : (cpu(0) * seconds * 10) / Math.max(1, sum((p) => p.accepted)),
    clientMsPerJob: sum((p) => p.cpuMs) / Math.max(1, sum((p) => p.accepted)),
    clientCpu: sum((p) => p.cpuMs) / (seconds * 10),
  };
}

async function measureBaton(mode, rate) {
  const server = await startBaton();
  try {
    const r = await drive(server, mode, rate);
    return { ...r, peakRssMB: peakRssMB(server.child.pid) };
  } finally {
    server.child.kill("SIGTERM");
    await exited(server.child);
  }
}

const ms = (v) => (v === undefined ? "—" : `${Math.round(v)} ms`);
const pct = (v) => (v === undefined ? "—" : `${Math.round(v)}%`);
function describe(r) {
  const problems = [r.failed && `${r.failed} failed`, r.unfinished && `${r.unfinished} unfinished`, r.noStart && `${r.noStart} without a start`, Object.keys(r.refused).length && `refused ${JSON.stringify(r.refused)}`, r.errors.length && `errors: ${r.errors.join("; ")}`].filter(Boolean);
  return `${Math.round(r.perSecond)} accepted/s, answered p50 ${ms(r.answerP50)} p99 ${ms(r.answerP99)}, submit→start p50 ${ms(r.startP50)} p99 ${ms(r.startP99)}, event lag p50 ${ms(r.lagP50)} p99 ${ms(r.lagP99)}, ` +
    `CPU: server ${pct(r.serverCpu)}, spawners ${pct(r.spawnerCpu)}, clients ${pct(r.clientCpu)}, whole machine ${pct(r.machineCpu)} of ${cpus().length * 100}%, the server's loop waited for a CPU ${pct(r.serverWaitedForCpu)} of the time; per submission ${r.serverMsPerJob?.toFixed(2)} ms server CPU, ${r.clientMsPerJob.toFixed(2)} ms clients; peak RSS ${Math.round(r.peakRssMB ?? 0)} MB` +
    (r.lateP99 !== undefined ? `, sends late p99 ${ms(r.lateP99)}` : "") + (problems.length ? ` (${problems.join(", ")})` : "");
}

async function main() {
  process.stderr.write(`baton server under load: ${clientCount} clients in ${clientProcs} processes, ${seconds} s per load, load average now ${loadavg().map((l) => l.toFixed(2)).join(" ")}\n`);
  const runs = { rate: rates.map(() => []), max: [], echo: [], xargs: [] };
  for (let i = 0; i < repeat; i++) {
    const label = `run ${i + 1}/${repeat}`;
    for (const [k, rate] of rates.entries()) {
      if (!loads.includes("rate")) break;
      runs.rate[k].push(await measureBaton("rate", rate));
      log(`${rate}/s offered, ${label}: ${describe(runs.rate[k].at(-1))}`);
    }
    if (loads.includes("max")) {
      runs.max.push(await measureBaton("max"));
      log(`closed loop, ${label}: ${describe(runs.max.at(-1))}`);
    }
    if (!loads.includes("baselines")) continue;
    const echo = await startEcho();
    try {
      runs.echo.push(await drive(echo, "echo"));
    } finally {
      echo.child.kill("SIGTERM");
      await exited(echo.child);
    }
    const n = 2000;
    const t0 = process.hrtime.bigint();
    spawnSync("sh", ["-c", `seq ${n} | xargs -P2 -n1 true`]);
    runs.xargs.push(n / (Number(process.hrtime.bigint() - t0) / 1e9));
    log(`baselines, ${label}: bare hono ${Math.round(runs.echo.at(-1).perSecond)} requests/s (clients CPU ${pct(runs.echo.at(-1).clientCpu)}), xargs -P2 ${Math.round(runs.xargs.at(-1))} true/s`);
  }
  const pick = (list) => {
    if (list.length === 0) return {};
    const out = {};
    for (const key of Object.keys(list[0])) {
      const values = list.map((r) => r[key]);
      out[key] = values.every((v) => typeof v === "number") ? median(values) : values[0];
    }
    return out;
  };
  const result = { bench: "server-load", clients: clientCount, clientProcs, seconds, repeat, rateLoads: rates.map((rate, k) => ({ rate, ...pick(runs.rate[k]) })).filter((r) => r.perSecond !== undefined), maxLoad: runs.max.length ? pick(runs.max) : undefined, echoPerSecond: median(runs.echo.map((r) => r.perSecond)), echoClientCpu: median(runs.echo.map((r) => r.clientCpu)), xargsPerSecond: median(runs.xargs), target: "500 submissions/s, p99 submit→start < 50 ms" };
  process.stdout.write(JSON.stringify(result) + "\n");
  rmSync(scratch, { recursive: true, force: true });
}

await main();
