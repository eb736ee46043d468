import { batonHome, logDir } from "../app/index.js";
import type { BatonClient, SubmittedItem, WatchEvent } from "../client/index.js";
import { EngineState, resultOf, type Entry } from "../engine/index.js";
import type { ContainerOutput, ExecutorReport, RunPhase } from "../model/index.js";
import { Reporter } from "./output/reporter.js";
import { summary } from "./output/summary.js";

export interface Watched {
  /** Opened before the submission, so nothing of the run is missed. */
  changes: AsyncGenerator<WatchEvent | { type: "SYNCED" }>;
  output: AsyncGenerator<{ event: "output" | "exited"; data: { podUid: string; container: string; attempt: number; stream?: "stdout" | "stderr"; data?: string } }>;
  abort: AbortController;
}

/** Opens the server's change and output streams before anything is submitted. */
export async function openWatch(client: BatonClient): Promise<Watched> {
  const abort = new AbortController();
  const changes = client.watch({ entries: true }, abort.signal);
  const output = client.output([], abort.signal);
  // The first message of the change stream says it is listening.
  await changes.next();
  return { changes, output, abort };
}

/**
 * Follows submitted resources on a server as `baton run` follows them on the embedded engine:
 * their containers' output, the live status block, and the same closing summary and exit code.
 * Ctrl-C stops watching; the run goes on on the server.
 */
export async function watchRun(client: BatonClient, items: SubmittedItem[], options: { live: boolean; watched?: Watched; started?: number }): Promise<number> {
  const watched = options.watched ?? (await openWatch(client));
  const started = options.started ?? Date.now();
  const owners = new Set(items.filter((i) => i.kind !== "WorkflowTemplate").map((i) => i.uid));
  const state = new EngineState();
  const reporter = new Reporter(state, process.stdout, options.live);
  const mine = (e: Entry): boolean => {
    const uid = e.object.metadata.uid;
    if (owners.has(uid)) return true;
    if (e.kind === "WorkflowNode") return owners.has(e.node.workflow);
    return (e.object.metadata.ownerReferences ?? []).some((r) => owners.has(r.uid));
  };
  const done = (): boolean => [...owners].every((uid) => state.get(uid)?.finished === true);
  const outputTask = (async () => {
    for await (const m of watched.output) {
      const o = m.data;
      if (!state.get(o.podUid)) continue;
      if (m.event === "output") reporter.output(o as ContainerOutput);
      else reporter.report({ type: "ContainerExited", podUid: o.podUid, container: o.container, attempt: o.attempt } as ExecutorReport);
    }
  })().catch(() => undefined);
  let interrupted = false;
  const onSigint = () => {
    interrupted = true;
    watched.abort.abort();
  };
  process.once("SIGINT", onSigint);
  try {
    for await (const w of watched.changes) {
      if (w.type === "SYNCED") continue;
      if (w.type === "DELETED") {
        if (state.get(w.object.metadata.uid)) state.removeUid(w.object.metadata.uid);
        continue;
      }
      const entry = w.entry as Entry | undefined;
      if (!entry || !mine(entry)) continue;
      state.add(entry);
      reporter.changed([entry]);
      if (done()) break;
    }
  } catch (error) {
    if (!interrupted) throw error;
  } finally {
    process.off("SIGINT", onSigint);
    watched.abort.abort();
    await outputTask;
  }
  reporter.done();
  if (interrupted || !done()) {
    process.stderr.write(`stopped watching; the run goes on on the server (baton get all, baton delete <kind>/<name> to stop it)\n`);
    return 130;
  }
  const failed = [...owners].some((uid) => resultOf(state.get(uid)!) === "Failed");
  const phase: RunPhase = failed ? "Failed" : "Succeeded";
  for (const line of summary(state, phase, `on ${client.url}`, Date.now() - started, logDir(batonHome()), process.stdout)) process.stdout.write(line + "\n");
  return failed ? 1 : 0;
}
