export { reconcile } from "./reconcile.js";
export { EngineState, toStored, type Entry, type JobEntry, type PodEntry, type NodeEntry, type WorkflowEntry } from "./state.js";
export { resultOf, dependencyNames } from "./dependencies.js";
export { DEFAULT_BACKOFF_BASE_MS } from "./backoff.js";
export { isJobFinished, hasCondition } from "./job-conditions.js";
export { IntervalSet } from "./interval-set.js";
export { isWorkflowSuspended, waitingMessage } from "./workflow/index.js";
