import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { logDir, SERVER_RUN, DEFINITIONS_RUN } from "../app/index.js";
import type { Entry } from "../engine/index.js";
import type { RunRecord } from "../model/index.js";
import type { ServerContext } from "./context.js";

/** How much finished history the server keeps. */
export interface RetentionLimits {
  /** Finished Jobs, Pods and Workflows of the server (CronJobs' own follow their history limits). */
  finished: number;
  /** Finished runs of `baton run` kept in the store, newest first. */
  runs: number;
}

export const DEFAULT_RETENTION: RetentionLimits = { finished: 1000, runs: 100 };

export interface SweepReport {
  resources: number;
  runs: number;
  logs: number;
}

function finishedAt(e: Entry): string {
  const o = e.object as { status?: { completionTime?: string; finishedAt?: string }; metadata: { creationTimestamp?: string } };
  return o.status?.completionTime ?? o.status?.finishedAt ?? o.metadata.creationTimestamp ?? "";
}

/**
 * Keeps history within bounds: the oldest finished resources beyond the limit are deleted (with
 * their pods, as `baton delete` does), the oldest finished runs of `baton run` leave the store, and
 * a log folder goes once no stored pod has its name. What a TTL or a history limit removes earlier,
 * it removes earlier.
 */
export async function sweep(ctx: ServerContext, limits: RetentionLimits): Promise<SweepReport> {
  const report: SweepReport = { resources: 0, runs: 0, logs: 0 };
  const finished = ctx.runtime.state
    .topLevel()
    .filter((e) => e.finished && !(e.object.metadata.ownerReferences ?? []).some((r) => r.controller))
    .sort((a, b) => finishedAt(b).localeCompare(finishedAt(a)));
  for (const e of finished.slice(limits.finished)) {
    await ctx.runtime.request({ type: "Deleted", uid: e.object.metadata.uid });
    report.resources++;
  }
  const ended: RunRecord[] = [];
  for (const phase of ["Succeeded", "Failed", "Stopped"] as const) ended.push(...(await ctx.store.listRuns({ phase })));
  ended.sort((a, b) => (b.finishedAt ?? b.createdAt).localeCompare(a.finishedAt ?? a.createdAt));
  for (const run of ended.slice(limits.runs)) {
    if (run.id === SERVER_RUN || run.id === DEFINITIONS_RUN) continue;
    await ctx.store.deleteRun(run.id);
    report.runs++;
  }
  report.logs = await sweepLogs(ctx);
  return report;
}

async function sweepLogs(ctx: ServerContext): Promise<number> {
  const root = logDir(ctx.home);
  let removed = 0;
  for (const namespace of await readdir(root).catch(() => [] as string[])) {
    const pods = new Set((await ctx.store.listObjects({ kind: "Pod", namespace })).map((p) => p.name));
    for (const pod of await readdir(join(root, namespace)).catch(() => [] as string[])) {
      if (pods.has(pod)) continue;
      await rm(join(root, namespace, pod), { recursive: true, force: true });
      removed++;
    }
  }
  return removed;
}
