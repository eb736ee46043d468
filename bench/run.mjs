#!/usr/bin/env node
// npm run bench: Baton side by side with the tool a user would otherwise use, in the same run.
// Each figure is the median of REPEAT runs (default 3). Prints a Markdown table for the README,
// and writes bench/results/latest.json. Needs a build (npm install does it). Name benchmarks to run
// only those: npm run bench -- pods chain engine workflows (or wf-steps wf-dag wf-floor wf-plan) server queues.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chainGoal, chainMakefile, fanGoal, fanMakefile, fanWorkflowYaml, stepsChainYaml, writeInto } from "./workflows.mjs";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const repeat = Number(process.env.REPEAT ?? 3);
const only = process.argv.slice(2);
const scratch = mkdtempSync(join(tmpdir(), "baton-bench-"));
const baton = join(root, "bin", "baton.js");

function time(command, args, options = {}) {
  const started = process.hrtime.bigint();
  const r = spawnSync(command, args, { stdio: ["ignore", "pipe", "pipe"], ...options });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return { seconds, stdout: String(r.stdout) };
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Alternates the two commands REPEAT times, so both see the same machine. */
function sideBySide(label, ours, theirs) {
  const a = [], b = [];
  for (let i = 0; i < repeat; i++) {
    b.push(theirs());
    a.push(ours());
    process.stderr.write(`  ${label}: run ${i + 1}/${repeat}: baton ${a.at(-1).toFixed(2)} s, other ${b.at(-1).toFixed(2)} s\n`);
  }
  return { baton: median(a), other: median(b) };
}

function batonRun(file, options = {}) {
  const home = mkdtempSync(join(scratch, "home-"));
  return time(process.execPath, [baton, "run", "--no-live", file], { env: { ...process.env, BATON_HOME: home, NO_COLOR: "1" }, ...options }).seconds;
}

const jobYaml = (name, completions, parallelism, extra = "") => `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
${extra}spec:
  completions: ${completions}
  parallelism: ${parallelism}
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: noop
        image: busybox
        command: ["true"]
`;

const results = {};
const want = (name) => only.length === 0 || only.includes(name) || (name.startsWith("wf-") && only.includes("workflows"));
// A workflow run that takes longer than this (WF_TIMEOUT seconds) is stopped and reported as such.
const wfTimeout = Number(process.env.WF_TIMEOUT ?? 600);

/** A side-by-side run of a workflow against make, that reports a Baton run that fails or times out instead of ending the bench. */
function againstMake(label, file, makefile, goal) {
  const made = [];
  const make = () => {
    const s = time("make", ["-j2", "-f", makefile, goal], { cwd: dirname(makefile) }).seconds;
    made.push(s);
    return s;
  };
  try {
    const r = sideBySide(label, () => batonRun(file, { timeout: wfTimeout * 1000 }), make);
    return { ...r, ratio: r.baton / r.other, target: "≤ 1.5× make -j2" };
  } catch (error) {
    const timedOut = error.message.includes("exited null");
    const message = timedOut ? `did not finish in ${wfTimeout} s` : error.message.split("\n").slice(0, 3).join(" ").slice(0, 300);
    process.stderr.write(`  ${label}: baton ${message}${made.length ? `; make ${made.at(-1).toFixed(2)} s` : ""}\n`);
    return { error: message, other: made.length ? median(made) : undefined, target: "≤ 1.5× make -j2" };
  }
}

if (want("pods")) {
  process.stderr.write("a Job of 2,000 no-op pods, parallelism 2, against seq 2000 | xargs -P2 -n1 true\n");
  const file = join(scratch, "pods.yaml");
  writeFileSync(file, jobYaml("noop", 2000, 2));
  const r = sideBySide("2,000 pods", () => batonRun(file), () => time("sh", ["-c", "seq 2000 | xargs -P2 -n1 true"]).seconds);
  results.pods = { ...r, ratio: r.baton / r.other, target: "≤ 1.5× xargs" };
}

if (want("chain")) {
  process.stderr.write("a chain of 200 Jobs linked by baton.dev/depends-on, against a shell loop of 200 true\n");
  const chain = (n) => {
    const file = join(scratch, `chain-${n}.yaml`);
    writeFileSync(file, Array.from({ length: n }, (_, i) =>
      jobYaml(`link-${i}`, 1, 1, i === 0 ? "" : `  annotations:\n    baton.dev/depends-on: link-${i - 1}\n`)).join("---\n"));
    return file;
  };
  const [long, short] = [chain(200), chain(1)];
  const r = sideBySide("200-link chain", () => batonRun(long), () => time("sh", ["-c", "for i in $(seq 200); do true; done"]).seconds);
  const one = sideBySide("1-link chain", () => batonRun(short), () => time("sh", ["-c", "true"]).seconds);
  results.chain = {
    ...r,
    oneLink: one.baton,
    perLinkMs: ((r.baton - r.other) / 200) * 1000,
    marginalPerLinkMs: ((r.baton - one.baton - (r.other - one.other)) / 199) * 1000,
    target: "< 5 ms per link",
  };
}

if (want("engine")) {
  process.stderr.write("the engine alone: 100,000 pods through reconcile with a fake executor\n");
  const { stdout } = time(process.execPath, ["--expose-gc", join(root, "bench", "engine.mjs")], { stdio: ["ignore", "pipe", "inherit"] });
  results.engine = JSON.parse(stdout.trim().split("\n").at(-1));
}

if (want("wf-steps")) {
  process.stderr.write("a Workflow of 1,000 sequential steps of no-op containers, against a 1,000-target chain run by make -j2\n");
  const dir = mkdtempSync(join(scratch, "wf-steps-"));
  results.wfSteps = againstMake("1,000 steps", writeInto(dir, "chain.yaml", stepsChainYaml(1000)), writeInto(dir, "Makefile", chainMakefile(1000)), chainGoal(1000));
}

if (want("wf-dag")) {
  process.stderr.write("a fan-out/fan-in DAG of 10,000 no-op tasks (root, 10,000, final), parallelism 2, against the same graph run by make -j2\n");
  const dir = mkdtempSync(join(scratch, "wf-dag-"));
  results.wfDag = againstMake("10,000-task DAG", writeInto(dir, "fan.yaml", fanWorkflowYaml(10_000, 2)), writeInto(dir, "Makefile", fanMakefile(10_000)), fanGoal);
}

if (want("wf-floor")) {
  process.stderr.write("what a workflow run cannot go below: its containers through the executor alone (no engine, no store), and `baton run` start-up (a 1-step workflow), against make -j2\n");
  const dir = mkdtempSync(join(scratch, "wf-floor-"));
  const floor = (shape, n) => () => JSON.parse(time(process.execPath, [join(root, "bench", "workflows.mjs"), "floor", shape, String(n)]).stdout.trim().split("\n").at(-1)).seconds;
  const chain = sideBySide("executor alone, 1,000 steps", floor("chain", 1000), () => time("make", ["-j2", "-f", writeInto(dir, "Makefile.chain", chainMakefile(1000)), chainGoal(1000)], { cwd: dir }).seconds);
  const fan = sideBySide("executor alone, 10,000-task fan", floor("fan", 10_000), () => time("make", ["-j2", "-f", writeInto(dir, "Makefile.fan", fanMakefile(10_000)), fanGoal], { cwd: dir }).seconds);
  const one = writeInto(dir, "one.yaml", stepsChainYaml(1));
  const startup = sideBySide("baton run of a 1-step workflow", () => batonRun(one), () => time("true", []).seconds);
  results.wfFloor = { chain, fan, startup: startup.baton };
}

if (want("wf-plan")) {
  process.stderr.write("validating and planning a 100,000-task DAG (root, 99,998, final) in a fresh process: time and peak memory\n");
  const file = writeInto(mkdtempSync(join(scratch, "wf-plan-")), "fan.yaml", fanWorkflowYaml(99_998, 2));
  const runs = [];
  try {
    for (let i = 0; i < repeat; i++) {
      const { stdout } = time(process.execPath, [join(root, "bench", "workflows.mjs"), "plan", file], { timeout: wfTimeout * 1000 });
      runs.push(JSON.parse(stdout.trim().split("\n").at(-1)));
      const r = runs.at(-1);
      process.stderr.write(`  100,000-task plan: run ${i + 1}/${repeat}: ${r.seconds.toFixed(2)} s (load ${r.loadSeconds.toFixed(2)} s, check ${r.checkSeconds.toFixed(2)} s), peak RSS ${r.peakRssMB} MB\n`);
    }
    const pick = (f) => median(runs.map(f));
    results.wfPlan = {
      tasks: runs[0].tasks, seconds: pick((r) => r.seconds), loadSeconds: pick((r) => r.loadSeconds), checkSeconds: pick((r) => r.checkSeconds),
      peakRssMB: pick((r) => r.peakRssMB), engineSeconds: runs[0].engine.error ? undefined : pick((r) => r.engine.seconds), engineError: runs[0].engine.error,
      target: "< 2 s, < 1 GB",
    };
  } catch (error) {
    const message = error.message.includes("exited null") ? `did not finish in ${wfTimeout} s` : error.message.split("\n").slice(0, 3).join(" ").slice(0, 300);
    process.stderr.write(`  100,000-task plan: ${message}\n`);
    results.wfPlan = { error: message, target: "< 2 s, < 1 GB" };
  }
}

if (want("server")) {
  process.stderr.write("baton server: clients (200 unless LOAD_CLIENTS) submitting one-pod Jobs of `true`, each watched to completion (bench/server-load.mjs)\n");
  const { stdout } = time(process.execPath, [join(root, "bench", "server-load.mjs")], { stdio: ["ignore", "pipe", "inherit"], timeout: 30 * 60 * 1000 });
  results.server = JSON.parse(stdout.trim().split("\n").at(-1));
}

if (want("queues")) results.queues = JSON.parse(time(process.execPath, [join(root, "bench", "queues.mjs")], { stdio: ["ignore", "pipe", "inherit"], timeout: 60 * 60 * 1000 }).stdout.trim().split("\n").at(-1));

const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const rows = [];
if (results.pods) rows.push(`| 2,000 no-op pods, parallelism 2 | ${results.pods.baton.toFixed(2)} s | xargs -P2: ${results.pods.other.toFixed(2)} s | **${results.pods.ratio.toFixed(2)}×** | ${results.pods.target} |`);
if (results.chain) rows.push(`| 200 Jobs chained by depends-on | ${results.chain.baton.toFixed(2)} s (1 Job: ${results.chain.oneLink.toFixed(2)} s) | shell loop: ${results.chain.other.toFixed(3)} s | **${results.chain.marginalPerLinkMs.toFixed(1)} ms per added link**; ${results.chain.perLinkMs.toFixed(1)} ms per link with start-up spread over the 200 | ${results.chain.target} |`);
if (results.engine) rows.push(`| engine alone, ${results.engine.pods.toLocaleString("en")} pods | ${results.engine.seconds.toFixed(2)} s | — | **${Math.round(results.engine.transitionsPerSecond).toLocaleString("en")} transitions/s** (${Math.round(results.engine.podsPerSecond).toLocaleString("en")} pods/s), **${Math.round(results.engine.peakRssMB)} MB peak** | > 100,000/s, < 500 MB |`);
const vsMake = (label, r) => r.error
  ? `| ${label} | ${r.error} | make -j2: ${r.other === undefined ? "—" : `${r.other.toFixed(2)} s`} | **not measured** | ${r.target} |`
  : `| ${label} | ${r.baton.toFixed(2)} s | make -j2: ${r.other.toFixed(2)} s | **${r.ratio.toFixed(2)}×** | ${r.target} |`;
if (results.wfSteps) rows.push(vsMake("Workflow of 1,000 sequential no-op steps", results.wfSteps));
if (results.wfDag) rows.push(vsMake("DAG of 10,000 no-op tasks between a root and a final task, parallelism 2", results.wfDag));
if (results.wfFloor) {
  const f = results.wfFloor;
  const floorRow = (label, r) => `| ${label}: the executor alone (no engine, no store) + \`baton run\` start-up | ${r.baton.toFixed(2)} s + ${f.startup.toFixed(2)} s | make -j2: ${r.other.toFixed(2)} s | **${((r.baton + f.startup) / r.other).toFixed(2)}×** (${(r.baton / r.other).toFixed(2)}× without start-up) | — |`;
  rows.push(floorRow("floor of the 1,000-step Workflow", f.chain), floorRow("floor of the 10,000-task DAG", f.fan));
}
if (results.wfPlan) {
  const p = results.wfPlan;
  rows.push(p.error
    ? `| validate and plan a 100,000-task DAG | ${p.error} | — | **not measured** | ${p.target} |`
    : `| validate and plan a ${p.tasks.toLocaleString("en")}-task DAG | ${p.seconds.toFixed(2)} s (load ${p.loadSeconds.toFixed(2)} s, checks ${p.checkSeconds.toFixed(2)} s) | — | **${p.seconds.toFixed(2)} s, ${Math.round(p.peakRssMB)} MB peak**${p.engineSeconds === undefined ? "" : `; engine's first reconcile ${p.engineSeconds.toFixed(2)} s`} | ${p.target} |`);
}
if (results.server) {
  const s = results.server;
  const ms = (v) => (v === undefined ? "—" : `${Math.round(v)} ms`);
  const load = (r) => `**${Math.round(r.perSecond)} submissions/s**; submit → container start p50 ${ms(r.startP50)}, **p99 ${ms(r.startP99)}**; event stream lag p50 ${ms(r.lagP50)}, p99 ${ms(r.lagP99)}; server peak RSS ${Math.round(r.peakRssMB ?? 0)} MB`;
  for (const r of s.rateLoads ?? []) rows.push(`| baton server, ${s.clients} clients offering ${r.rate} one-pod Jobs/s, each watched to completion | ${load(r)} | — | ${Math.round(r.perSecond)}/s of ${r.rate}/s offered | ${s.target} |`);
  if (s.maxLoad) rows.push(`| baton server, ${s.clients} clients in a closed loop (next Job once the last completed) | ${load(s.maxLoad)} | ${s.echoPerSecond === undefined ? "—" : `bare hono server: ${Math.round(s.echoPerSecond)} requests/s; xargs -P2: ${Math.round(s.xargsPerSecond)} \`true\`/s`} | ${s.echoPerSecond === undefined ? "—" : `**${(s.maxLoad.perSecond / s.echoPerSecond).toFixed(2)}× bare hono**`} | ${s.target} |`);
}
console.log(`Machine: ${machine}; median of ${repeat} alternating runs.\n`);
console.log("| benchmark | Baton | the usual tool | result | target |\n|---|---|---|---|---|");
for (const r of [...rows, ...(results.queues?.rows ?? [])]) console.log(r);
mkdirSync(join(root, "bench", "results"), { recursive: true });
writeFileSync(join(root, "bench", "results", "latest.json"), JSON.stringify({ machine, repeat, results }, null, 2) + "\n");
