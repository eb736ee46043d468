import { evaluate, ExprError, substitute } from "../../expr/index.js";
import type { RetryStrategy } from "../../model/index.js";
import { argoDurationMs } from "../../spec/index.js";
import type { NodeEntry } from "../state.js";
import type { Ctx } from "./context.js";
import { createNode, mayRunWhileStopping, nodeTypeOf, setRunning, templateOfNode } from "./nodes.js";
import { setOutputs } from "./outputs.js";
import { chain, inputsLookup, mapLookup } from "./scope.js";
import { retryStrategyOf } from "./templates.js";

/**
 * A template with a retryStrategy runs under a Retry node: attempts are its children, named
 * `name(0)`, `name(1)`…, each a fresh pod; the Retry node ends as its last attempt did.
 */
export function startRetry(c: Ctx, retry: NodeEntry): void {
  setRunning(c.tick, retry);
  retry.node.attempts = 0;
  startAttempt(c, retry);
}

export function startAttempt(c: Ctx, retry: NodeEntry): void {
  const s = retry.object.status;
  const i = retry.node.attempts!++;
  c.tick.state.touch(retry);
  const child = createNode(c.tick, c.w, {
    name: `${s.name}(${i})`,
    displayName: `${s.displayName}(${i})`,
    type: nodeTypeOf(templateOfNode(c.w, retry)!),
    template: retry.node.template!,
    parent: retry,
    ...(s.boundaryID !== undefined ? { boundaryID: s.boundaryID } : {}),
    inputs: s.inputs?.parameters ?? [],
  });
  c.start(child);
}

/** An attempt ended: the Retry node succeeds, tries again (maybe after a back-off), or gives up. */
export function retryAttemptDone(c: Ctx, retry: NodeEntry, attempt: NodeEntry): void {
  const phase = attempt.object.status.phase;
  const message = attempt.object.status.message;
  if (attempt.object.status.outputs) setOutputs(c, retry, attempt.object.status.outputs);
  if (phase === "Succeeded" || phase === "Skipped" || phase === "Omitted") return c.fulfill(retry, phase);
  // A shutdown ends the Retry node with its attempt (Argo fails it, "Stopped with strategy …").
  if (c.w.wf.stopping !== undefined && !mayRunWhileStopping(c, retry)) return c.fulfill(retry, phase, message);
  const t = templateOfNode(c.w, retry)!;
  const strategy = retryStrategyOf(c.w.object, t)!;
  let again: boolean;
  try {
    again = shouldRetry(c, retry, attempt, strategy);
  } catch (err) {
    if (!(err instanceof ExprError)) throw err;
    return c.fulfill(retry, "Error", err.message);
  }
  if (!again) return c.fulfill(retry, phase, message ?? "No more retries left");
  const delay = backoffMs(strategy, retry.node.attempts!, c.tick.at - Date.parse(retry.object.status.startedAt!));
  if (delay === undefined) return c.fulfill(retry, phase, `${message ?? "failed"}; retry back-off exceeds maxDuration`);
  if (delay <= 0) return startAttempt(c, retry);
  retry.object.status.message = `Backoff for ${delay / 1000} seconds`;
  c.tick.setTimer(retry, "retry", c.tick.at + delay);
}

function shouldRetry(c: Ctx, retry: NodeEntry, attempt: NodeEntry, strategy: RetryStrategy): boolean {
  const scope = chain(inputsLookup(retry.object.status), c.workflowVars);
  if (strategy.limit !== undefined) {
    const limit = Number(substitute(strategy.limit, scope));
    if (!Number.isInteger(limit)) throw new ExprError(`retryStrategy.limit is not an integer: ${strategy.limit}`);
    if (retry.node.attempts! > limit) return false;
  }
  const phase = attempt.object.status.phase;
  const policyAllows =
    strategy.retryPolicy === "Always" ||
    (strategy.retryPolicy === "OnFailure" && phase === "Failed") ||
    ((strategy.retryPolicy === "OnError" || strategy.retryPolicy === "OnTransientError") && phase === "Error");
  if (!policyAllows) return false;
  if (strategy.expression === undefined) return true;
  const started = Date.parse(attempt.object.status.startedAt ?? "") || c.tick.at;
  const last = mapLookup({
    "lastRetry.exitCode": attempt.object.status.outputs?.exitCode ?? "-1",
    "lastRetry.status": phase,
    "lastRetry.duration": String(Math.round((c.tick.at - started) / 1000)),
    "lastRetry.message": attempt.object.status.message ?? "",
  });
  return evaluate(strategy.expression, chain(last, scope)) === true;
}

/** Argo's back-off: duration × factor^(attempt − 1); undefined once maxDuration since the first attempt is passed. */
function backoffMs(strategy: RetryStrategy, attempts: number, elapsedMs: number): number | undefined {
  const b = strategy.backoff;
  if (b?.duration === undefined) return 0;
  const base = durationMs(b.duration);
  const delay = base * Math.pow(b.factor ?? 1, attempts - 1);
  if (b.maxDuration !== undefined && elapsedMs + delay > durationMs(b.maxDuration)) return undefined;
  return delay;
}

function durationMs(text: string): number {
  return argoDurationMs(text) ?? 0;
}

/** A retry's back-off timer fired. */
export function onRetryTimer(c: Ctx, retry: NodeEntry): void {
  if (retry.finished) return;
  delete retry.object.status.message;
  startAttempt(c, retry);
}
