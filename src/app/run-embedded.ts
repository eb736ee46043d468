import type { ClusterEvent, Resource, RunPhase } from "../model/index.js";
import { systemClock } from "../runtime/index.js";
import { openEmbedded } from "./embedded.js";
import { batonHome } from "./home.js";
import { startRun } from "./start-run.js";

export interface EmbeddedRunOptions {
  /** Where the store and logs live; default $BATON_HOME, else ~/.baton. */
  home?: string;
  /** Start anew even if an interrupted run of the same resources could be resumed. */
  fresh?: boolean;
  backoffBaseMs?: number;
  /** Every Kubernetes-shaped event, after it was committed. */
  onEvent?: (event: ClusterEvent) => void;
  /** Aborting stops every pod (SIGTERM, then SIGKILL after the grace period); the run ends `Stopped`. */
  signal?: AbortSignal;
}

export interface EmbeddedRunResult {
  runId: string;
  phase: RunPhase;
  /** Every object of the run as it ended (the submitted ones and the pods they created), with status. */
  objects: Resource[];
}

/** Runs validated resources to the end on the embedded engine, as `baton run` does, without its terminal output. */
export async function runEmbedded(resources: Resource[], sources: string[], options: EmbeddedRunOptions = {}): Promise<EmbeddedRunResult> {
  const env = openEmbedded(options.home ?? batonHome());
  try {
    const { runtime, run } = await startRun(env, resources, sources, systemClock, {
      fresh: options.fresh ?? false,
      ...(options.backoffBaseMs === undefined ? {} : { backoffBaseMs: options.backoffBaseMs }),
    });
    if (options.onEvent) runtime.listen({ event: options.onEvent });
    const stop = () => runtime.stop("stopped: the run was aborted");
    if (options.signal?.aborted) stop();
    options.signal?.addEventListener("abort", stop, { once: true });
    try {
      const phase = await runtime.finishedPhase();
      const stored = await env.store.loadObjects(run.id);
      return { runId: run.id, phase, objects: stored.map((row) => (row.body as { object: Resource }).object) };
    } finally {
      options.signal?.removeEventListener("abort", stop);
    }
  } finally {
    await env.close();
  }
}
