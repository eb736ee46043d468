import type { Invocation, NodePhase } from "../../model/index.js";
import type { NodeEntry, WorkflowEntry } from "../state.js";
import type { Tick } from "../tick.js";
import type { Lookup } from "./scope.js";

/** Where an invocation's node goes: its name, its parent and the parallelism it counts against. */
export interface Placement {
  name: string;
  displayName: string;
  parent?: NodeEntry;
  boundaryID?: string;
  slot?: string;
  loopOf?: string;
  key?: string;
  hookOf?: string;
}

/**
 * One workflow's part of a tick, and the two moves every template kind makes: run an invocation as
 * a child node, and fulfil a node (which tells its parent). The controller provides them, so the
 * modules of each template kind do not import each other.
 */
export interface Ctx {
  readonly tick: Tick;
  readonly w: WorkflowEntry;
  /** Runs an invocation whose arguments are resolved; returns its node (maybe already fulfilled). */
  invoke(inv: Invocation, at: Placement): NodeEntry;
  fulfill(n: NodeEntry, phase: NodePhase, message?: string): void;
  /** Starts a node created earlier (queued, or an attempt of a retry). */
  start(n: NodeEntry): void;
  /** Variables of the workflow, for `{{workflow.*}}`. */
  workflowVars: Lookup;
}
