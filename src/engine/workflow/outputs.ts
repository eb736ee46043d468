import { evaluate, ExprError, substitute } from "../../expr/index.js";
import type { NodeOutputs, Parameter } from "../../model/index.js";
import type { NodeEntry } from "../state.js";
import type { Ctx } from "./context.js";
import { templateOfNode } from "./nodes.js";
import type { Lookup } from "./scope.js";

/**
 * The outputs of a steps or DAG template: each output parameter from `valueFrom.parameter` (a
 * reference to a child's output), `valueFrom.expression`, or its default.
 */
export function outputsOf(c: Ctx, n: NodeEntry, scope: Lookup): { error?: string } {
  const t = templateOfNode(c.w, n);
  const params: { name: string; value: string }[] = [];
  for (const p of t?.outputs.parameters ?? []) {
    try {
      const value = outputValue(p, scope);
      if (value === undefined) return { error: `unable to resolve output parameter "${p.name}"` };
      params.push({ name: p.name, value });
    } catch (err) {
      if (p.valueFrom?.default !== undefined) params.push({ name: p.name, value: p.valueFrom.default });
      else if (err instanceof ExprError) return { error: `output parameter "${p.name}": ${err.message}` };
      else throw err;
    }
  }
  setOutputs(c, n, params.length > 0 ? { parameters: params } : undefined);
  return {};
}

function outputValue(p: Parameter, scope: Lookup): string | undefined {
  const from = p.valueFrom;
  if (from?.parameter !== undefined) return substitute(from.parameter, scope);
  if (from?.expression !== undefined) {
    const v = evaluate(from.expression, scope);
    return typeof v === "string" ? v : JSON.stringify(v);
  }
  return p.value ?? from?.default;
}

/** Records a node's outputs and publishes those with a `globalName` as workflow outputs. */
export function setOutputs(c: Ctx, n: NodeEntry, outputs: NodeOutputs | undefined): void {
  if (outputs === undefined) return;
  n.object.status.outputs = outputs;
  c.tick.state.touch(n);
  const t = templateOfNode(c.w, n);
  for (const p of t?.outputs.parameters ?? []) {
    if (p.globalName === undefined) continue;
    const value = outputs.parameters?.find((x) => x.name === p.name)?.value;
    if (value === undefined) continue;
    c.w.wf.globals[p.globalName] = value;
    c.tick.state.touch(c.w);
  }
}
