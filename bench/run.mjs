#!/usr/bin/env node
// npm run bench: Baton side by side with the tool a user would otherwise use, in the same run.
// Each figure is the median of REPEAT runs (default 3). Prints a Markdown table for the README,
// and writes bench/results/latest.json. Needs a build (npm install does it).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

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

function batonRun(file) {
  const home = mkdtempSync(join(scratch, "home-"));
  return time(process.execPath, [baton, "run", "--no-live", file], { env: { ...process.env, BATON_HOME: home, NO_COLOR: "1" } }).seconds;
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
const want = (name) => only.length === 0 || only.includes(name);

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

const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const rows = [];
if (results.pods) rows.push(`| 2,000 no-op pods, parallelism 2 | ${results.pods.baton.toFixed(2)} s | xargs -P2: ${results.pods.other.toFixed(2)} s | **${results.pods.ratio.toFixed(2)}×** | ${results.pods.target} |`);
if (results.chain) rows.push(`| 200 Jobs chained by depends-on | ${results.chain.baton.toFixed(2)} s (1 Job: ${results.chain.oneLink.toFixed(2)} s) | shell loop: ${results.chain.other.toFixed(3)} s | **${results.chain.marginalPerLinkMs.toFixed(1)} ms per added link**; ${results.chain.perLinkMs.toFixed(1)} ms per link with start-up spread over the 200 | ${results.chain.target} |`);
if (results.engine) rows.push(`| engine alone, ${results.engine.pods.toLocaleString("en")} pods | ${results.engine.seconds.toFixed(2)} s | — | **${Math.round(results.engine.transitionsPerSecond).toLocaleString("en")} transitions/s** (${Math.round(results.engine.podsPerSecond).toLocaleString("en")} pods/s), **${Math.round(results.engine.peakRssMB)} MB peak** | > 100,000/s, < 500 MB |`);
console.log(`Machine: ${machine}; median of ${repeat} alternating runs.\n`);
console.log("| benchmark | Baton | the usual tool | result | target |\n|---|---|---|---|---|");
for (const r of rows) console.log(r);
mkdirSync(join(root, "bench", "results"), { recursive: true });
writeFileSync(join(root, "bench", "results", "latest.json"), JSON.stringify({ machine, repeat, results }, null, 2) + "\n");
