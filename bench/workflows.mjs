#!/usr/bin/env node
/**
 * Argo-style Workflows, next to the same graph as a Makefile run by `make -j2`. bench/run.mjs
 * imports the generators below and times `baton run` against make (`node bench/run.mjs workflows`,
 * or `wf-steps`, `wf-dag`, `wf-plan` for one); run on its own, this file measures validating and
 * planning one big workflow in a fresh process, so that its peak memory is that of the check alone:
 *
 *   npm run build && node bench/workflows.mjs plan FILE.yaml     # a file written by fanWorkflowYaml
 *   node bench/workflows.mjs plan --tasks 100000                  # generates one of that many tasks
 *   BATON_DIST=/tmp/otherdist node bench/workflows.mjs plan ...   # a build compiled elsewhere
 *
 * Prints one JSON line on stdout and a human line on stderr, as bench/engine.mjs does.
 *
 * `floor` runs the same shapes through the local executor alone — the spawner starting `true`, no
 * engine, no store — which is what `baton run` cannot go below, start-up aside:
 *
 *   node bench/workflows.mjs floor chain 1000     # 1,000 containers one after the other
 *   node bench/workflows.mjs floor fan 10000      # a root, 10,000 two at a time, a final one
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The no-op container every task runs. "true" is quoted: a bare `true` in YAML is a boolean. */
const noopTemplate = `  - name: noop
    container:
      image: busybox
      command: ["true"]
`;

/** One Workflow whose steps run one after the other: `steps` of `n` groups of one step each. */
export function stepsChainYaml(n) {
  const steps = Array.from({ length: n }, (_, i) => `    - - name: s${i}\n        template: noop\n`).join("");
  return `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: chain
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
${steps}${noopTemplate}`;
}

/** The same chain for make: each target depends on the one before, every recipe a no-op. */
export function chainMakefile(n) {
  const targets = Array.from({ length: n }, (_, i) => `s${i}:${i === 0 ? "" : ` s${i - 1}`}\n\t@true\n`).join("");
  return `.PHONY: ${Array.from({ length: n }, (_, i) => `s${i}`).join(" ")}\n${targets}`;
}
export const chainGoal = (n) => `s${n - 1}`;

/**
 * A fan-out/fan-in DAG: `root`, then `middle` tasks that each depend on root (explicit tasks, no
 * withSequence), then `final`, which depends on all of them; at most `parallelism` pods at a time.
 */
export function fanWorkflowYaml(middle, parallelism) {
  const tasks = [];
  tasks.push("      - {name: root, template: noop}\n");
  for (let i = 0; i < middle; i++) tasks.push(`      - {name: m${i}, template: noop, dependencies: [root]}\n`);
  const all = Array.from({ length: middle }, (_, i) => `m${i}`).join(", ");
  tasks.push(`      - {name: final, template: noop, dependencies: [${all}]}\n`);
  return `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: fan
spec:
  entrypoint: main
  parallelism: ${parallelism}
  templates:
  - name: main
    dag:
      tasks:
${tasks.join("")}${noopTemplate}`;
}

/** The same graph for make, whose -j2 plays the part of spec.parallelism: 2. */
export function fanMakefile(middle) {
  const names = Array.from({ length: middle }, (_, i) => `m${i}`).join(" ");
  return `.PHONY: root ${names} final
final: ${names}
\t@true
${names}: root
\t@true
root:
\t@true
`;
}
export const fanGoal = "final";

