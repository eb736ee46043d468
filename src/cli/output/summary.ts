import { homedir } from "node:os";
import { isWorkflowSuspended, waitingMessage, type EngineState, type Entry } from "../../engine/index.js";
import type { RunPhase } from "../../model/index.js";
import { outcomeLine, phaseOf, refOf } from "./describe.js";
import { makeStyle, seconds } from "./style.js";
import { workflowTree } from "./workflow-tree.js";

/** The closing lines of `baton run`: each resource's outcome and why, then the run's. */
export function summary(state: EngineState, phase: RunPhase, runId: string, elapsedMs: number, logDir: string, out: NodeJS.WriteStream): string[] {
  const style = makeStyle(out);
  const colour = (p: string) => (p === "Succeeded" ? "green" : p === "Failed" || p === "Stopped" ? "red" : "yellow");
  const entries = state.topLevel();
  const width = Math.max(...entries.map((e) => refOf(e).length), 8);
  const lines: string[] = [];
  for (const e of entries) {
    if (e.kind === "Workflow") lines.push(...workflowTree(state, e).map((l) => `  ${l}`));
  }
  // A workflow that waits for `baton resume` is Suspended, as a suspended Job is (Argo: "Running (Suspended)").
  const suspended = new Set(entries.filter((e) => e.kind === "Workflow" && isWorkflowSuspended(state, e)));
  const shown = (e: Entry) => (suspended.has(e) ? "Suspended" : phaseOf(e));
  for (const e of entries) {
    const p = shown(e);
    const outcome = e.kind === "Workflow" && suspended.has(e) ? waitingMessage(e) : outcomeLine(e);
    lines.push(`  ${refOf(e).padEnd(width)}  ${style(colour(p), p.padEnd(9))}  ${outcome}`);
  }
  const counts = ["Succeeded", "Failed", "Suspended"].map((p) => [p, entries.filter((e) => shown(e) === p).length] as const).filter(([, n]) => n > 0);
  const tally = counts.map(([p, n]) => `${n} ${p.toLowerCase()}`).join(", ");
  lines.push(`${style(colour(phase), phase)}: run ${runId} (${tally}) in ${seconds(elapsedMs)}; logs in ${tildeHome(logDir)}`);
  return lines;
}

/** `~/.baton/logs` rather than the home folder's full path, as a person would write it. */
function tildeHome(path: string): string {
  const home = homedir();
  return path === home || path.startsWith(`${home}/`) ? `~${path.slice(home.length)}` : path;
}
