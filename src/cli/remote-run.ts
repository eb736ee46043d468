import { batonHome, logDir } from "../app/index.js";
import type { BatonClient, OutputMessage, SubmittedItem, WatchEvent } from "../client/index.js";
import { EngineState, resultOf, type Entry } from "../engine/index.js";
import type { ContainerOutput, ExecutorReport, RunPhase } from "../model/index.js";
import { Reporter } from "./output/reporter.js";
import { summary } from "./output/summary.js";

export interface Watched {
  /** Opened before the submission, so nothing of the run is missed. */
  changes: AsyncGenerator<WatchEvent | { type: "SYNCED" }>;
  output: AsyncGenerator<OutputMessage | { event: "synced" }>;
  abort: AbortController;
}

/** Opens the server's change and output streams before anything is submitted. */
export async function openWatch(client: BatonClient): Promise<Watched> {
  const abort = new AbortController();
  const changes = client.watch({ entries: true }, abort.signal);
  const output = client.output([], abort.signal);
  // The first message of each stream says it is listening.
  await Promise.all([changes.next(), output.next()]);
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
  // Output and changes come on two streams: a pod's first lines can arrive before the pod does.
  const early = new Map<string, OutputMessage[]>();
  const exited = new Set<string>();
  let onExited: (() => void) | undefined;
  const show = (m: OutputMessage) => {
    const o = m.data;
    if (m.event === "exited") {
      exited.add(`${o.podUid}/${o.container}/${o.attempt}`);
      onExited?.();
    }
    if (m.event === "output") reporter.output(o as ContainerOutput);
    else reporter.report({ type: "ContainerExited", podUid: o.podUid, container: o.container, attempt: o.attempt } as ExecutorReport);
  };
  const outputTask = (async () => {
    for await (const m of watched.output) {
      if (m.event === "synced") continue;
      if (state.get(m.data.podUid)) show(m);
      else early.set(m.data.podUid, [...(early.get(m.data.podUid) ?? []), m]);
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
      for (const m of early.get(entry.object.metadata.uid) ?? []) show(m);
      early.delete(entry.object.metadata.uid);
      reporter.changed([entry]);
      if (done()) break;
    }
    // The output stream may still carry the last lines of containers whose end is already known.
    if (!allOutput(state, exited)) {
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((r) => {
        onExited = () => allOutput(state, exited) && r();
        timer = setTimeout(r, 3000);
      });
      clearTimeout(timer);
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

/** Whether the output stream has delivered the end of every container the mirror saw end. */
function allOutput(state: EngineState, exited: Set<string>): boolean {
  for (const e of state.entries.values()) {
    if (e.kind !== "Pod") continue;
    for (const c of [...e.object.status.initContainerStatuses, ...e.object.status.containerStatuses]) {
      if (c.state.terminated && c.state.terminated.exitCode !== undefined && !exited.has(`${e.object.metadata.uid}/${c.name}/${c.restartCount}`)) return false;
    }
  }
  return true;
}