/** Writes a file into `dir` and returns its path. */
export function writeInto(dir, name, text) {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

// --- run on its own: validate and plan one workflow, in this process --------------------------

async function planMain(args) {
  const dist = process.env.BATON_DIST ? resolve(process.env.BATON_DIST) : fileURLToPath(new URL("../dist", import.meta.url));
  const load = async (path) => import(pathToFileURL(join(dist, path)).href);
  const { loadManifests, hasErrors } = await load("spec/index.js");
  const { checkSubmission } = await load("plan/index.js");

  const i = args.indexOf("--tasks");
  let file = args.find((a, j) => !a.startsWith("--") && args[j - 1] !== "--tasks");
  if (file === undefined) {
    const middle = (i >= 0 ? Number(args[i + 1]) : 100_000) - 2;
    file = writeInto(mkdtempSync(join(tmpdir(), "baton-wf-plan-")), "fan.yaml", fanWorkflowYaml(middle, 2));
  }
  const text = readFileSync(file, "utf8");
  const baseline = process.memoryUsage().rss;

  const t0 = process.hrtime.bigint();
  const loaded = loadManifests(text, file);
  const t1 = process.hrtime.bigint();
  const afterLoad = process.memoryUsage();
  const diagnostics = [...loaded.diagnostics, ...checkSubmission(loaded.resources)];
  const t2 = process.hrtime.bigint();
  const afterCheck = process.memoryUsage();
  if (hasErrors(diagnostics)) {
    process.stderr.write(`plan: the workflow is invalid:\n${diagnostics.slice(0, 5).map((d) => `  ${d.line}:${d.column} ${d.path} ${d.message}`).join("\n")}\n`);
    process.exitCode = 1;
    return;
  }
  // Tasks of DAGs and steps of step groups, over every template of every Workflow.
  const tasks = loaded.resources.reduce((n, r) => n + (r.resource.spec?.templates ?? []).reduce((m, t) => m + (t.dag?.tasks?.length ?? 0) + (t.steps ?? []).reduce((k, g) => k + g.length, 0), 0), 0);

  // Then what `baton run` does next, without a store or processes: the engine's first reconcile,
  // which is where the first containers are started.
  let engine;
  try {
    const { EngineState, reconcile } = await load("engine/index.js");
    const { materialize } = await load("app/submission.js");
    const t3 = process.hrtime.bigint();
    const { actions } = reconcile(new EngineState(), { type: "Submitted", resources: materialize(loaded.resources.map((r) => r.resource), Date.now()), at: Date.now() });
    const t4 = process.hrtime.bigint();
    engine = { seconds: Number(t4 - t3) / 1e9, startContainers: actions.filter((a) => a.type === "StartContainer").length };
  } catch (error) {
    engine = { error: String(error?.message ?? error).split("\n")[0] };
  }
  const peakRss = process.resourceUsage().maxRSS * 1024;

  const seconds = (a, b) => Number(b - a) / 1e9;
  const result = {
    bench: "workflow-plan",
    tasks,
    yamlMB: Number((text.length / 1048576).toFixed(1)),
    loadSeconds: Number(seconds(t0, t1).toFixed(3)),
    checkSeconds: Number(seconds(t1, t2).toFixed(3)),
    seconds: Number(seconds(t0, t2).toFixed(3)),
    heapAfterLoadMB: Math.round(afterLoad.heapUsed / 1048576),
    heapAfterCheckMB: Math.round(afterCheck.heapUsed / 1048576),
    baselineRssMB: Math.round(baseline / 1048576),
    peakRssMB: Math.round(peakRss / 1048576),
    engine: engine.error ? engine : { seconds: Number(engine.seconds.toFixed(3)), startContainers: engine.startContainers },
    node: process.version,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.stderr.write(
    `plan: ${tasks.toLocaleString("en")} tasks (${result.yamlMB} MB of YAML): load ${result.loadSeconds.toFixed(2)} s + check ${result.checkSeconds.toFixed(2)} s = ${result.seconds.toFixed(2)} s; ` +
      `peak RSS ${result.peakRssMB} MB (${result.baselineRssMB} MB before loading); ` +
      (engine.error ? `engine's first reconcile failed: ${engine.error}\n` : `engine's first reconcile ${engine.seconds.toFixed(2)} s, ${engine.startContainers} container(s) started\n`),
  );
}

// --- run on its own: the executor alone, as a floor ------------------------------------------

/**
 * The containers of a shape, started as the engine would start them (a workflow pod's launch: its
 * standard output captured, Baton's environment, 2 at most at a time for the fan) but the moment
 * the one before ended: what is left of a workflow run without the engine, the store or start-up.
 */
async function floorMain([shape, count]) {
  const dist = process.env.BATON_DIST ? resolve(process.env.BATON_DIST) : fileURLToPath(new URL("../dist", import.meta.url));
  const { createLocalExecutor } = await import(pathToFileURL(join(dist, "executors/index.js")).href);
  const home = mkdtempSync(join(tmpdir(), "baton-wf-floor-"));
  const executor = createLocalExecutor({ logDir: join(home, "logs") });
  const env = { HOSTNAME: "floor", BATON_HOME: home, PATH: `${join(home, "bin")}:${process.env.PATH ?? ""}` };
  const launch = (i) => ({ podUid: `pod-${i}`, podName: `pod-${i}`, namespace: "default", container: "main", attempt: 0, argv: ["true"], env, capture: { stdout: true, files: [] } });
  const n = Number(count ?? (shape === "chain" ? 1000 : 10_000));
  // The fan: its root alone, then the middle two at a time, then its final task alone.
  const phases = shape === "chain" ? Array.from({ length: n }, () => [1, 1]) : [[1, 1], [n, 2], [1, 1]];
  let next = 0;
  let onExit = () => {};
  executor.onReport((report) => {
    if (report.type === "ContainerExited") onExit();
  });
  const t0 = process.hrtime.bigint();
  for (const [tasks, parallelism] of phases) {
    await new Promise((done) => {
      let started = 0, ended = 0;
      onExit = () => {
        if (++ended === tasks) return done();
        if (started < tasks) {
          started++;
          executor.start(launch(next++));
        }
      };
      for (; started < Math.min(parallelism, tasks); started++) executor.start(launch(next++));
    });
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  await executor.close();
  const containers = next;
  process.stdout.write(`${JSON.stringify({ bench: "workflow-floor", shape, containers, seconds: Number(seconds.toFixed(3)), msPerContainer: Number(((seconds / containers) * 1000).toFixed(3)) })}\n`);
  process.stderr.write(`floor: ${containers.toLocaleString("en")} containers (${shape}) through the executor alone in ${seconds.toFixed(2)} s, ${((seconds / containers) * 1000).toFixed(2)} ms each\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [command, ...rest] = process.argv.slice(2);
  if (command === "plan") await planMain(rest);
  else if (command === "floor") await floorMain(rest);
  else {
    process.stderr.write("usage: node bench/workflows.mjs plan [FILE.yaml | --tasks N] | floor chain|fan [N]\n");
    process.exit(2);
  }
}
