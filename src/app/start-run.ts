import type { Clock, Resource, RunRecord } from "../model/index.js";
import { EngineState } from "../engine/index.js";
import { Runtime } from "../runtime/index.js";
import type { Embedded } from "./embedded.js";
import { digestOf, materialize, newRunId } from "./submission.js";

export interface StartedRun {
  runtime: Runtime;
  run: RunRecord;
  /** Set when an interrupted run of the same input was taken over instead of starting anew. */
  resumedFrom?: RunRecord;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Starts a run of the given resources — or, when a run of the very same input was interrupted
 * (its engine died without finishing it), resumes that one: what finished is not run again.
 */
export async function startRun(env: Embedded, resources: Resource[], sources: string[], clock: Clock, options: { fresh?: boolean; backoffBaseMs?: number } = {}): Promise<StartedRun> {
  const digest = digestOf(resources);
  const owner = { pid: process.pid, startedAt: new Date(clock.now()).toISOString() };
  if (!options.fresh) {
    const interrupted = (await env.store.listRuns({ phase: "Running", digest })).find((r) => !isAlive(r.owner.pid));
    if (interrupted) {
      await env.store.claimRun(interrupted.id, owner);
      const state = EngineState.fromStored(await env.store.loadObjects(interrupted.id));
      if (options.backoffBaseMs !== undefined) state.backoffBaseMs = options.backoffBaseMs;
      const runtime = new Runtime({ runId: interrupted.id, store: env.store, executor: env.executor, clock, state, endWhenIdle: true });
      runtime.resume();
      return { runtime, run: { ...interrupted, owner }, resumedFrom: interrupted };
    }
  }
  const run: RunRecord = { id: newRunId(clock.now()), phase: "Running", createdAt: owner.startedAt, sources, digest, owner };
  await env.store.createRun(run);
  const state = new EngineState();
  if (options.backoffBaseMs !== undefined) state.backoffBaseMs = options.backoffBaseMs;
  const runtime = new Runtime({ runId: run.id, store: env.store, executor: env.executor, clock, state, endWhenIdle: true });
  runtime.submit(materialize(resources, clock.now()));
  return { runtime, run };
}
