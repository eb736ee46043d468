import { homedir } from "node:os";
import type { EngineState } from "../../engine/index.js";
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
  for (const e of entries) {
    const p = phaseOf(e);
    lines.push(`  ${refOf(e).padEnd(width)}  ${style(colour(p), p.padEnd(9))}  ${outcomeLine(e)}`);
  }
  const counts = ["Succeeded", "Failed", "Suspended"].map((p) => [p, entries.filter((e) => phaseOf(e) === p).length] as const).filter(([, n]) => n > 0);
  const tally = counts.map(([p, n]) => `${n} ${p.toLowerCase()}`).join(", ");
  lines.push(`${style(colour(phase), phase)}: run ${runId} (${tally}) in ${seconds(elapsedMs)}; logs in ${tildeHome(logDir)}`);
  return lines;
}

/** `~/.baton/logs` rather than the home folder's full path, as a person would write it. */
function tildeHome(path: string): string {
  const home = homedir();
  return path === home || path.startsWith(`${home}/`) ? `~${path.slice(home.length)}` : path;
}
