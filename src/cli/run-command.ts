import { createWriteStream } from "node:fs";
import { resolve } from "node:path";
import { batonHome, loadFiles, logDir, openEmbedded, readParameters, startRun } from "../app/index.js";
import { systemClock } from "../runtime/index.js";
import { formatDiagnostic, parseDuration } from "../spec/index.js";
import { Reporter } from "./output/reporter.js";
import { localServer } from "./connection.js";
import { openWatch, watchRun } from "./remote-run.js";
import type { SourcedResource } from "../spec/index.js";
import { summary } from "./output/summary.js";

export interface RunOptions {
  events?: string;
  output?: string;
  backoffBase?: string;
  fresh?: boolean;
  live?: boolean;
  parameter?: string[];
  parameterFile?: string;
}

export const ExitCode = { Succeeded: 0, Failed: 1, Invalid: 2, Stopped: 130 } as const;

/** `baton run FILE…`: validate everything, run it to the end on the embedded engine. */
export async function runCommand(files: string[], options: RunOptions): Promise<number> {
  const begun = Date.now();
  const json = options.output === "json";
  const out = json ? process.stderr : process.stdout;
  const parameters = readParameters(options.parameter ?? [], options.parameterFile);
  for (const e of parameters.errors) process.stderr.write(e + "\n");
  if (parameters.errors.length > 0) return ExitCode.Invalid;
  const input = await loadFiles(files, parameters.values);
  for (const d of input.diagnostics) process.stderr.write(formatDiagnostic(d) + "\n");
  if (input.invalid) {
    const errors = input.diagnostics.filter((d) => d.severity === "error").length;
    process.stderr.write(`${errors} error${errors === 1 ? "" : "s"}: nothing was run\n`);
    return ExitCode.Invalid;
  }
  const baseText = options.backoffBase ?? process.env.BATON_BACKOFF_BASE;
  const backoffBaseMs = baseText === undefined ? undefined : parseDuration(baseText);
  if (baseText !== undefined && (backoffBaseMs === undefined || backoffBaseMs <= 0)) {
    process.stderr.write(`--backoff-base: "${baseText}" is not a duration such as 100ms, 2s or 1m\n`);
    return ExitCode.Invalid;
  }

  // One engine owns a store: when a server runs on this home, the run is submitted to it.
  const server = await localServer();
  if (server) {
    out.write(`a baton server runs on ${batonHome()} (${server.url}): submitting to it\n`);
    const watched = await openWatch(server);
    const items = await server.submit(input.resources.length > 0 ? filesOf(input.resources) : [], "run", parameters.values);
    return watchRun(server, items, { live: options.live ?? true, watched, started: begun });
  }

  const home = batonHome();
  const env = openEmbedded(home);
  const started = systemClock.now();
  const sources = files.map((f) => resolve(f));
  const { runtime, run, resumedFrom } = await startRun(env, input.resources.map((r) => r.resource), sources, systemClock, {
    fresh: options.fresh ?? false,
    ...(backoffBaseMs === undefined ? {} : { backoffBaseMs }),
  });
  const reporter = new Reporter(runtime.state, out, options.live ?? true);
  if (resumedFrom) reporter.print(`resuming run ${run.id}, interrupted when its engine (pid ${resumedFrom.owner.pid}) stopped; finished work is not run again`);
  env.executor.onOutput((o) => reporter.output(o));
  env.executor.onReport((r) => reporter.report(r));
  const events = options.events ? createWriteStream(options.events, { flags: "a" }) : undefined;
  runtime.listen({
    event: (e) => events?.write(JSON.stringify(e) + "\n"),
    changed: (entries) => reporter.changed(entries),
  });

  let interrupts = 0;
  const interrupt = (signal: string) => {
    if (++interrupts === 1) {
      reporter.print(`${signal}: stopping every pod (again to kill at once)`);
      runtime.stop(`stopped by ${signal}`);
    } else void env.executor.close().then(() => process.exit(ExitCode.Stopped));
  };
  process.on("SIGINT", () => interrupt("SIGINT"));
  process.on("SIGTERM", () => interrupt("SIGTERM"));

  let phase;
  try {
    phase = await runtime.finishedPhase();
  } catch (error) {
    reporter.done();
    const cause = (error as Error).cause instanceof Error ? `: ${((error as Error).cause as Error).message}` : "";
    process.stderr.write(`baton: ${(error as Error).message}${cause}\n`);
    await env.executor.close();
    return ExitCode.Failed;
  } finally {
    await new Promise<void>((done) => (events ? events.end(done) : done()));
  }
  reporter.done();
  for (const line of summary(runtime.state, phase, run.id, systemClock.now() - started, logDir(home), out)) out.write(line + "\n");
  if (json) {
    const stored = await env.store.loadObjects(run.id);
    const items = stored.map((row) => (row.body as { object: unknown }).object);
    process.stdout.write(JSON.stringify({ apiVersion: "v1", kind: "List", items }, null, 2) + "\n");
  }
  await env.close();
  return phase === "Succeeded" ? ExitCode.Succeeded : phase === "Stopped" ? ExitCode.Stopped : ExitCode.Failed;
}

/** The validated resources as one JSON list per file, for a server that validates them again. */
function filesOf(resources: SourcedResource[]): { file: string; text: string }[] {
  const byFile = new Map<string, unknown[]>();
  for (const r of resources) byFile.set(r.file, [...(byFile.get(r.file) ?? []), r.resource]);
  return [...byFile].map(([file, items]) => ({ file, text: JSON.stringify({ apiVersion: "v1", kind: "List", items }) }));
}
