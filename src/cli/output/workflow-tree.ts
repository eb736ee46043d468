import type { EngineState, NodeEntry, WorkflowEntry } from "../../engine/index.js";
import type { NodePhase } from "../../model/index.js";
import { seconds } from "./style.js";

const ICON: Record<NodePhase, string> = { Succeeded: "✔", Failed: "✖", Error: "⚠", Skipped: "○", Omitted: "○", Running: "●", Pending: "◷" };

/**
 * A workflow's nodes as a tree, like `argo get`: one line per step or task with its phase, template,
 * pod and duration. Step groups are not lines of their own: their steps hang under the steps node.
 * Loops larger than `limit` iterations are cut short with a count.
 */
export function workflowTree(state: EngineState, w: WorkflowEntry, limit = 20): string[] {
  const children = new Map<string, NodeEntry[]>();
  let root: NodeEntry | undefined;
  const exits: NodeEntry[] = [];
  for (const e of state.entries.values()) {
    if (e.kind !== "WorkflowNode" || e.node.workflow !== w.object.metadata.uid) continue;
    const parent = e.node.parent;
    if (parent === undefined) {
      if (e.node.hookOf === w.object.metadata.uid) exits.push(e);
      else root = e;
      continue;
    }
    const list = children.get(parent) ?? [];
    list.push(e);
    children.set(parent, list);
  }
  if (!root) return [];
  const rows: string[][] = [];
  const visit = (n: NodeEntry, prefix: string, last: boolean, top: boolean): void => {
    const kids = (children.get(n.object.metadata.uid) ?? []).sort((a, b) => a.node.seq - b.node.seq);
    const shown = n.object.status.type === "StepGroup" ? [] : [n];
    for (const s of shown) rows.push(row(s, top ? "" : `${prefix}${last ? "└─" : "├─"}`));
    const inner = n.object.status.type === "StepGroup" ? prefix : top ? " " : `${prefix}${last ? "  " : "│ "}`;
    const list = n.object.status.type === "StepGroup" ? kids : kids.flatMap((k) => (k.object.status.type === "StepGroup" ? [k] : [k]));
    const cut = list.length > limit ? list.slice(0, limit) : list;
    cut.forEach((k, i) => visit(k, inner, i === cut.length - 1 && list.length <= limit && (n.object.status.type !== "StepGroup" || last), false));
    if (list.length > limit) rows.push([`${inner}└─ … ${list.length - limit} more`, "", "", "", ""]);
  };
  visit(root, "", true, true);
  for (const e of exits) visit(e, "", true, true);
  const width = rows.map((r) => r.map((c) => [...c].length));
  const cols = [0, 1, 2, 3].map((i) => Math.max(...width.map((w) => w[i] ?? 0)));
  const header = ["STEP", "TEMPLATE", "PODNAME", "DURATION", "MESSAGE"];
  const all = [header, ...rows];
  return all.map((r) => r.map((c, i) => (i < 4 ? c.padEnd(Math.max(cols[i]!, header[i]!.length)) : c)).join("  ").trimEnd());
}

function row(n: NodeEntry, prefix: string): string[] {
  const s = n.object.status;
  const start = s.startedAt ? Date.parse(s.startedAt) : undefined;
  const end = s.finishedAt ? Date.parse(s.finishedAt) : undefined;
  const duration = start !== undefined && end !== undefined && s.phase !== "Skipped" && s.phase !== "Omitted" ? seconds(end - start) : "";
  return [`${prefix}${ICON[s.phase]} ${s.displayName}`, s.templateName ?? "", s.podName ?? "", duration, s.message ?? ""];
}
