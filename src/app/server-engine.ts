import type { Clock, RunRecord } from "../model/index.js";
import { EngineState } from "../engine/index.js";
import { Runtime } from "../runtime/index.js";
import type { Embedded } from "./embedded.js";

/** The server's engine keeps every resource it is given in one long-lived run of this id. */
export const SERVER_RUN = "server";
/**
 * Definitions (WorkflowTemplates) live in a run of their own: the engine never loads them, the
 * API reads them when a workflow refers to one.
 */
export const DEFINITIONS_RUN = "definitions";

export interface ServerEngine {
  runtime: Runtime;
  /** Set when the server took over from an earlier server process that died. */
  resumedFrom?: RunRecord["owner"];
}

/**
 * Starts (or, after a crash or a stop, continues) the server's run: the state is rebuilt from the
 * store, every timer is set again, containers that outlived the previous server process are taken
 * over (its spawners survive it: `openEmbedded(home, { survive: true })`), and processes that were
 * lost are handled by the engine's rules.
 */
export async function startServerEngine(env: Embedded, clock: Clock, options: { backoffBaseMs?: number } = {}): Promise<ServerEngine> {
  const owner = { pid: process.pid, startedAt: new Date(clock.now()).toISOString() };
  for (const id of [SERVER_RUN, DEFINITIONS_RUN]) {
    if (!(await env.store.getRun(id))) await env.store.createRun({ id, phase: "Running", createdAt: owner.startedAt, sources: [], digest: id, owner });
  }
  const previous = await env.store.getRun(SERVER_RUN);
  await env.store.claimRun(SERVER_RUN, owner);
  const state = EngineState.fromStored(await env.store.loadObjects(SERVER_RUN));
  if (options.backoffBaseMs !== undefined) state.backoffBaseMs = options.backoffBaseMs;
  const runtime = new Runtime({ runId: SERVER_RUN, store: env.store, executor: env.executor, clock, state, keepRunning: true });
  // Nothing may come between the two: reports about the containers taken over follow from the next turn.
  const attachment = await env.executor.attach?.();
  runtime.resume(attachment);
  const resumed = previous && previous.owner.pid !== owner.pid && state.entries.size > 0;
  return { runtime, ...(resumed ? { resumedFrom: previous.owner } : {}) };
}
